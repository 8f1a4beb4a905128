"""School-place help: a staff member asks the union to help their child get a kindergarten
or school place; the office lists the applications for the town's education bureau, forwards
them and records the outcome.

The person-time is the parent's (participation of kind ``service``, the application as the
occasion), recorded when the office forwards the application: that is the union's help given,
whatever the bureau decides.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.members.choices import Relation, SchoolStage
from tongxin.members.models import FamilyMember, Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.participation.choices import ParticipationKind
from tongxin.participation.services import participation_record

from .. import events
from ..choices import NEXT_STAGE, PLACEMENT_STAGES, PLACEMENT_TRANSITIONS, PlacementStatus
from ..errors import StaffServicesErrorCode as E
from ..models import SchoolPlaceApplication
from ..permissions import StaffServicesPermission as P
from .common import check_on_staff, check_transition, clean_text, step_day


def school_year_for(day: dt.date) -> int:
    """The autumn a child would start: applications up to August are for this September."""
    return day.year if day.month < 9 else day.year + 1


def check_child(person: Person, child: FamilyMember, stage: str) -> None:
    """The child is ``person``'s child (family records), in a school stage the bureau places,
    and the stage applied for is the recorded one (changing school) or the next one."""
    if child.person_id != person.pk or child.relation != Relation.CHILD:
        raise DomainError(
            _("%(child)s is not recorded as a child of %(name)s.")
            % {"child": child.name, "name": person.name},
            code=E.NOT_YOUR_CHILD,
            field="child",
        )
    if child.school_stage not in PLACEMENT_STAGES:
        raise DomainError(
            _("%(child)s's family record has no school stage the education bureau places.")
            % {"child": child.name},
            code=E.NOT_IN_SCHOOL_STAGE,
            field="child",
        )
    allowed = {child.school_stage, NEXT_STAGE.get(child.school_stage, child.school_stage)}
    if stage not in allowed:
        raise ValidationFailed(
            _("Choose %(stages)s for this child.")
            % {"stages": " / ".join(str(SchoolStage(s).label) for s in sorted(allowed))},
            code=E.STAGE_NOT_ALLOWED,
            field="stage",
        )


def _lock(application: SchoolPlaceApplication) -> SchoolPlaceApplication:
    return (
        SchoolPlaceApplication.objects.select_for_update(of=("self",))
        .select_related("node", "person", "child")
        .get(pk=application.pk)
    )


def school_place_apply(
    *,
    actor: Actor,
    person: Person,
    child: FamilyMember,
    stage: str,
    wished_school: str,
    note: str = "",
    submitted_on: dt.date | None = None,
) -> SchoolPlaceApplication:
    """Apply for help with a place for ``person``'s ``child``.

    Rules: the member for their own child, their branch's liaison or chair, or the office;
    the parent is on the staff; ``check_child``; one application per child per school year
    (the child's row is locked, so a double click files once). Audited.
    """
    access.require(actor, P.APPLY_SCHOOL_PLACE, person)
    wished_school = clean_text(wished_school, field="wished_school", max_length=120)
    note = clean_text(note, field="note", max_length=1000, required=False)
    if stage not in PLACEMENT_STAGES:
        raise ValidationFailed(
            _("Choose a stage the education bureau places."),
            code=E.STAGE_NOT_ALLOWED,
            field="stage",
        )
    day = step_day(submitted_on, field="submitted_on")
    year = school_year_for(day)
    with transaction.atomic(durable=True):
        person = Person.objects.select_related("node").get(pk=person.pk)
        child = FamilyMember.objects.select_for_update(of=("self",)).get(pk=child.pk)
        check_on_staff(person)
        check_child(person, child, stage)
        exists = DomainError(
            _("%(child)s already has an application for %(year)d.")
            % {"child": child.name, "year": year},
            code=E.APPLICATION_EXISTS,
            field="child",
        )
        if SchoolPlaceApplication.objects.filter(child=child, year=year).exists():
            raise exists
        try:
            with transaction.atomic():
                application = SchoolPlaceApplication.objects.create(
                    person=person,
                    child=child,
                    node=person.node,
                    year=year,
                    stage=stage,
                    wished_school=wished_school,
                    note=note,
                    submitted_on=day,
                    submitted_by_id=actor.user_id,
                )
        except IntegrityError:
            raise exists from None
        audit.record(
            actor=actor,
            event=events.PLACE_APPLIED,
            target=application,
            changes={"person": person.pk, "child": child.pk, "year": year, "stage": stage},
            node_path=person.node.path,
        )
    return application


def school_place_forward(
    *, actor: Actor, application: SchoolPlaceApplication, on: dt.date | None = None
) -> SchoolPlaceApplication:
    """Mark an application as forwarded to the education bureau (the office). Records the
    parent's ``service`` participation. Audited."""
    access.require(actor, P.MANAGE_SCHOOL_PLACE, application)
    with transaction.atomic(durable=True):
        application = _lock(application)
        check_transition(
            application.status, PlacementStatus.FORWARDED, PLACEMENT_TRANSITIONS, PlacementStatus
        )
        application.forwarded_on = step_day(on, not_before=application.submitted_on)
        application.status = PlacementStatus.FORWARDED
        application.save(update_fields=["status", "forwarded_on", "updated_at"])
        participation_record(
            person=application.person,
            kind=ParticipationKind.SERVICE,
            occasion=application,
            occurred_on=application.forwarded_on,
        )
        audit.record(
            actor=actor,
            event=events.PLACE_FORWARDED,
            target=application,
            changes={"forwarded_on": application.forwarded_on.isoformat()},
            node_path=application.node.path,
        )
    return application


def school_place_decide(
    *,
    actor: Actor,
    application: SchoolPlaceApplication,
    outcome: str,
    outcome_school: str = "",
    note: str = "",
    on: dt.date | None = None,
) -> SchoolPlaceApplication:
    """Record the bureau's answer to a forwarded application: ``placed`` (the school is
    required) or ``not_placed`` (a note says why, when known). The office only. Audited."""
    access.require(actor, P.MANAGE_SCHOOL_PLACE, application)
    if outcome not in (PlacementStatus.PLACED, PlacementStatus.NOT_PLACED):
        raise ValidationFailed(_("Choose placed or not placed."), field="outcome")
    school = clean_text(outcome_school, field="outcome_school", max_length=120, required=False)
    if outcome == PlacementStatus.PLACED and not school:
        raise ValidationFailed(
            _("Enter the school the child was placed in."),
            code=E.OUTCOME_SCHOOL_REQUIRED,
            field="outcome_school",
        )
    note = clean_text(note, field="note", max_length=1000, required=False)
    with transaction.atomic(durable=True):
        application = _lock(application)
        check_transition(application.status, outcome, PLACEMENT_TRANSITIONS, PlacementStatus)
        application.decided_on = step_day(on, not_before=application.forwarded_on)
        application.status = outcome
        application.outcome_school = school if outcome == PlacementStatus.PLACED else ""
        if note:
            application.note = note
        application.save(
            update_fields=["status", "decided_on", "outcome_school", "note", "updated_at"]
        )
        audit.record(
            actor=actor,
            event=events.PLACE_PLACED
            if outcome == PlacementStatus.PLACED
            else events.PLACE_NOT_PLACED,
            target=application,
            changes={"decided_on": application.decided_on.isoformat(), "school": school},
            node_path=application.node.path,
        )
    return application
