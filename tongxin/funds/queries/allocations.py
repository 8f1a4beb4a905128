"""Branch allocations: computing the year's allocations from the rule, and listing them."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed
from tongxin.members import queries as members_queries
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode, subtree_q

from ..choices import AllocationMethod
from ..errors import FundsErrorCode
from ..models import AllocationRule, BranchAllocation
from ..permissions import FundsPermission

P = FundsPermission


@dataclass(frozen=True)
class AllocationRow:
    branch: OrgNode
    member_count: int
    amount_fen: int
    posted: BranchAllocation | None


def allocation_rule_list(*, actor: Actor) -> QuerySet[AllocationRule]:
    return access.scope(
        AllocationRule.objects.select_related("school"), actor, P.VIEW_LEDGER
    ).order_by("-fiscal_year")


def allocation_rule_get(
    *, actor: Actor, school: OrgNode, fiscal_year: int
) -> AllocationRule | None:
    """The school's rule for the year, if the actor may see it and it exists."""
    return allocation_rule_list(actor=actor).filter(school=school, fiscal_year=fiscal_year).first()


def live_allocations(rule: AllocationRule) -> dict[int, BranchAllocation]:
    """branch id → the allocation of this rule whose entry is not reversed."""
    rows = BranchAllocation.objects.filter(rule=rule, entry__reversal__isnull=True).select_related(
        "entry"
    )
    return {row.branch_id: row for row in rows}


def _shares(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` fen in proportion to ``weights`` exactly (largest remainder; ties go to
    the earlier branch in tree order)."""
    whole = sum(weights)
    if whole == 0:
        return [0] * len(weights)
    floors = [total * w // whole for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for index in remainders[: total - sum(floors)]:
        floors[index] += 1
    return floors


def allocation_compute(*, rule: AllocationRule) -> list[AllocationRow]:
    """Each live branch of the school with its member count on the counting date and the
    amount the rule gives it, and its posted allocation if any (three queries).

    ``per_member``: base + per member × members. ``pool``: base each, and the rest of the
    pool shared by member count, so the amounts add up to the pool exactly.
    """
    school = rule.school
    branches = list(
        OrgNode.objects.filter(
            subtree_q(school.path), kind=OrgNodeKind.BRANCH, is_archived=False
        ).order_by("path")
    )
    direct = members_queries.membership_counts_on(
        root_path=school.path, on=rule.counted_on, include_retained=rule.include_retained
    )
    paths = dict(OrgNode.objects.filter(pk__in=list(direct)).values_list("pk", "path"))
    counts = [
        sum(n for node_id, n in direct.items() if paths[node_id].startswith(branch.path))
        for branch in branches
    ]
    if rule.method == AllocationMethod.POOL:
        rest = rule.pool_fen - rule.base_fen * len(branches)
        if rest < 0:
            raise ValidationFailed(
                _("The total to share is less than the base amounts of all branches."),
                code=FundsErrorCode.INVALID_RULE,
                field="pool",
            )
        amounts = [rule.base_fen + share for share in _shares(rest, counts)]
    else:
        amounts = [rule.base_fen + rule.per_member_fen * count for count in counts]
    posted = live_allocations(rule) if rule.pk else {}
    return [
        AllocationRow(branch=b, member_count=c, amount_fen=a, posted=posted.get(b.pk))
        for b, c, a in zip(branches, counts, amounts, strict=True)
    ]


def branch_allocation_list(
    *, actor: Actor, fiscal_year: int | None = None
) -> QuerySet[BranchAllocation]:
    """Posted allocations the actor may see (a branch chair: their branch's)."""
    qs = access.scope(
        BranchAllocation.objects.select_related("branch", "rule", "entry", "entry__reversal"),
        actor,
        P.VIEW_LEDGER,
    )
    if fiscal_year:
        qs = qs.filter(rule__fiscal_year=fiscal_year)
    return qs.order_by("-rule__fiscal_year", "branch__path", "-pk")
