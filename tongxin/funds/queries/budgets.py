"""Reads of budgets: the list, one version with its lines, what is left of a line."""

from django.db.models import Prefetch, QuerySet

from tongxin.approvals.models import ApprovalRequest
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from ..choices import BudgetStatus
from ..models import Budget, BudgetLine, BudgetVersion
from ..permissions import FundsPermission
from ..services.budget_control import covering_line, in_force_versions, spent_fen

P = FundsPermission


def budget_list(*, actor: Actor, fiscal_year: int | None = None) -> QuerySet[Budget]:
    """Budgets the actor may see, with their versions (two queries in all)."""
    qs = access.scope(Budget.objects.select_related("node"), actor, P.VIEW_BUDGET)
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    versions = BudgetVersion.objects.order_by("-number")
    return qs.prefetch_related(Prefetch("versions", queryset=versions)).order_by(
        "-fiscal_year", "node__path"
    )


def budget_version_get(*, actor: Actor, pk: int | str) -> BudgetVersion:
    """One version with its budget, node and lines; ``NotFound`` if missing or out of scope."""
    lines = BudgetLine.objects.select_related("category").order_by("category__sort_order")
    qs = BudgetVersion.objects.select_related("budget__node").prefetch_related(
        Prefetch("lines", queryset=lines)
    )
    return access.get_scoped(qs, actor, P.VIEW_BUDGET, pk=pk)


def budget_in_force_number(version: BudgetVersion) -> int | None:
    """The number of the version in force for the same budget, if any is approved."""
    return (
        BudgetVersion.objects.filter(budget_id=version.budget_id, status=BudgetStatus.APPROVED)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )


def budget_approval(version: BudgetVersion) -> ApprovalRequest | None:
    """The latest approval request about this version (the caller has checked visibility)."""
    return (
        ApprovalRequest.objects.filter(
            subject_type=version._meta.label_lower, subject_id=str(version.pk)
        )
        .select_related("flow", "node")
        .order_by("-created_at", "-id")
        .first()
    )


def budget_remaining_fen(*, node: OrgNode, category_key: str, fiscal_year: int) -> int | None:
    """What is left of the in-force budget line covering ``category_key`` for ``node``.

    ``None`` when no approved line covers it (a spend would then be refused). For showing
    "budget left" beside a form; the binding check happens in ``ledger_post`` under lock.
    A group's spending is its branch's, so pass the branch (``fund_node_of``).
    """
    version = in_force_versions([node.pk], fiscal_year).get(node.pk)
    if version is None:
        return None
    line = covering_line(list(version.lines.all()), category_key)
    if line is None:
        return None
    return line.amount_fen - spent_fen(node.pk, fiscal_year, line.category_key)
