"""Reads of suggestions and requests, scoped by who may see them.

Three ways to see an item, each a filter:
- generally: the office (its subtree), the filer (own), whoever entered it, and a branch's
  chair and liaison for matters raised at a grassroots visit to their branch;
- as a department: the handlers of the department the item is routed to, through
  ``department_item_*`` only, which never hand out the filer's name when they asked for it.
Lists join what they show, so every page runs a fixed number of queries.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, F, Max, Min, Q, QuerySet, Value, When
from django.utils import timezone

from tongxin.core.errors import NotFound
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode, subtree_q
from tongxin.orgs.queries_departments import handled_department_ids

from ..choices import ItemCategory, ItemKind, ItemStatus, Rating
from ..models import VoiceItem, VoiceItemEvent, VoiceReply
from ..permissions import VoicePermission
from ..years import academic_year_bounds, academic_year_of

P = VoicePermission


@dataclass(frozen=True)
class ItemFilters:
    status: str = ""
    kind: str = ""
    category: str = ""
    department_id: int | None = None
    node_id: int | None = None
    academic_year: int | None = None
    overdue: bool = False
    q: str = ""


def general_visibility_q(actor: Actor) -> Q | None:
    """Items ``actor`` sees with names (``None`` means every item)."""
    own_and_office = access.scope_q(VoiceItem, actor, P.VIEW_ITEM)
    visits = access.scope_q(VoiceItem, actor, P.VIEW_VISIT)
    if own_and_office is None or visits is None:
        return None
    condition = own_and_office | (visits & Q(visit__isnull=False))
    if actor.user_id is not None:
        condition |= Q(filed_by_id=actor.user_id)
    return condition


def department_visibility_q(actor: Actor) -> Q | None:
    """Items routed to a department ``actor`` handles (``None`` means every item)."""
    routed = access.scope_q(VoiceItem, actor, P.VIEW_ROUTED_ITEM)
    if routed is None:
        return None
    return routed & Q(department_id__in=handled_department_ids(actor=actor))


def _visible(qs: QuerySet[VoiceItem], condition: Q | None) -> QuerySet[VoiceItem]:
    return qs if condition is None else qs.filter(condition)


def _listing() -> QuerySet[VoiceItem]:
    return VoiceItem.objects.select_related("person", "node", "department", "visit")


def overdue_q(today: dt.date | None = None) -> Q:
    """Routed and waiting for a reply past the deadline."""
    return Q(status=ItemStatus.ROUTED, due_on__lt=today or timezone.localdate())


def _filtered(qs: QuerySet[VoiceItem], filters: ItemFilters) -> QuerySet[VoiceItem]:
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.department_id:
        qs = qs.filter(department_id=filters.department_id)
    if filters.node_id:
        node = OrgNode.objects.filter(pk=filters.node_id).only("path").first()
        qs = qs.filter(subtree_q(node.path, "node__path")) if node else qs.none()
    if filters.academic_year:
        first, last = academic_year_bounds(filters.academic_year)
        qs = qs.filter(filed_on__range=(first, last))
    if filters.overdue:
        qs = qs.filter(overdue_q())
    if filters.q.strip():
        qs = qs.filter(Q(title__icontains=filters.q.strip()) | Q(text__icontains=filters.q.strip()))
    return qs


def voice_item_list(*, actor: Actor, filters: ItemFilters | None = None) -> QuerySet[VoiceItem]:
    """Items the actor sees with names, newest first, filtered (one query per page)."""
    qs = _visible(_listing(), general_visibility_q(actor))
    return _filtered(qs, filters or ItemFilters()).order_by("-filed_on", "-id")


def voice_item_office_list(
    *, actor: Actor, filters: ItemFilters | None = None
) -> QuerySet[VoiceItem]:
    """The office inbox: items the actor manages (the union office's subtree)."""
    qs = access.scope(_listing(), actor, P.MANAGE_ITEM)
    return _filtered(qs, filters or ItemFilters()).order_by("-filed_on", "-id")


def voice_item_mine(*, actor: Actor) -> QuerySet[VoiceItem]:
    """Items the actor filed for themself or entered for someone else."""
    condition = Q(pk__in=[])
    if actor.person_id is not None:
        condition |= Q(person_id=actor.person_id)
    if actor.user_id is not None:
        condition |= Q(filed_by_id=actor.user_id)
    return _listing().filter(condition).order_by("-filed_on", "-id")


def voice_item_overdue_list(*, actor: Actor) -> QuerySet[VoiceItem]:
    """Routed items past their reply deadline, the longest overdue first."""
    qs = access.scope(_listing(), actor, P.MANAGE_ITEM)
    return qs.filter(overdue_q()).order_by("due_on", "id")


def voice_item_get(*, actor: Actor, pk: int | str) -> VoiceItem:
    """One item the actor sees with names; missing and out of sight both raise ``NotFound``."""
    qs = _visible(
        _listing().select_related("filed_by", "node__school"), general_visibility_q(actor)
    )
    return _get(qs, pk)


def _get(qs: QuerySet[VoiceItem], pk: int | str) -> VoiceItem:
    try:
        return qs.get(pk=pk)
    except (VoiceItem.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def can_see_item(actor: Actor, item: VoiceItem) -> bool:
    """Whether the actor sees ``item`` in any way (one query)."""
    general, department = general_visibility_q(actor), department_visibility_q(actor)
    if general is None or department is None:
        return True
    return VoiceItem.objects.filter(general | department, pk=item.pk).exists()


def handles_item(actor: Actor, item: VoiceItem) -> bool:
    """Whether the actor answers for the department the item is routed to now (one query;
    read from the database, so a stale ``item`` cannot grant or deny it)."""
    if not access.can(actor, P.VIEW_ROUTED_ITEM, item):
        return False
    return VoiceItem.objects.filter(
        pk=item.pk, department_id__in=handled_department_ids(actor=actor)
    ).exists()


def voice_item_events(*, item: VoiceItem) -> list[VoiceItemEvent]:
    """The item's timeline, oldest first; the caller has checked the actor sees the item."""
    return list(item.events.select_related("department").order_by("occurred_on", "id"))


def voice_item_replies(*, item: VoiceItem) -> list[VoiceReply]:
    return list(item.replies.select_related("department").order_by("round"))


def voice_item_counts(*, actor: Actor) -> dict[str, int]:
    """Items per status in the office's inbox, plus ``overdue`` (one query)."""
    qs = access.scope(VoiceItem.objects.all(), actor, P.MANAGE_ITEM)
    aggregates = {status: Count("pk", filter=Q(status=status)) for status in ItemStatus.values}
    aggregates["overdue"] = Count("pk", filter=overdue_q())
    return qs.aggregate(**aggregates)


def academic_years_between(first: dt.date | None, last: dt.date | None) -> list[int]:
    """The academic years from ``last``'s back to ``first``'s, newest first; the current
    academic year alone when there is no data yet."""
    if first is None or last is None:
        return [academic_year_of(timezone.localdate())]
    return list(range(academic_year_of(last), academic_year_of(first) - 1, -1))


def voice_item_years(*, actor: Actor) -> list[int]:
    """Academic years spanned by the items in the actor's inbox, newest first (one query)."""
    span = access.scope(VoiceItem.objects.all(), actor, P.MANAGE_ITEM).aggregate(
        first=Min("filed_on"), last=Max("filed_on")
    )
    return academic_years_between(span["first"], span["last"])


def awaiting_rating_count(*, actor: Actor) -> int:
    """Replies waiting for the actor's rating (the member's tile)."""
    if actor.person_id is None:
        return 0
    return VoiceItem.objects.filter(person_id=actor.person_id, status=ItemStatus.REPLIED).count()


@dataclass(frozen=True)
class ItemStats:
    by_status: dict[str, int]
    by_category: list[tuple[str, str, int, int]]  # (category, label, suggestions, requests)
    ratings: dict[str, int]
    replies_on_time: int
    replies_late: int
    from_visits: int
    total: int


def voice_item_stats(*, actor: Actor, academic_year: int) -> ItemStats:
    """Yearly figures for the office and the annual summary (five queries)."""
    first, last = academic_year_bounds(academic_year)
    items = access.scope(VoiceItem.objects.all(), actor, P.MANAGE_ITEM).filter(
        filed_on__range=(first, last)
    )
    by_status = dict(items.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    pairs = items.values_list("category", "kind").annotate(n=Count("pk"))
    counts = {(category, kind): n for category, kind, n in pairs}
    by_category = [
        (
            category.value,
            str(category.label),
            counts.get((category.value, ItemKind.SUGGESTION), 0),
            counts.get((category.value, ItemKind.REQUEST), 0),
        )
        for category in ItemCategory
    ]
    replies = VoiceReply.objects.filter(item__in=items)
    rating_rows = replies.exclude(rating="").values_list("rating").annotate(n=Count("pk"))
    ratings = dict.fromkeys(Rating.values, 0) | dict(rating_rows.values_list("rating", "n"))
    timing = replies.aggregate(
        late=Count("pk", filter=Q(due_on__isnull=False, replied_on__gt=F("due_on"))),
        total=Count("pk"),
    )
    return ItemStats(
        by_status=by_status,
        by_category=by_category,
        ratings=ratings,
        replies_on_time=timing["total"] - timing["late"],
        replies_late=timing["late"],
        from_visits=items.filter(visit__isnull=False).count(),
        total=sum(by_status.values()),
    )


# Department view ------------------------------------------------------------------------


def department_item_list(*, actor: Actor, status: str = "") -> QuerySet[VoiceItem]:
    """Items routed to the actor's departments, the nearest deadline first.

    The filer and the branch are not joined: the list shows neither.
    """
    qs = _visible(VoiceItem.objects.select_related("department"), department_visibility_q(actor))
    if status:
        qs = qs.filter(status=status)
    waiting_first = Case(When(status=ItemStatus.ROUTED, then=Value(0)), default=Value(1))
    return qs.order_by(waiting_first, "due_on", "-id")


@dataclass(frozen=True)
class DepartmentItem:
    """What a department sees of an item: no name or branch if the filer asked for that."""

    pk: int
    kind: str
    kind_label: str
    category: str
    category_label: str
    title: str
    text: str
    status: str
    status_label: str
    round: int
    filed_on: dt.date
    routed_on: dt.date | None
    due_on: dt.date | None
    is_overdue: bool
    department_name: str
    filer_name: str | None
    branch_name: str | None
    replies: list[VoiceReply]
    events: list[VoiceItemEvent]


def department_item_get(*, actor: Actor, pk: int | str) -> DepartmentItem:
    """One item as its department sees it (``NotFound`` unless routed to the actor's)."""
    qs = _visible(
        VoiceItem.objects.select_related("department", "person", "node"),
        department_visibility_q(actor),
    )
    item = _get(qs, pk)
    hidden = item.is_anonymous_to_department
    today = timezone.localdate()
    return DepartmentItem(
        pk=item.pk,
        kind=item.kind,
        kind_label=item.get_kind_display(),
        category=item.category,
        category_label=item.get_category_display(),
        title=item.title,
        text=item.text,
        status=item.status,
        status_label=item.get_status_display(),
        round=item.round,
        filed_on=item.filed_on,
        routed_on=item.routed_on,
        due_on=item.due_on,
        is_overdue=item.status == ItemStatus.ROUTED
        and item.due_on is not None
        and item.due_on < today,
        department_name=item.department.name if item.department else "",
        filer_name=None if hidden or item.person is None else item.person.name,
        branch_name=None if hidden else item.node.name,
        replies=voice_item_replies(item=item),
        events=voice_item_events(item=item),
    )


def department_item_for_reply(*, actor: Actor, pk: int | str) -> VoiceItem:
    """The item row a department handler replies to (same scope as ``department_item_get``)."""
    return _get(
        _visible(
            VoiceItem.objects.select_related("department", "node"), department_visibility_q(actor)
        ),
        pk,
    )
