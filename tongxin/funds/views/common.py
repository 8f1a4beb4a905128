"""Helpers shared by the funds pages: which year and which union a page shows."""

from dataclasses import dataclass

from django.http import QueryDict

from tongxin.core.errors import Forbidden
from tongxin.core.http import ActorRequest
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .. import queries
from ..forms import YearNodeForm
from ..permissions import FundsPermission

P = FundsPermission


@dataclass
class Focus:
    """The year and node a page shows, with the choices for the selector."""

    form: YearNodeForm
    year: int
    node: OrgNode
    nodes: list[OrgNode]


def require_somewhere(actor: Actor, permission: str) -> None:
    """Pages of officers: refuse an actor who holds ``permission`` nowhere."""
    if not access.can_somewhere(actor, permission):
        raise Forbidden()


def focus(
    request: ActorRequest, permission: str = P.VIEW_LEDGER, params: QueryDict | None = None
) -> Focus:
    """Year and node from the query string (or ``params``), defaulting to the latest year and
    the highest node the actor may see."""
    actor = request.actor
    require_somewhere(actor, permission)
    nodes = queries.fund_nodes(actor=actor, permission=permission)
    if not nodes:
        raise Forbidden()
    years = queries.fiscal_years(actor=actor)
    params = request.GET if params is None else params
    form = YearNodeForm(params or None, years=years, nodes=nodes)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or queries.latest_year(actor=actor)
    by_pk = {n.pk: n for n in nodes}
    default = min(nodes, key=lambda n: (n.depth, n.path))
    node = by_pk.get(data.get("node") or default.pk, default)
    form = YearNodeForm(initial={"year": year, "node": node.pk}, years=years, nodes=nodes)
    return Focus(form=form, year=year, node=node, nodes=nodes)
