"""Membership as history: apply → join, transfer, retire (retained), leave, death.

Each change closes the open ``MembershipPeriod`` and/or opens the next one, writes a
``MembershipEvent`` and keeps ``Person.membership_status``, ``joined_on`` and ``node`` in step,
all in one transaction. The ``*_locked`` functions are building blocks for callers (the roster
import, the approval decision) that already hold the person's row lock.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.approvals import services as approvals
from tongxin.approvals.choices import ApprovalStatus
from tongxin.approvals.models import ApprovalRequest
from tongxin.core import audit
from tongxin.core.errors import DomainError, NotFound
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .. import events, hooks
from ..choices import (
    IN_UNION_STATUSES,
    EmploymentStatus,
    MembershipEventKind,
    MembershipStatus,
    PeriodStatus,
)
from ..errors import MembersErrorCode
from ..flows import JOIN_FLOW_CODE
from ..models import MembershipApplication, MembershipEvent, MembershipPeriod, Person
from ..permissions import MembersPermission
from .people import check_person_node

P = MembersPermission
JOIN_FLOW = JOIN_FLOW_CODE


def lock_person(person: Person) -> Person:
    return Person.objects.select_for_update().select_related("node").get(pk=person.pk)


def _open_period(person: Person) -> MembershipPeriod | None:
    return MembershipPeriod.objects.filter(person=person, ended_on__isnull=True).first()


def check_period_close(started_on: dt.date, on: dt.date) -> None:
    """A membership period cannot end before it began."""
    if on < started_on:
        raise DomainError(
            _("The date is before the current membership period began (%(date)s).")
            % {"date": started_on.isoformat()},
            code=MembersErrorCode.DATE_BEFORE_LAST_EVENT,
            field="on",
        )


def _close_period(person: Person, on: dt.date) -> MembershipPeriod | None:
    period = _open_period(person)
    if period is None:
        return None
    check_period_close(period.started_on, on)
    period.ended_on = on
    period.save(update_fields=["ended_on"])
    return period


def _event(
    actor: Actor,
    person: Person,
    kind: str,
    on: dt.date,
    audit_event: str,
    changes: dict,
    *,
    from_node: OrgNode | None = None,
    to_node: OrgNode | None = None,
    note: str = "",
) -> None:
    event, audit_changes = event_rows(
        person, kind, on, changes, from_node=from_node, to_node=to_node, note=note
    )
    event.save(force_insert=True)
    audit.record(
        actor=actor,
        event=audit_event,
        target=person,
        changes=audit_changes,
        node_path=person.node.path,
    )


def event_rows(
    person: Person,
    kind: str,
    on: dt.date,
    changes: dict,
    *,
    from_node: OrgNode | None = None,
    to_node: OrgNode | None = None,
    note: str = "",
) -> tuple[MembershipEvent, dict]:
    """The unsaved history event and the audit changes of one membership change."""
    event = MembershipEvent(
        person=person, kind=kind, occurred_on=on, from_node=from_node, to_node=to_node, note=note
    )
    return event, {**changes, "on": on, **({"note": note} if note else {})}


def _require_status(person: Person, allowed: tuple[str, ...], message: str, code: str) -> None:
    if person.membership_status not in allowed:
        raise DomainError(message, code=code)


def check_join(person: Person, *, on: dt.date, previous_end: dt.date | None) -> None:
    """The rules for joining: not in the union now, in service, and not before the end of the
    previous membership (``previous_end``, if the person was a member before)."""
    _require_status(
        person,
        (MembershipStatus.NONE, MembershipStatus.APPLICANT, MembershipStatus.LEFT),
        _("%(name)s is already a member.") % {"name": person.name},
        MembersErrorCode.ALREADY_MEMBER,
    )
    if person.employment_status != EmploymentStatus.ACTIVE:
        raise DomainError(
            _("Only staff in service can join the union."), code=MembersErrorCode.NOT_ELIGIBLE
        )
    if previous_end is not None and on < previous_end:
        raise DomainError(
            _("The date is before the end of the previous membership."),
            code=MembersErrorCode.DATE_BEFORE_LAST_EVENT,
            field="on",
        )


def join_rows(
    person: Person, *, node: OrgNode, on: dt.date, note: str = ""
) -> tuple[MembershipPeriod, MembershipEvent, dict]:
    """Set a person's fields for joining ``node`` on ``on``; return the unsaved period, event
    and audit changes. Call ``check_join`` first. Shared by ``join_locked`` and the roster
    import, which saves the rows of many people in bulk."""
    old_status, old_node_id = person.membership_status, person.node.pk
    period = MembershipPeriod(person=person, node=node, status=PeriodStatus.MEMBER, started_on=on)
    person.membership_status = MembershipStatus.MEMBER
    person.joined_on = on
    person.node = node
    event, changes = event_rows(
        person,
        MembershipEventKind.JOINED,
        on,
        {
            "membership_status": [old_status, person.membership_status],
            "node": [old_node_id, node.pk],
        },
        to_node=node,
        note=note,
    )
    return period, event, changes


def join_locked(
    *, actor: Actor, person: Person, node: OrgNode, on: dt.date, note: str = ""
) -> Person:
    """Make a locked person a member of ``node`` from ``on`` (the approval date)."""
    last = MembershipPeriod.objects.filter(person=person).order_by("-started_on").first()
    check_join(person, on=on, previous_end=last.ended_on if last is not None else None)
    period, event, changes = join_rows(person, node=node, on=on, note=note)
    period.save(force_insert=True)
    person.save(update_fields=["membership_status", "joined_on", "node", "updated_at"])
    event.save(force_insert=True)
    audit.record(
        actor=actor,
        event=events.MEMBERSHIP_JOINED,
        target=person,
        changes=changes,
        node_path=node.path,
    )
    return person


def membership_join(
    *, actor: Actor, person: Person, on: dt.date, node: OrgNode | None = None, note: str = ""
) -> Person:
    """Record that a person joined (the office's direct entry, e.g. from paper forms).

    Refused while the person has an application under way: that is decided on its own page.
    """
    access.require(actor, P.MANAGE_MEMBERSHIP, person)
    if node is not None and node.pk != person.node_id:
        access.require_at(actor, P.MANAGE_MEMBERSHIP, node)
        check_person_node(node)
    with transaction.atomic(durable=True):
        person = lock_person(person)
        if person.membership_status == MembershipStatus.APPLICANT:
            raise DomainError(
                _("%(name)s has an application under way; decide it instead.")
                % {"name": person.name},
                code=MembersErrorCode.ALREADY_APPLIED,
            )
        return join_locked(actor=actor, person=person, node=node or person.node, on=on, note=note)


def membership_apply(*, actor: Actor, person: Person, statement: str = "") -> MembershipApplication:
    """File a person's application to join; it goes to the branch, then the school office."""
    access.require(actor, P.APPLY_MEMBERSHIP, person)
    with transaction.atomic(durable=True):
        person = lock_person(person)
        _require_status(
            person,
            (MembershipStatus.NONE, MembershipStatus.LEFT),
            _("%(name)s is already a member or has applied.") % {"name": person.name},
            MembersErrorCode.ALREADY_APPLIED,
        )
        if person.employment_status != EmploymentStatus.ACTIVE:
            raise DomainError(
                _("Only staff in service can join the union."), code=MembersErrorCode.NOT_ELIGIBLE
            )
        today = timezone.localdate()
        application = MembershipApplication.objects.create(
            person=person, node=person.node, applied_on=today, statement=statement.strip()
        )
        approvals.approval_open(
            actor=actor,
            flow_code=JOIN_FLOW,
            subject=application,
            node=person.node,
            # Language-neutral: pages show the (translated) flow name beside it.
            title=f"{person.name} ({person.staff_number})",
            person_id=person.pk,
        )
        old_status = person.membership_status
        person.membership_status = MembershipStatus.APPLICANT
        person.save(update_fields=["membership_status", "updated_at"])
        _event(
            actor,
            person,
            MembershipEventKind.APPLIED,
            today,
            events.MEMBERSHIP_APPLIED,
            {"membership_status": [old_status, person.membership_status]},
            to_node=person.node,
        )
    return application


def membership_application_decide(
    *,
    actor: Actor,
    application: MembershipApplication,
    outcome: str,
    comment: str = "",
    expected_position: int | None = None,
) -> ApprovalRequest:
    """Decide the current step of a membership application.

    On final approval the person joins from today (membership counts from the approval date);
    on rejection they return to their previous status.
    """
    with transaction.atomic(durable=True):
        request = ApprovalRequest.objects.filter(
            subject_type=MembershipApplication._meta.label_lower,
            subject_id=str(application.pk),
            status=ApprovalStatus.PENDING,
        ).first()
        if request is None:
            raise NotFound()
        request = approvals.approval_decide(
            actor=actor,
            request=request,
            outcome=outcome,
            comment=comment,
            expected_position=expected_position,
        )
        person = lock_person(application.person)
        if request.status == ApprovalStatus.APPROVED:
            join_locked(actor=actor, person=person, node=application.node, on=timezone.localdate())
        elif request.status == ApprovalStatus.REJECTED:
            previous = (
                MembershipStatus.LEFT
                if MembershipPeriod.objects.filter(person=person).exists()
                else MembershipStatus.NONE
            )
            person.membership_status = previous
            person.save(update_fields=["membership_status", "updated_at"])
            _event(
                actor,
                person,
                MembershipEventKind.REJECTED,
                timezone.localdate(),
                events.MEMBERSHIP_REJECTED,
                {"membership_status": [MembershipStatus.APPLICANT, previous]},
                # The decision keeps the whole comment; the event column holds 200 characters.
                note=comment[:200],
            )
    return request


def transfer_locked(
    *, actor: Actor, person: Person, to_node: OrgNode, on: dt.date, note: str = ""
) -> Person:
    """Move a locked person to ``to_node``; for members, close and reopen the period."""
    if person.node_id == to_node.pk:
        raise DomainError(
            _("%(name)s is already in %(node)s.") % {"name": person.name, "node": to_node.name},
            code=MembersErrorCode.SAME_NODE,
            field="to_node",
        )
    if to_node.school_id != person.school_id:
        raise DomainError(
            _("People can only be transferred within their school."),
            code=MembersErrorCode.NODE_NOT_IN_SCHOOL,
            field="to_node",
        )
    from_node = person.node
    if person.membership_status in IN_UNION_STATUSES:
        period = _close_period(person, on)
        MembershipPeriod.objects.create(
            person=person,
            node=to_node,
            status=period.status if period else PeriodStatus.MEMBER,
            started_on=on,
        )
    person.node = to_node
    person.save(update_fields=["node", "updated_at"])
    _event(
        actor,
        person,
        MembershipEventKind.TRANSFERRED,
        on,
        events.MEMBERSHIP_TRANSFERRED,
        {"node": [from_node.pk, to_node.pk]},
        from_node=from_node,
        to_node=to_node,
        note=note,
    )
    return person


def membership_transfer(
    *, actor: Actor, person: Person, to_node: OrgNode, on: dt.date, note: str = ""
) -> Person:
    """Transfer a person to another branch or group of the same school from ``on``.

    Needs ``manage_membership`` on both the person's current node and the destination.
    """
    access.require(actor, P.MANAGE_MEMBERSHIP, person)
    access.require_at(actor, P.MANAGE_MEMBERSHIP, to_node)
    check_person_node(to_node, field="to_node")
    with transaction.atomic(durable=True):
        person = lock_person(person)
        return transfer_locked(actor=actor, person=person, to_node=to_node, on=on, note=note)


def retire_locked(*, actor: Actor, person: Person, on: dt.date, note: str = "") -> Person:
    """Retire a locked person; a member's membership is retained (no dues, no vote)."""
    if person.employment_status != EmploymentStatus.ACTIVE:
        raise DomainError(
            _("Only staff in service can retire."), code=MembersErrorCode.NOT_ELIGIBLE
        )
    old_status = person.membership_status
    if person.membership_status == MembershipStatus.MEMBER:
        _close_period(person, on)
        MembershipPeriod.objects.create(
            person=person, node=person.node, status=PeriodStatus.RETAINED, started_on=on
        )
        person.membership_status = MembershipStatus.RETAINED
    person.employment_status = EmploymentStatus.RETIRED
    person.save(update_fields=["membership_status", "employment_status", "updated_at"])
    _event(
        actor,
        person,
        MembershipEventKind.RETIRED,
        on,
        events.MEMBERSHIP_RETIRED,
        {
            "membership_status": [old_status, person.membership_status],
            "employment_status": [EmploymentStatus.ACTIVE, EmploymentStatus.RETIRED],
        },
        note=note,
    )
    return person


def membership_retire(*, actor: Actor, person: Person, on: dt.date, note: str = "") -> Person:
    """Record a retirement from ``on``."""
    access.require(actor, P.MANAGE_MEMBERSHIP, person)
    with transaction.atomic(durable=True):
        return retire_locked(actor=actor, person=lock_person(person), on=on, note=note)


def leave_locked(*, actor: Actor, person: Person, on: dt.date, note: str = "") -> Person:
    """End a locked member's membership on ``on``; ``members.hooks`` listeners close the
    person's account."""
    _require_status(
        person,
        IN_UNION_STATUSES,
        _("%(name)s is not a member.") % {"name": person.name},
        MembersErrorCode.NOT_A_MEMBER,
    )
    old_status = person.membership_status
    _close_period(person, on)
    person.membership_status = MembershipStatus.LEFT
    person.save(update_fields=["membership_status", "updated_at"])
    _event(
        actor,
        person,
        MembershipEventKind.LEFT,
        on,
        events.MEMBERSHIP_LEFT,
        {"membership_status": [old_status, MembershipStatus.LEFT]},
        from_node=person.node,
        note=note,
    )
    hooks.departed(actor=actor, people=[person])
    return person


def membership_leave(*, actor: Actor, person: Person, on: dt.date, note: str = "") -> Person:
    """Record that a member left the union from ``on`` (in writing, or deemed after 6 months
    without dues or union life, Constitution of the Chinese Trade Unions, ch. 1)."""
    access.require(actor, P.MANAGE_MEMBERSHIP, person)
    with transaction.atomic(durable=True):
        return leave_locked(actor=actor, person=lock_person(person), on=on, note=note)


def death_locked(*, actor: Actor, person: Person, on: dt.date, note: str = "") -> Person:
    """Record a locked person's death on ``on``; membership and employment end that day, and
    ``members.hooks`` listeners close the person's account."""
    if person.employment_status == EmploymentStatus.DECEASED:
        raise DomainError(
            _("%(name)s is already recorded as deceased.") % {"name": person.name},
            code=MembersErrorCode.NOT_ELIGIBLE,
        )
    old = (person.membership_status, person.employment_status)
    _close_period(person, on)
    if person.membership_status in IN_UNION_STATUSES:
        person.membership_status = MembershipStatus.DECEASED
    person.employment_status = EmploymentStatus.DECEASED
    person.save(update_fields=["membership_status", "employment_status", "updated_at"])
    _event(
        actor,
        person,
        MembershipEventKind.DIED,
        on,
        events.MEMBERSHIP_DIED,
        {
            "membership_status": [old[0], person.membership_status],
            "employment_status": [old[1], person.employment_status],
        },
        note=note,
    )
    hooks.departed(actor=actor, people=[person])
    return person


def membership_record_death(*, actor: Actor, person: Person, on: dt.date, note: str = "") -> Person:
    """Record a person's death on ``on``; membership and employment end that day."""
    access.require(actor, P.MANAGE_MEMBERSHIP, person)
    with transaction.atomic(durable=True):
        return death_locked(actor=actor, person=lock_person(person), on=on, note=note)
