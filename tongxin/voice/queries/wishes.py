"""Reads of New Year wishes: the office's list and yearly counts, one's own, and the wall.

The wall never selects a person: it reads the wish text, its status and, only where enough
wall wishes share a branch that the branch cannot point at anyone, the branch's name.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from tongxin.core.errors import Forbidden
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from ..choices import WISH_COUNTED_STATUSES, WISH_WALL_STATUSES, WishStatus, WishVisibility
from ..models import Wish
from ..permissions import VoicePermission

P = VoicePermission


def wish_list(
    *,
    actor: Actor,
    year: int | None = None,
    status: str = "",
    node_id: int | None = None,
) -> QuerySet[Wish]:
    """Wishes the actor may see by name (the office's subtree, and one's own), newest first."""
    qs = access.scope(Wish.objects.select_related("person", "node"), actor, P.VIEW_WISH)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if node_id:
        qs = qs.filter(node_id=node_id)
    return qs.order_by("-year", "node__path", "-submitted_on", "-id")


def wish_mine(*, actor: Actor) -> QuerySet[Wish]:
    if actor.person_id is None:
        return Wish.objects.none()
    return (
        Wish.objects.filter(person_id=actor.person_id)
        .select_related("node")
        .order_by("-year", "-id")
    )


def wish_get(*, actor: Actor, pk: int | str) -> Wish:
    """One wish the actor may see by name; missing and out of sight both raise ``NotFound``."""
    return access.get_scoped(
        Wish.objects.select_related("person", "node", "decided_by"), actor, P.VIEW_WISH, pk=pk
    )


def wish_years(*, actor: Actor) -> list[int]:
    """Years that have wishes the actor may see, newest first."""
    qs = access.scope(Wish.objects.all(), actor, P.VIEW_WISH)
    return list(qs.order_by("-year").values_list("year", flat=True).distinct())


@dataclass(frozen=True)
class WishStats:
    year: int
    by_status: dict[str, int]
    by_branch: list[tuple[str, dict[str, int], int]]  # (branch name, per status, total)
    total: int
    on_wall: int


def wish_stats(*, actor: Actor, year: int) -> WishStats:
    """Counted wishes of ``year`` per status and per branch (two queries)."""
    qs = access.scope(Wish.objects.all(), actor, P.VIEW_WISH).filter(
        year=year, status__in=WISH_COUNTED_STATUSES
    )
    rows = qs.values_list("node_id", "node__name", "node__path", "status").annotate(n=Count("pk"))
    by_status: dict[str, int] = {str(status): 0 for status in WISH_COUNTED_STATUSES}
    branches: dict[int, tuple[str, str, dict[str, int]]] = {}
    for node_id, name, path, status, count in rows:
        by_status[status] += count
        entry = branches.setdefault(node_id, (name, path, dict.fromkeys(WISH_COUNTED_STATUSES, 0)))
        entry[2][status] += count
    by_branch = [
        (name, counts, sum(counts.values()))
        for name, _path, counts in sorted(branches.values(), key=lambda entry: entry[1])
    ]
    on_wall = qs.filter(
        visibility=WishVisibility.WALL_ANONYMOUS, status__in=WISH_WALL_STATUSES
    ).count()
    return WishStats(
        year=year,
        by_status=by_status,
        by_branch=by_branch,
        total=sum(by_status.values()),
        on_wall=on_wall,
    )


@dataclass(frozen=True)
class WallWish:
    text: str
    status: str
    status_label: str
    branch_name: str | None


def _wall_school_ids(actor: Actor) -> QuerySet[Any, Any] | None:
    """The schools whose wall the actor sees: their own school and those of their roles."""
    if actor.is_system:
        return None
    condition = Q(path__in=[grant.node_path for grant in actor.grants])
    if actor.person_id is not None:
        condition |= Q(pk__in=Person.objects.filter(pk=actor.person_id).values("node_id"))
    return OrgNode.objects.filter(condition).values("school_id")


def wish_wall_years(*, actor: Actor) -> list[int]:
    """Years whose wall has wishes the actor may read, newest first (one query)."""
    qs = Wish.objects.filter(
        visibility=WishVisibility.WALL_ANONYMOUS, status__in=WISH_WALL_STATUSES
    )
    schools = _wall_school_ids(actor)
    if schools is not None:
        qs = qs.filter(node__school_id__in=schools)
    return sorted(set(qs.order_by().values_list("year", flat=True).distinct()), reverse=True)


def wish_wall(
    *, actor: Actor, year: int, page_number: str | int | None = None, per_page: int | None = None
) -> tuple[Page, list[WallWish]]:
    """One page of the anonymised wall of ``year`` (three queries, whatever the size).

    Only wishes their authors put on the wall and the office has not declined. A branch is
    named only when at least ``TONGXIN_VOICE_WALL_MIN_BRANCH_WISHES`` wall wishes of the year
    come from it; otherwise the wish shows no branch.
    """
    if not access.can_somewhere(actor, P.VIEW_WISH_WALL):
        raise Forbidden()
    qs = Wish.objects.filter(
        year=year, visibility=WishVisibility.WALL_ANONYMOUS, status__in=WISH_WALL_STATUSES
    )
    schools = _wall_school_ids(actor)
    if schools is not None:
        qs = qs.filter(node__school_id__in=schools)
    branch_sizes = dict(
        qs.values_list("node_id").annotate(n=Count("pk")).values_list("node_id", "n")
    )
    minimum = settings.TONGXIN_VOICE_WALL_MIN_BRANCH_WISHES
    rows = qs.values_list("text", "status", "node_id", "node__name").order_by(
        "-submitted_on", "-id"
    )
    page = Paginator(rows, per_page or settings.TONGXIN_PAGE_SIZE).get_page(page_number)
    wishes = [
        WallWish(
            text=text,
            status=status,
            status_label=str(WishStatus(status).label),
            branch_name=name if branch_sizes.get(node_id, 0) >= minimum else None,
        )
        for text, status, node_id, name in page
    ]
    return page, wishes
