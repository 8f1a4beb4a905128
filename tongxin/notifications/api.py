"""My notifications over HTTP; the same queries and services as the pages."""

from ninja import Router
from ninja.pagination import paginate

from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Pagination

from . import queries, services
from .schemas import MarkedOut, NotificationOut, UnreadCountOut

router = Router(tags=["notifications"])


@router.get("/", response=list[NotificationOut], operation_id="notification_list")
@paginate(Pagination)
def notification_list(request: ActorRequest, unread_only: bool = False):  # type: ignore[no-untyped-def]
    return queries.notification_list(actor=request.actor, unread_only=unread_only)


@router.get("/unread-count", response=UnreadCountOut, operation_id="notification_unread_count")
def notification_unread_count(request: ActorRequest):  # type: ignore[no-untyped-def]
    return {"unread": queries.notification_unread_count(actor=request.actor)}


@router.post("/{pk}/read", response=NotificationOut, operation_id="notification_mark_read")
def notification_mark_read(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    notification = queries.notification_get(actor=request.actor, pk=pk)
    return services.notification_mark_read(actor=request.actor, notification=notification)


@router.post("/read-all", response=MarkedOut, operation_id="notification_mark_all_read")
def notification_mark_all_read(request: ActorRequest):  # type: ignore[no-untyped-def]
    return {"marked": services.notification_mark_all_read(actor=request.actor)}
