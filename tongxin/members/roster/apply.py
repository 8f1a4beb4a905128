"""Carrying out a plan inside the caller's transaction, with the same rules as one-by-one edits.

New people and their joining are written in bulk (one insert per table, not one per person);
field changes are bulk updates grouped by the fields that change. Transfers, retirements,
deaths and leaving go through the membership building blocks one person at a time: they are
few, and each writes its history event. Every write is audited as the single-person services
audit it.
"""

from collections import defaultdict
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import Conflict, DomainError
from tongxin.orgs.actor import Actor

from .. import events, hooks
from ..choices import EmploymentStatus
from ..errors import MembersErrorCode
from ..models import MembershipEvent, MembershipPeriod, Person
from ..services.membership import (
    death_locked,
    join_locked,
    join_rows,
    leave_locked,
    retire_locked,
    transfer_locked,
)
from ..services.people import snapshot_person
from .plan import CREATE, DEATH, JOIN, LEAVE, RETIRE, TRANSFER, UPDATE, Plan, RowPlan, Step

BATCH = 500
# Fields set alongside a changed field by ``apply_person_fields``.
DERIVED_FIELDS = {
    "name": ("name_pinyin", "name_initials"),
    "id_number": ("id_number_hash", "id_number_masked"),
}


def apply_plan(plan: Plan, *, actor: Actor, note: str) -> dict[str, int]:
    """Write the plan's *create* and *update* rows; rows with errors are left out.

    Precondition: inside a transaction that holds the people rows locked and in which the
    plan was made. Returns the counts written.
    """
    creates = [row for row in plan.rows if row.status == CREATE]
    updates = [row for row in plan.rows if row.status == UPDATE]
    joined = _create_people(creates, actor=actor, note=note)
    _update_people([row for row in updates if row.delta], actor=actor)
    for row in updates:
        for step in row.steps:
            _run_step(row, step, actor=actor, note=note)
    return {"created": len(creates), "updated": len(updates), "joined_new": joined}


def _create_people(rows: list[RowPlan], *, actor: Actor, note: str) -> int:
    people: list[Person] = []
    snapshots = []
    joins = []
    for row in rows:
        person = row.target
        assert person is not None  # noqa: S101 - a create row always has its new person
        snapshots.append(snapshot_person(person))
        for step in row.steps:
            if step.kind == JOIN and step.node is not None:
                joins.append((person, *join_rows(person, node=step.node, on=step.on, note=note)))
        people.append(person)
    try:
        with transaction.atomic():
            Person.objects.bulk_create(people, batch_size=BATCH)
    except IntegrityError:
        # Someone added one of these staff or ID numbers since the rows were locked.
        raise Conflict(
            _("Another user added one of these staff or ID numbers meanwhile; preview again."),
            code=MembersErrorCode.DUPLICATE_STAFF_NUMBER,
            field="staff_number",
        ) from None
    audit.record_many(
        actor=actor,
        event=events.PERSON_CREATED,
        items=[(p, snap, p.node.path) for p, snap in zip(people, snapshots, strict=True)],
    )
    MembershipPeriod.objects.bulk_create([period for _p, period, _e, _c in joins], batch_size=BATCH)
    MembershipEvent.objects.bulk_create([event for _p, _pe, event, _c in joins], batch_size=BATCH)
    audit.record_many(
        actor=actor,
        event=events.MEMBERSHIP_JOINED,
        items=[(person, changes, person.node.path) for person, _pe, _e, changes in joins],
    )
    return len(joins)


def update_fields_for(delta: dict) -> tuple[str, ...]:
    names = set(delta)
    for name in delta:
        names.update(DERIVED_FIELDS.get(name, ()))
    return (*sorted(names), "updated_at")


def _update_people(rows: list[RowPlan], *, actor: Actor) -> None:
    groups: dict[tuple[str, ...], list[Person]] = defaultdict(list)
    now = timezone.now()
    for row in rows:
        assert row.target is not None  # noqa: S101 - an update row always has its target
        row.target.updated_at = now
        groups[update_fields_for(row.delta)].append(row.target)
    try:
        with transaction.atomic():
            for fields, people in groups.items():
                Person.objects.bulk_update(people, fields, batch_size=BATCH)
    except IntegrityError:
        raise Conflict(
            _("Another user changed one of these ID numbers meanwhile; preview again."),
            code=MembersErrorCode.DUPLICATE_ID_NUMBER,
            field="id_number",
        ) from None
    audit.record_many(
        actor=actor,
        event=events.PERSON_UPDATED,
        items=[(row.target, row.delta, row.target.node.path) for row in rows if row.target],
    )
    targets = [(row.target, row.delta) for row in rows if row.target is not None]
    hooks.phone_changed(actor=actor, people=[p for p, delta in targets if "phone" in delta])
    left = EmploymentStatus.LEFT
    hooks.departed(
        actor=actor,
        people=[
            p
            for p, delta in targets
            if "employment_status" in delta and p.employment_status == left
        ],
    )


_STEPS: dict[str, Callable[..., Person]] = {
    RETIRE: retire_locked,
    DEATH: death_locked,
    LEAVE: leave_locked,
}


def _run_step(row: RowPlan, step: Step, *, actor: Actor, note: str) -> None:
    person = row.target
    assert person is not None  # noqa: S101 - an update row always has its target
    try:
        if step.kind == JOIN and step.node is not None:
            join_locked(actor=actor, person=person, node=step.node, on=step.on, note=note)
        elif step.kind == TRANSFER and step.node is not None:
            transfer_locked(actor=actor, person=person, to_node=step.node, on=step.on, note=note)
        else:
            _STEPS[step.kind](actor=actor, person=person, on=step.on, note=note)
    except DomainError as error:
        raise DomainError(
            _("Row %(row)d: %(message)s") % {"row": row.number, "message": error.message},
            code=error.code,
            field=error.field,
        ) from error
