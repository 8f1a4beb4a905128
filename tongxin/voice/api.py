"""Staff voice over HTTP: the same services and queries as the pages, one error shape."""

from django.utils import timezone
from ninja import Router, Status
from ninja.pagination import paginate

from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Id, Pagination, Year
from tongxin.members import queries as members_queries
from tongxin.orgs import queries as orgs_queries
from tongxin.orgs import queries_departments as department_queries

from . import queries, services
from .models import VoiceItem
from .permissions import VoicePermission
from .schemas import (
    DepartmentItemDetailOut,
    DepartmentItemOut,
    GrassrootsVisitDetailOut,
    GrassrootsVisitIn,
    GrassrootsVisitOut,
    ItemAcceptIn,
    ItemCloseIn,
    ItemDeclineIn,
    ItemDetailOut,
    ItemIn,
    ItemOut,
    ItemRateIn,
    ItemReplyIn,
    ItemRouteIn,
    WallWishOut,
    WishDecisionIn,
    WishIn,
    WishOut,
    WishStatsOut,
)
from .years import wish_year_for

P = VoicePermission
router = Router(tags=["voice"])


# Wishes ----------------------------------------------------------------------------------


@router.get("/wishes", response=list[WishOut], operation_id="wish_list")
@paginate(Pagination)
def wish_list(  # type: ignore[no-untyped-def]
    request: ActorRequest, year: Year | None = None, status: str = "", node_id: Id | None = None
):
    return queries.wish_list(actor=request.actor, year=year, status=status, node_id=node_id)


@router.get("/wishes/mine", response=list[WishOut], operation_id="wish_mine")
@paginate(Pagination)
def wish_mine(request: ActorRequest):  # type: ignore[no-untyped-def]
    return queries.wish_mine(actor=request.actor).select_related("person")


@router.get("/wishes/wall", response=list[WallWishOut], operation_id="wish_wall")
def wish_wall(request: ActorRequest, year: Year | None = None, page: int = 1):  # type: ignore[no-untyped-def]
    year = year or wish_year_for(timezone.localdate())
    _page, wishes = queries.wish_wall(actor=request.actor, year=year, page_number=page)
    return wishes


@router.get("/wishes/stats", response=WishStatsOut, operation_id="wish_stats")
def wish_stats(request: ActorRequest, year: Year):  # type: ignore[no-untyped-def]
    return queries.wish_stats(actor=request.actor, year=year)


@router.get("/wishes/{pk}", response=WishOut, operation_id="wish_get")
def wish_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return queries.wish_get(actor=request.actor, pk=pk)


@router.post("/wishes", response={201: WishOut}, operation_id="wish_submit")
def wish_submit(request: ActorRequest, payload: WishIn):  # type: ignore[no-untyped-def]
    person = members_queries.person_get(actor=request.actor, pk=request.actor.person_id or 0)
    wish = services.wish_submit(
        actor=request.actor, person=person, text=payload.text, visibility=payload.visibility
    )
    return Status(201, queries.wish_get(actor=request.actor, pk=wish.pk))


@router.post("/wishes/{pk}/update", response=WishOut, operation_id="wish_update")
def wish_update(request: ActorRequest, pk: Id, payload: WishIn):  # type: ignore[no-untyped-def]
    wish = queries.wish_get(actor=request.actor, pk=pk)
    services.wish_update(
        actor=request.actor, wish=wish, text=payload.text, visibility=payload.visibility
    )
    return queries.wish_get(actor=request.actor, pk=pk)


@router.post("/wishes/{pk}/withdraw", response=WishOut, operation_id="wish_withdraw")
def wish_withdraw(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    wish = queries.wish_get(actor=request.actor, pk=pk)
    services.wish_withdraw(actor=request.actor, wish=wish)
    return queries.wish_get(actor=request.actor, pk=pk)


@router.post("/wishes/{pk}/adopt", response=WishOut, operation_id="wish_adopt")
def wish_adopt(request: ActorRequest, pk: Id, payload: WishDecisionIn):  # type: ignore[no-untyped-def]
    wish = queries.wish_get(actor=request.actor, pk=pk)
    services.wish_adopt(actor=request.actor, wish=wish, note=payload.note, on=payload.on)
    return queries.wish_get(actor=request.actor, pk=pk)


@router.post("/wishes/{pk}/fulfil", response=WishOut, operation_id="wish_fulfil")
def wish_fulfil(request: ActorRequest, pk: Id, payload: WishDecisionIn):  # type: ignore[no-untyped-def]
    wish = queries.wish_get(actor=request.actor, pk=pk)
    services.wish_fulfil(actor=request.actor, wish=wish, note=payload.note, on=payload.on)
    return queries.wish_get(actor=request.actor, pk=pk)


@router.post("/wishes/{pk}/decline", response=WishOut, operation_id="wish_decline")
def wish_decline(request: ActorRequest, pk: Id, payload: WishDecisionIn):  # type: ignore[no-untyped-def]
    wish = queries.wish_get(actor=request.actor, pk=pk)
    services.wish_decline(actor=request.actor, wish=wish, note=payload.note, on=payload.on)
    return queries.wish_get(actor=request.actor, pk=pk)


# Suggestions and requests --------------------------------------------------------------------


def _detail(request: ActorRequest, pk: Id) -> VoiceItem:
    item = queries.voice_item_get(actor=request.actor, pk=pk)
    item.timeline = queries.voice_item_events(item=item)  # type: ignore[attr-defined]
    item.reply_list = queries.voice_item_replies(item=item)  # type: ignore[attr-defined]
    return item


@router.get("/items", response=list[ItemOut], operation_id="voice_item_list")
@paginate(Pagination)
def voice_item_list(  # type: ignore[no-untyped-def]
    request: ActorRequest,
    status: str = "",
    kind: str = "",
    category: str = "",
    department_id: Id | None = None,
    node_id: Id | None = None,
    academic_year: Year | None = None,
    overdue: bool = False,
    q: str = "",
):
    filters = queries.ItemFilters(
        status=status,
        kind=kind,
        category=category,
        department_id=department_id,
        node_id=node_id,
        academic_year=academic_year,
        overdue=overdue,
        q=q,
    )
    return queries.voice_item_list(actor=request.actor, filters=filters)


@router.get("/items/mine", response=list[ItemOut], operation_id="voice_item_mine")
@paginate(Pagination)
def voice_item_mine(request: ActorRequest):  # type: ignore[no-untyped-def]
    return queries.voice_item_mine(actor=request.actor)


@router.get("/items/overdue", response=list[ItemOut], operation_id="voice_item_overdue_list")
@paginate(Pagination)
def voice_item_overdue_list(request: ActorRequest):  # type: ignore[no-untyped-def]
    return queries.voice_item_overdue_list(actor=request.actor)


@router.get("/items/{pk}", response=ItemDetailOut, operation_id="voice_item_get")
def voice_item_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return _detail(request, pk)


@router.post("/items", response={201: ItemDetailOut}, operation_id="voice_item_file")
def voice_item_file(request: ActorRequest, payload: ItemIn):  # type: ignore[no-untyped-def]
    person_id = payload.person_id or request.actor.person_id or 0
    person = members_queries.person_get(actor=request.actor, pk=person_id, permission=P.FILE_ITEM)
    data = payload.dict(exclude={"person_id"})
    item = services.voice_item_file(actor=request.actor, person=person, **data)
    return Status(201, _detail(request, item.pk))


@router.post("/items/{pk}/withdraw", response=ItemDetailOut, operation_id="voice_item_withdraw")
def voice_item_withdraw(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    item = queries.voice_item_get(actor=request.actor, pk=pk)
    services.voice_item_withdraw(actor=request.actor, item=item)
    return _detail(request, pk)


@router.post("/items/{pk}/accept", response=ItemDetailOut, operation_id="voice_item_accept")
def voice_item_accept(request: ActorRequest, pk: Id, payload: ItemAcceptIn):  # type: ignore[no-untyped-def]
    item = queries.voice_item_get(actor=request.actor, pk=pk)
    department = (
        department_queries.department_get(actor=request.actor, pk=payload.department_id)
        if payload.department_id
        else None
    )
    services.voice_item_accept(
        actor=request.actor,
        item=item,
        department=department,
        due_on=payload.due_on,
        note=payload.note,
    )
    return _detail(request, pk)


@router.post("/items/{pk}/decline", response=ItemDetailOut, operation_id="voice_item_decline")
def voice_item_decline(request: ActorRequest, pk: Id, payload: ItemDeclineIn):  # type: ignore[no-untyped-def]
    item = queries.voice_item_get(actor=request.actor, pk=pk)
    services.voice_item_decline(actor=request.actor, item=item, reason=payload.reason)
    return _detail(request, pk)


@router.post("/items/{pk}/route", response=ItemDetailOut, operation_id="voice_item_route")
def voice_item_route(request: ActorRequest, pk: Id, payload: ItemRouteIn):  # type: ignore[no-untyped-def]
    item = queries.voice_item_get(actor=request.actor, pk=pk)
    department = department_queries.department_get(actor=request.actor, pk=payload.department_id)
    services.voice_item_route(
        actor=request.actor,
        item=item,
        department=department,
        due_on=payload.due_on,
        note=payload.note,
    )
    return _detail(request, pk)


@router.post("/items/{pk}/reply", response=ItemDetailOut, operation_id="voice_item_reply")
def voice_item_reply(request: ActorRequest, pk: Id, payload: ItemReplyIn):  # type: ignore[no-untyped-def]
    item = queries.voice_item_get(actor=request.actor, pk=pk)
    services.voice_item_reply(actor=request.actor, item=item, text=payload.text, on=payload.on)
    return _detail(request, pk)


@router.post("/items/{pk}/rate", response=ItemDetailOut, operation_id="voice_item_rate")
def voice_item_rate(request: ActorRequest, pk: Id, payload: ItemRateIn):  # type: ignore[no-untyped-def]
    item = queries.voice_item_get(actor=request.actor, pk=pk)
    services.voice_item_rate(
        actor=request.actor, item=item, rating=payload.rating, comment=payload.comment
    )
    return _detail(request, pk)


@router.post("/items/{pk}/close", response=ItemDetailOut, operation_id="voice_item_close")
def voice_item_close(request: ActorRequest, pk: Id, payload: ItemCloseIn):  # type: ignore[no-untyped-def]
    item = queries.voice_item_get(actor=request.actor, pk=pk)
    services.voice_item_close(actor=request.actor, item=item, note=payload.note)
    return _detail(request, pk)


# A department's view -------------------------------------------------------------------------


@router.get(
    "/department/items", response=list[DepartmentItemOut], operation_id="department_item_list"
)
@paginate(Pagination)
def department_item_list(request: ActorRequest, status: str = ""):  # type: ignore[no-untyped-def]
    return queries.department_item_list(actor=request.actor, status=status)


@router.get(
    "/department/items/{pk}", response=DepartmentItemDetailOut, operation_id="department_item_get"
)
def department_item_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return queries.department_item_get(actor=request.actor, pk=pk)


@router.post(
    "/department/items/{pk}/reply",
    response=DepartmentItemDetailOut,
    operation_id="department_item_reply",
)
def department_item_reply(request: ActorRequest, pk: Id, payload: ItemReplyIn):  # type: ignore[no-untyped-def]
    item = queries.department_item_for_reply(actor=request.actor, pk=pk)
    services.voice_item_reply(actor=request.actor, item=item, text=payload.text, on=payload.on)
    return queries.department_item_get(actor=request.actor, pk=pk)


# Grassroots visits ---------------------------------------------------------------------------


@router.get("/visits", response=list[GrassrootsVisitOut], operation_id="grassroots_visit_list")
@paginate(Pagination)
def grassroots_visit_list(request: ActorRequest, academic_year: Year | None = None):  # type: ignore[no-untyped-def]
    return queries.grassroots_visit_list(actor=request.actor, academic_year=academic_year)


@router.get("/visits/{pk}", response=GrassrootsVisitDetailOut, operation_id="grassroots_visit_get")
def grassroots_visit_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return queries.grassroots_visit_get(actor=request.actor, pk=pk)


@router.post(
    "/visits", response={201: GrassrootsVisitDetailOut}, operation_id="grassroots_visit_record"
)
def grassroots_visit_record(request: ActorRequest, payload: GrassrootsVisitIn):  # type: ignore[no-untyped-def]
    actor = request.actor

    def person(pk: Id):  # type: ignore[no-untyped-def]
        return members_queries.person_get(actor=actor, pk=pk, permission=P.RECORD_VISIT)

    raised = [
        services.RaisedItem(
            kind=entry.kind,
            category=entry.category,
            title=entry.title,
            text=entry.text,
            person=person(entry.person_id) if entry.person_id else None,
            is_anonymous_to_department=entry.is_anonymous_to_department,
        )
        for entry in payload.raised
    ]
    visit = services.grassroots_visit_record(
        actor=actor,
        node=orgs_queries.node_get(actor=actor, pk=payload.node_id),
        lead=person(payload.lead_id),
        visitors=[person(pk) for pk in payload.visitor_ids],
        visited_on=payload.visited_on,
        participants=payload.participants,
        summary=payload.summary,
        raised=raised,
    )
    return Status(201, queries.grassroots_visit_get(actor=actor, pk=visit.pk))
