"""Reads of grassroots visits: the office's list, and a branch's own visits."""

from django.db.models import Count, Max, Min, Prefetch, QuerySet

from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from ..models import GrassrootsVisit, VoiceItem
from ..permissions import VoicePermission
from ..years import academic_year_bounds
from .items import academic_years_between

P = VoicePermission


def grassroots_visit_list(
    *, actor: Actor, academic_year: int | None = None
) -> QuerySet[GrassrootsVisit]:
    """Visits the actor may see, newest first, with their item counts (one query per page)."""
    qs = access.scope(
        GrassrootsVisit.objects.select_related("node", "lead"), actor, P.VIEW_VISIT
    ).annotate(item_count=Count("items"))
    if academic_year:
        qs = qs.filter(visited_on__range=academic_year_bounds(academic_year))
    return qs.order_by("-visited_on", "-id")


def grassroots_visit_years(*, actor: Actor) -> list[int]:
    """Academic years spanned by the visits the actor may see, newest first (one query)."""
    span = access.scope(GrassrootsVisit.objects.all(), actor, P.VIEW_VISIT).aggregate(
        first=Min("visited_on"), last=Max("visited_on")
    )
    return academic_years_between(span["first"], span["last"])


def grassroots_visit_get(*, actor: Actor, pk: int | str) -> GrassrootsVisit:
    """One visit with its visitors and raised items (three queries)."""
    return access.get_scoped(
        GrassrootsVisit.objects.select_related("node", "lead", "recorded_by").prefetch_related(
            "visitors",
            Prefetch(
                "items",
                queryset=VoiceItem.objects.select_related("person", "node", "department").order_by(
                    "id"
                ),
            ),
        ),
        actor,
        P.VIEW_VISIT,
        pk=pk,
    )
