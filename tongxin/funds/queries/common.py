"""Shared reads: the nodes that keep funds, the chart in force, the years with data."""

import datetime as dt

from django.db.models import Max, Min
from django.utils import timezone

from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode

from ..choices import CategoryKind
from ..models import FundCategory, JournalEntry
from ..permissions import FundsPermission
from ..services.accounts import chart_in_force

P = FundsPermission
FUND_NODE_KINDS = (OrgNodeKind.SCHOOL_UNION, OrgNodeKind.BRANCH)


def fund_nodes(*, actor: Actor, permission: str = P.VIEW_LEDGER) -> list[OrgNode]:
    """Live school unions and branches on which ``actor`` holds ``permission``, tree order."""
    qs = access.scope(
        OrgNode.objects.filter(kind__in=FUND_NODE_KINDS, is_archived=False).select_related(
            "school"
        ),
        actor,
        permission,
    )
    return list(qs.order_by("path"))


def fund_node_get(*, actor: Actor, pk: int | str, permission: str = P.VIEW_LEDGER) -> OrgNode:
    """A school union or branch the actor may see with ``permission``; else ``NotFound``."""
    return access.get_scoped(
        OrgNode.objects.filter(kind__in=FUND_NODE_KINDS).select_related("school"),
        actor,
        permission,
        pk=pk,
    )


def default_fund_node(*, actor: Actor, permission: str = P.VIEW_LEDGER) -> OrgNode | None:
    """The highest node the actor may see: the school for the office, the branch for its chair."""
    nodes = fund_nodes(actor=actor, permission=permission)
    return min(nodes, key=lambda n: (n.depth, n.path)) if nodes else None


def fund_category_list(
    *, on: dt.date, kinds: tuple[str, ...] | None = None, postable_only: bool = True
) -> list[FundCategory]:
    """Categories of the chart in force on ``on`` (the chart is public to every officer)."""
    qs = chart_in_force(on).categories.all()
    if kinds:
        qs = qs.filter(kind__in=kinds)
    if postable_only:
        qs = qs.filter(is_selectable=True, is_forbidden=False)
    return list(qs.order_by("sort_order"))


def fiscal_years(*, actor: Actor) -> list[int]:
    """Years from the first entry the actor may see to this year (or the last entry's year)."""
    span = access.scope(JournalEntry.objects.all(), actor, P.VIEW_LEDGER).aggregate(
        first=Min("fiscal_year"), last=Max("fiscal_year")
    )
    this_year = timezone.localdate().year
    first = span["first"] or this_year
    last = max(span["last"] or this_year, this_year)
    return list(range(last, first - 1, -1))


def latest_year(*, actor: Actor) -> int:
    """The year to show by default: the latest with entries, else this year."""
    last = access.scope(JournalEntry.objects.all(), actor, P.VIEW_LEDGER).aggregate(
        last=Max("fiscal_year")
    )["last"]
    return last or timezone.localdate().year


SPENDING_AND_INCOME = (CategoryKind.INCOME, CategoryKind.EXPENSE, CategoryKind.TRANSFER)
