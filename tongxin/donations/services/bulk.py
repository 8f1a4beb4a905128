"""Bulk entry by a liaison: a dry run listing what each row would do, then an atomic apply.

The dry run (``donation_bulk_plan``) writes nothing. Applying (``donation_bulk_apply``) plans
again inside the transaction with the campaign locked, and writes only if no row has an
error: all rows become donations in one batch (one pass-through posting), or none do.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.approvals import conflicts
from tongxin.approvals.errors import ApprovalsErrorCode
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode, subtree_q

from ..choices import Channel
from ..errors import DonationsErrorCode
from ..models import Campaign, Donation, DonationBatch
from ..permissions import DonationsPermission
from ..spreadsheets import BulkRow
from .common import (
    branch_id_of,
    check_amount,
    check_channel,
    check_donation_date,
    check_donor,
    check_open,
    lock_campaign,
)
from .donations import post_batch

P = DonationsPermission
E = DonationsErrorCode
CREATE, ERROR = "create", "error"


@dataclass
class PlannedRow:
    number: int
    staff_number: str
    name: str
    amount_fen: int | None
    donated_on: dt.date | None
    channel: str
    is_anonymous: bool
    person: Person | None = None
    errors: list[dict[str, str]] = field(default_factory=list)

    @property
    def status(self) -> str:
        return ERROR if self.errors else CREATE

    def problem(self, error: DomainError) -> None:
        self.errors.append(
            {"field": error.field or "", "code": error.code, "message": error.message}
        )


@dataclass
class BulkPlan:
    rows: list[PlannedRow]

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def create_count(self) -> int:
        return sum(1 for row in self.rows if not row.errors)

    @property
    def total_fen(self) -> int:
        return sum(row.amount_fen or 0 for row in self.rows if not row.errors)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.error_count


def _check_branch(actor: Actor, node: OrgNode) -> None:
    access.require_at(actor, P.RECORD_DONATION, node)
    if node.kind != OrgNodeKind.BRANCH:
        raise ValidationFailed(
            _("Choose the branch whose donations these are."), code=E.NOT_A_BRANCH, field="node"
        )


def _plan(actor: Actor, campaign: Campaign, node: OrgNode, rows: Sequence[BulkRow]) -> BulkPlan:
    """Check every row; one query finds all the people named (within the branch), one the
    uploader's family (nobody enters their own or their family's gift, decision 0011)."""
    mine = conflicts.conflicted_person_ids(actor)
    numbers = {row.staff_number for row in rows if row.staff_number}
    people = {
        person.staff_number: person
        for person in Person.objects.select_related("node").filter(
            subtree_q(node.path, "node__path"),
            school_id=campaign.organiser_id,
            staff_number__in=numbers,
        )
    }
    planned = []
    for row in rows:
        plan = PlannedRow(
            number=row.number,
            staff_number=row.staff_number,
            name=row.name,
            amount_fen=row.amount_fen,
            donated_on=row.donated_on,
            channel=row.channel or Channel.CASH,
            is_anonymous=row.is_anonymous,
        )
        for problem in row.problems:
            plan.problem(problem)
        person = people.get(row.staff_number)
        if not row.staff_number:
            plan.problem(ValidationFailed(_("The staff number is missing."), field="staff_number"))
        elif person is None:
            plan.problem(
                ValidationFailed(
                    _("No staff member with the staff number %(number)s is in this branch.")
                    % {"number": row.staff_number},
                    code=E.UNKNOWN_PERSON,
                    field="staff_number",
                )
            )
        elif row.name and row.name != person.name:
            plan.problem(
                ValidationFailed(
                    _("Staff number %(number)s belongs to %(name)s, not %(written)s.")
                    % {"number": row.staff_number, "name": person.name, "written": row.name},
                    code=E.NAME_MISMATCH,
                    field="name",
                )
            )
        else:
            plan.person = person
            _collect(plan, check_donor, campaign, person)
            conflict = conflicts.conflict_with_person(actor, person.pk, mine)
            if conflict is not None:
                plan.problem(
                    DomainError(
                        conflict.message(),
                        code=ApprovalsErrorCode.CONFLICT_OF_INTEREST,
                        field="staff_number",
                    )
                )
        if row.amount_fen is None and not any(p.field == "amount" for p in row.problems):
            plan.problem(ValidationFailed(_("The amount is missing."), field="amount"))
        elif row.amount_fen is not None:
            _collect(plan, check_amount, row.amount_fen, field="amount")
        if row.donated_on is None and not any(p.field == "donated_on" for p in row.problems):
            plan.problem(ValidationFailed(_("The date is missing."), field="donated_on"))
        elif row.donated_on is not None:
            _collect(plan, check_donation_date, campaign, row.donated_on)
        _collect(plan, check_channel, plan.channel)
        planned.append(plan)
    return BulkPlan(rows=planned)


def _collect(plan: PlannedRow, check: Callable[..., object], *args: Any, **kwargs: Any) -> None:
    try:
        check(*args, **kwargs)
    except DomainError as error:
        plan.problem(error)


def donation_bulk_plan(
    *, actor: Actor, campaign: Campaign, node: OrgNode, rows: Sequence[BulkRow]
) -> BulkPlan:
    """The dry run: what each row would do (create) or why it cannot (error, with the row
    number and the reason). Rules as ``donation_record``, plus: each staff number names a person
    of ``node`` (a liaison enters only their own branch) and the name written matches them.
    Writes nothing."""
    _check_branch(actor, node)
    if not rows:
        raise ValidationFailed(_("There are no rows to enter."), code=E.IMPORT_EMPTY, field="file")
    check_open(campaign)
    return _plan(actor, campaign, node, rows)


def donation_bulk_apply(
    *, actor: Actor, campaign: Campaign, node: OrgNode, rows: Sequence[BulkRow]
) -> DonationBatch:
    """Enter all rows as confirmed donations in one batch, or nothing at all.

    Plans again under the campaign's lock; if any row has an error the whole upload is refused
    (``import_has_errors``, the rows' reasons in ``extra``) and nothing is written. Otherwise:
    donations with receipt numbers, one pass-through posting for the batch, participations and
    audit, in one transaction.
    """
    _check_branch(actor, node)
    if not rows:
        raise ValidationFailed(_("There are no rows to enter."), code=E.IMPORT_EMPTY, field="file")
    with transaction.atomic():
        locked = lock_campaign(campaign)
        check_open(locked)
        plan = _plan(actor, locked, node, rows)
        if plan.error_count:
            raise ValidationFailed(
                _(
                    "%(count)d row(s) have errors; correct the file and try again. Nothing was entered."
                )
                % {"count": plan.error_count},
                code=E.IMPORT_HAS_ERRORS,
                field="file",
                extra={
                    "rows": [
                        {"row": row.number, "errors": row.errors} for row in plan.rows if row.errors
                    ]
                },
            )
        donations = [
            Donation(
                campaign=locked,
                person=row.person,
                node_id=branch_id_of(row.person.node),  # type: ignore[union-attr]
                amount_fen=row.amount_fen,  # type: ignore[misc]
                donated_on=row.donated_on,
                channel=row.channel,
                is_anonymous=row.is_anonymous,
                entered_by_id=actor.user_id,
            )
            for row in plan.rows
        ]
        return post_batch(
            actor=actor, campaign=locked, donations=donations, node_id=node.pk, node_path=node.path
        )
