"""Branch allocations: the yearly rule and posting the allocations it computes."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import Conflict, DomainError, ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode

from .. import events
from ..choices import AllocationMethod, SourceType
from ..errors import FundsErrorCode
from ..models import AllocationRule, BranchAllocation
from ..permissions import FundsPermission
from ..queries.allocations import allocation_compute, live_allocations
from .budgets import check_year
from .checks import check_date, check_fen
from .ledger import SourceRef
from .postings import ledger_post_transfer

P = FundsPermission
RULE_FIELDS = (
    "method",
    "per_member_fen",
    "base_fen",
    "pool_fen",
    "counted_on",
    "include_retained",
    "note",
)


def allocation_rule_set(
    *,
    actor: Actor,
    school: OrgNode,
    fiscal_year: int,
    method: str,
    per_member_fen: int = 0,
    base_fen: int = 0,
    pool_fen: int = 0,
    counted_on: dt.date,
    include_retained: bool = False,
    note: str = "",
) -> AllocationRule:
    """Set how the year's branch allocations are computed (create or change the rule).

    Needs ``funds.manage_allocation`` on the school. Refuses a change once any allocation of
    the year is posted (reverse those entries first), a pool method without a pool, and a
    per-member method that gives nothing.
    """
    access.require_at(actor, P.MANAGE_ALLOCATION, school)
    fiscal_year = check_year(fiscal_year)
    counted_on = check_date(counted_on, field="counted_on")
    values = {
        "method": method,
        "per_member_fen": check_fen(per_member_fen, "per_member"),
        "base_fen": check_fen(base_fen, "base"),
        "pool_fen": check_fen(pool_fen, "pool"),
        "counted_on": counted_on,
        "include_retained": bool(include_retained),
        "note": " ".join(note.split())[:200],
    }
    if school.kind != OrgNodeKind.SCHOOL_UNION:
        raise ValidationFailed(_("Allocation rules belong to a school union."), field="school")
    if method not in AllocationMethod.values:
        raise ValidationFailed(
            _("Choose how allocations are computed."),
            code=FundsErrorCode.INVALID_RULE,
            field="method",
        )
    if method == AllocationMethod.POOL and values["pool_fen"] == 0:
        raise ValidationFailed(
            _("Give the total to share."), code=FundsErrorCode.INVALID_RULE, field="pool"
        )
    if (
        method == AllocationMethod.PER_MEMBER
        and values["per_member_fen"] == 0
        and values["base_fen"] == 0
    ):
        raise ValidationFailed(
            _("Give an amount per member, a base amount or both."),
            code=FundsErrorCode.INVALID_RULE,
            field="per_member",
        )
    with transaction.atomic(durable=True):
        rule = (
            AllocationRule.objects.select_for_update()
            .filter(school=school, fiscal_year=fiscal_year)
            .first()
        )
        before = audit.snapshot(rule, RULE_FIELDS) if rule else {}
        if rule is not None and live_allocations(rule):
            raise DomainError(
                _(
                    "Allocations of %(year)s are already posted; reverse them before changing the rule."
                )
                % {"year": fiscal_year},
                code=FundsErrorCode.ALLOCATION_POSTED,
            )
        if rule is None:
            rule = AllocationRule(school=school, fiscal_year=fiscal_year)
        for name, value in values.items():
            setattr(rule, name, value)
        if rule.method == AllocationMethod.POOL:
            allocation_compute(rule=rule)  # refuses a pool smaller than the base amounts
        try:
            with transaction.atomic():
                rule.save()
        except IntegrityError:
            raise Conflict(_("The rule was changed meanwhile; reload the page.")) from None
        audit.record(
            actor=actor,
            event=events.ALLOCATION_RULE_SET,
            target=rule,
            changes=audit.diff(before, audit.snapshot(rule, RULE_FIELDS)),
            node_path=school.path,
        )
    return rule


def allocation_post(
    *, actor: Actor, rule: AllocationRule, entry_on: dt.date, budget_override_reason: str = ""
) -> list[BranchAllocation]:
    """Post the year's allocations: one transfer from the school's fund to each branch fund.

    Needs ``funds.post_allocation`` on the school. Branches already holding a live allocation
    of the year are skipped, so posting twice never pays twice; with nothing left to post it
    refuses. All branches are posted in one transaction: if the school's budget line for
    allocations cannot cover them all, none is posted.
    """
    access.require(actor, P.POST_ALLOCATION, rule)
    entry_on = check_date(entry_on)
    if entry_on.year != rule.fiscal_year:
        raise ValidationFailed(
            _("Post the allocations of %(year)s with a date in %(year)s.")
            % {"year": rule.fiscal_year},
            code=FundsErrorCode.INVALID_DATE,
            field="entry_on",
        )
    with transaction.atomic(durable=True):
        rule = (
            AllocationRule.objects.select_for_update(of=("self",))
            .select_related("school")
            .get(pk=rule.pk)
        )
        rows = [
            row
            for row in allocation_compute(rule=rule)
            if row.posted is None and row.amount_fen > 0
        ]
        if not rows:
            raise DomainError(
                _("Every branch's allocation for %(year)s is already posted.")
                % {"year": rule.fiscal_year},
                code=FundsErrorCode.NOTHING_TO_RECORD,
            )
        created = []
        for row in rows:
            entry = ledger_post_transfer(
                actor=actor,
                from_node=rule.school,
                to_node=row.branch,
                amount_fen=row.amount_fen,
                entry_on=entry_on,
                memo=_("Allocation %(year)s to %(branch)s (%(count)s members)")
                % {"year": rule.fiscal_year, "branch": row.branch.name, "count": row.member_count},
                source=SourceRef(
                    SourceType.ALLOCATION,
                    f"{rule.pk}:{row.branch.pk}",
                    _("Branch allocation %(year)s") % {"year": rule.fiscal_year},
                ),
                budget_override_reason=budget_override_reason,
            )
            created.append(
                BranchAllocation.objects.create(
                    rule=rule,
                    branch=row.branch,
                    member_count=row.member_count,
                    amount_fen=row.amount_fen,
                    entry=entry,
                )
            )
        audit.record(
            actor=actor,
            event=events.ALLOCATION_POSTED,
            target=rule,
            changes={
                "branches": len(created),
                "total_fen": sum(a.amount_fen for a in created),
                "entries": [a.entry_id for a in created],
            },
            node_path=rule.school.path,
        )
    return created
