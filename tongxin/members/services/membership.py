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

from .. import events
from ..choices import (
    IN_UNION_STATUSES,
    EmploymentStatus,
    MembershipEventKind,
    MembershipStatus,
    PeriodStatus,
)
from ..errors import MembersErrorCode
from ..models import MembershipApplication, MembershipEvent, MembershipPeriod, Person
from ..permissions import MembersPermission
from .people import check_person_node

P = MembersPermission
JOIN_FLOW = "membership.join"


def lock_person(person: Person) -> Person:
    return Person.objects.select_for_update().select_related("node").get(pk=person.pk)


def _open_period(person: Person) -> MembershipPeriod | None:
    return MembershipPeriod.objects.filter(person=person, ended_on__isnull=True).first()


def _close_period(person: Person, on: dt.date) -> MembershipPeriod | None:
    period = _open_period(person)
    if period is None:
        return None
    if on < period.started_on:
        raise DomainError(
            _("The date is before the current membership period began (%(date)s).")
            % {"date": period.started_on.isoformat()},
            code=MembersErrorCode.DATE_BEFORE_LAST_EVENT,
            field="on",
        )
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
    MembershipEvent.objects.create(
        person=person, kind=kind, occurred_on=on, from_node=from_node, to_node=to_node, note=note
    )
    audit.record(
        actor=actor,
        event=audit_event,
        target=person,
        changes={**changes, "on": on, **({"note": note} if note else {})},
        node_path=person.node.path,
    )


def _require_status(person: Person, allowed: tuple[str, ...], message: str, code: str) -> None:
    if person.membership_status not in allowed:
        raise DomainError(message, code=code)


def join_locked(
    *, actor: Actor, person: Person, node: OrgNode, on: dt.date, note: str = ""
) -> Person:
    """Make a locked person a member of ``node`` from ``on`` (the approval date)."""
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
    last = MembershipPeriod.objects.filter(person=person).order_by("-started_on").first()
    if last is not None and last.ended_on is not None and on < last.ended_on:
        raise DomainError(
            _("The date is before the end of the previous membership."),
            code=MembersErrorCode.DATE_BEFORE_LAST_EVENT,
            field="on",
        )
    old_status, old_node = person.membership_status, person.node
    MembershipPeriod.objects.create(
        person=person, node=node, status=PeriodStatus.MEMBER, started_on=on
    )
    person.membership_status = MembershipStatus.MEMBER
    person.joined_on = on
    person.node = node
    person.save(update_fields=["membership_status", "joined_on", "node", "updated_at"])
    _event(
        actor,
        person,
        MembershipEventKind.JOINED,
        on,
        events.MEMBERSHIP_JOINED,
        {
            "membership_status": [old_status, person.membership_status],
            "node": [old_node.pk, node.pk],
        },
        to_node=node,
        note=note,
    )
    return person


def membership_join(
    *, actor: Actor, person: Person, on: dt.date, node: OrgNode | None = None, note: str = ""
) -> Person:
    """Record that a person joined (the office's direct entry, e.g. from paper forms)."""
    access.require(actor, P.MANAGE_MEMBERSHIP, person)
    if node is not None and node.pk != person.node_id:
        access.require_at(actor, P.MANAGE_MEMBERSHIP, node)
        check_person_node(node)
    with transaction.atomic(durable=True):
        person = lock_person(person)
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
            title=_("Membership application: %(name)s") % {"name": person.name},
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
                note=comment,
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


def membership_leave(*, actor: Actor, person: Person, on: dt.date, note: str = "") -> Person:
    """Record that a member left the union from ``on`` (in writing, or deemed after 6 months
    without dues or union life, Constitution of the Chinese Trade Unions, ch. 1)."""
    access.require(actor, P.MANAGE_MEMBERSHIP, person)
    with transaction.atomic(durable=True):
        person = lock_person(person)
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
    return person


def membership_record_death(*, actor: Actor, person: Person, on: dt.date, note: str = "") -> Person:
    """Record a person's death on ``on``; membership and employment end that day."""
    access.require(actor, P.MANAGE_MEMBERSHIP, person)
    with transaction.atomic(durable=True):
        person = lock_person(person)
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
    return person
