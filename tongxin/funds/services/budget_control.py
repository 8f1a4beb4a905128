"""Budget control inside ``ledger_post``: spending must fit an approved budget line.

The in-force version of a node's budget for a fiscal year is its latest approved version. A
budget line covers its category and every category below it (lines of one version never nest,
``budget_line_set`` sees to that). Called while the caller's transaction holds the account
locks; the budget lines involved are locked too (primary-key order), then the year's actual
spending under each line is summed, so two postings cannot both take the last of a line.
"""

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError, Forbidden
from tongxin.core.money import format_fen
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from ..choices import ALLOCATION_IN_KEY, BudgetStatus, is_spending_key
from ..errors import FundsErrorCode
from ..models import BudgetLine, BudgetVersion, JournalLine
from ..permissions import FundsPermission

if TYPE_CHECKING:
    from .ledger import ResolvedLine


def in_force_versions(node_ids: Sequence[int], fiscal_year: int) -> dict[int, BudgetVersion]:
    """node id → the latest approved budget version of that node for the year (one query)."""
    versions: dict[int, BudgetVersion] = {}
    rows = (
        BudgetVersion.objects.filter(
            budget__node_id__in=list(node_ids),
            budget__fiscal_year=fiscal_year,
            status=BudgetStatus.APPROVED,
        )
        .select_related("budget")
        .order_by("budget__node_id", "-number")
    )
    for version in rows:
        versions.setdefault(version.budget.node_id, version)
    return versions


def covering_line(lines: Sequence[BudgetLine], key: str) -> BudgetLine | None:
    for line in lines:
        if key == line.category_key or key.startswith(line.category_key + "."):
            return line
    return None


def covered_q(key: str, prefix: str = "") -> Q:
    """Lines whose category is ``key`` or lies below it."""
    return Q(**{f"{prefix}category_key": key}) | Q(
        **{f"{prefix}category_key__startswith": key + "."}
    )


def spent_fen(node_id: int, fiscal_year: int, key: str) -> int:
    """Net spending (debits minus credits) of a node's fund under ``key`` in a fiscal year."""
    totals = (
        JournalLine.objects.filter(
            covered_q(key), node_id=node_id, fiscal_year=fiscal_year
        ).exclude(covered_q(ALLOCATION_IN_KEY))
    ).aggregate(debit=Sum("debit_fen"), credit=Sum("credit_fen"))
    return (totals["debit"] or 0) - (totals["credit"] or 0)


def _spending(lines: "Sequence[ResolvedLine]") -> dict[tuple[int, str], int]:
    deltas: dict[tuple[int, str], int] = defaultdict(int)
    for line in lines:
        if is_spending_key(line.category.key):
            deltas[(line.account.node_id, line.category.key)] += line.debit_fen - line.credit_fen
    return {key: delta for key, delta in deltas.items() if delta > 0}


def budget_check(
    *,
    actor: Actor,
    lines: "Sequence[ResolvedLine]",
    fiscal_year: int,
    override_reason: str,
    override_by: Actor | None = None,
) -> list[dict[str, Any]]:
    """Refuse spending beyond approved budget lines, or return the overrides to record.

    Each override is ``{node, category, budget_fen, spent_fen, requested_fen}``; without a
    problem the list is empty. Raises ``DomainError`` (``no_budget_line`` or
    ``budget_exceeded``) when there is a problem and no override reason, and ``Forbidden``
    when there is a reason but the one overriding (``override_by``, by default the actor;
    e.g. the union office that authorised a care payment the finance officer now makes) may
    not override on the node.
    """
    deltas = _spending(lines)
    if not deltas:
        return []
    nodes: dict[int, OrgNode] = {line.account.node_id: line.account.node for line in lines}
    versions = in_force_versions(sorted({node_id for node_id, _key in deltas}), fiscal_year)
    budget_lines = {
        line.pk: line
        for line in BudgetLine.objects.select_for_update(of=("self",))
        .filter(version__in=list(versions.values()))
        .select_related("category")
        .order_by("pk")
    }
    labels = {line.category.key: line.category.label for line in lines}
    labels.update({line.category_key: line.category.label for line in budget_lines.values()})
    by_version: dict[int, list[BudgetLine]] = defaultdict(list)
    for budget_line in budget_lines.values():
        by_version[budget_line.version_id].append(budget_line)
    wanted: dict[tuple[int, int | None, str], int] = defaultdict(int)
    for (node_id, key), delta in deltas.items():
        version = versions.get(node_id)
        cover = covering_line(by_version.get(version.pk, []), key) if version else None
        wanted[(node_id, cover.pk if cover else None, cover.category_key if cover else key)] += (
            delta
        )
    problems: list[dict[str, Any]] = []
    for (node_id, line_id, key), requested in wanted.items():
        found = budget_lines.get(line_id) if line_id else None
        spent = spent_fen(node_id, fiscal_year, key) if found else 0
        budget = found.amount_fen if found else None
        if budget is None or spent + requested > budget:
            problems.append(
                {
                    "node": node_id,
                    "category": key,
                    "budget_fen": budget,
                    "spent_fen": spent,
                    "requested_fen": requested,
                }
            )
    if not problems:
        return []
    if not override_reason.strip():
        raise _problem_error(problems[0], nodes, labels, fiscal_year)
    authority = override_by or actor
    for problem in problems:
        if not access.can_at(
            authority, FundsPermission.OVERRIDE_BUDGET, nodes[problem["node"]].path
        ):
            raise Forbidden(_("Only the union office may spend beyond an approved budget."))
    return problems


def _problem_error(
    problem: dict[str, Any], nodes: dict[int, OrgNode], labels: dict[str, str], fiscal_year: int
) -> DomainError:
    node = nodes[problem["node"]]
    category = labels.get(problem["category"], problem["category"])
    if problem["budget_fen"] is None:
        return DomainError(
            _(
                "%(node)s has no approved budget line for %(category)s in %(year)s; a spend needs "
                "one (or an override by the union office)."
            )
            % {"node": node.name, "category": category, "year": fiscal_year},
            code=FundsErrorCode.NO_BUDGET_LINE,
            field="category",
            extra=problem,
        )
    remaining = problem["budget_fen"] - problem["spent_fen"]
    return DomainError(
        _(
            "This spends %(requested)s yuan, but only %(remaining)s yuan of the approved budget for "
            "%(category)s at %(node)s is left in %(year)s."
        )
        % {
            "requested": format_fen(problem["requested_fen"]),
            "remaining": format_fen(max(remaining, 0)),
            "category": category,
            "node": node.name,
            "year": fiscal_year,
        },
        code=FundsErrorCode.BUDGET_EXCEEDED,
        field="amount",
        extra=problem,
    )
