"""Tuition waivers for children of deceased staff: the union asks the school, and records the
school's decision (requested → submitted to the school → granted with the amount waived per
year, or refused with the school's note). Kept by the office (``care.manage_waiver``)."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, InvalidTransition, ValidationFailed
from tongxin.funds.services import fund_node_of
from tongxin.members.choices import EmploymentStatus, Relation
from tongxin.members.models import FamilyMember, Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events
from ..choices import WaiverStatus
from ..errors import CareErrorCode
from ..models import TuitionWaiver
from ..permissions import CarePermission
from .common import check_count, check_date, check_fen

P = CarePermission


def _lock(waiver: TuitionWaiver) -> TuitionWaiver:
    return (
        TuitionWaiver.objects.select_for_update(of=("self",))
        .select_related("node", "person", "child")
        .get(pk=waiver.pk)
    )


def tuition_waiver_request(
    *,
    actor: Actor,
    person: Person,
    child: FamilyMember,
    school_year: int,
    note: str = "",
    requested_on: dt.date | None = None,
) -> TuitionWaiver:
    """Open a waiver request for a deceased staff member's child, for one school year.

    The staff member must be recorded as deceased and the child one of their children; one
    request per child and school year.
    """
    access.require(actor, P.MANAGE_WAIVER, person)
    requested_on = check_date(requested_on or timezone.localdate(), field="requested_on")
    school_year = check_count(school_year, field="school_year", minimum=1990, maximum=2999)
    if person.employment_status != EmploymentStatus.DECEASED:
        raise ValidationFailed(
            _("Tuition waivers are for children of deceased staff; record the death first."),
            code=CareErrorCode.NOT_DECEASED,
            field="person",
        )
    if child is None or child.person_id != person.pk or child.relation != Relation.CHILD:
        raise ValidationFailed(
            _("Choose one of the staff member's children."),
            code=CareErrorCode.NOT_A_CHILD,
            field="child",
        )
    node = fund_node_of(person.node)
    with transaction.atomic(durable=True):
        try:
            with transaction.atomic():
                waiver = TuitionWaiver.objects.create(
                    school_id=person.school_id,
                    node=node,
                    person=person,
                    child=child,
                    school_year=school_year,
                    requested_on=requested_on,
                    note=note.strip(),
                    filed_by_id=actor.user_id,
                )
        except IntegrityError:
            raise DomainError(
                _("A waiver for this child and school year is already recorded."),
                code=CareErrorCode.WAIVER_EXISTS,
                field="school_year",
            ) from None
        audit.record(
            actor=actor,
            event=events.WAIVER_REQUESTED,
            target=waiver,
            changes={"child": child.pk, "school_year": school_year},
            node_path=node.path,
        )
    return waiver


def tuition_waiver_submit(
    *, actor: Actor, waiver: TuitionWaiver, on: dt.date | None = None
) -> TuitionWaiver:
    """Record that the request went to the school."""
    access.require(actor, P.MANAGE_WAIVER, waiver)
    on = check_date(on or timezone.localdate(), field="on")
    with transaction.atomic(durable=True):
        waiver = _lock(waiver)
        if waiver.status != WaiverStatus.REQUESTED:
            raise InvalidTransition(
                _("Only a new request can be submitted."), code=CareErrorCode.INVALID_TRANSITION
            )
        waiver.status = WaiverStatus.SUBMITTED
        waiver.submitted_on = on
        waiver.save(update_fields=["status", "submitted_on", "updated_at"])
        audit.record(
            actor=actor,
            event=events.WAIVER_SUBMITTED,
            target=waiver,
            changes={"status": [WaiverStatus.REQUESTED, WaiverStatus.SUBMITTED]},
            node_path=waiver.node.path,
        )
    return waiver


def tuition_waiver_decide(
    *,
    actor: Actor,
    waiver: TuitionWaiver,
    granted: bool,
    amount_waived_fen: int = 0,
    school_note: str = "",
    on: dt.date | None = None,
) -> TuitionWaiver:
    """Record the school's decision: granted (with the amount waived per year, more than
    zero) or refused (with the school's note)."""
    access.require(actor, P.MANAGE_WAIVER, waiver)
    on = check_date(on or timezone.localdate(), field="on")
    school_note = (school_note or "").strip()
    if granted:
        amount_waived_fen = check_fen(amount_waived_fen, field="amount_waived", positive=True)
    else:
        amount_waived_fen = 0
        if not school_note:
            raise ValidationFailed(
                _("Record the school's reason for refusing."),
                code=CareErrorCode.NOTE_REQUIRED,
                field="school_note",
            )
    with transaction.atomic(durable=True):
        waiver = _lock(waiver)
        if waiver.status != WaiverStatus.SUBMITTED:
            raise InvalidTransition(
                _("Only a request submitted to the school can be decided."),
                code=CareErrorCode.INVALID_TRANSITION,
            )
        status = WaiverStatus.GRANTED if granted else WaiverStatus.REFUSED
        waiver.status = status
        waiver.decided_on = on
        waiver.amount_waived_fen = amount_waived_fen
        waiver.school_note = school_note
        waiver.save(
            update_fields=["status", "decided_on", "amount_waived_fen", "school_note", "updated_at"]
        )
        audit.record(
            actor=actor,
            event=events.WAIVER_DECIDED,
            target=waiver,
            changes={
                "status": [WaiverStatus.SUBMITTED, status],
                "amount_waived_fen": amount_waived_fen,
            },
            node_path=waiver.node.path,
        )
    return waiver
