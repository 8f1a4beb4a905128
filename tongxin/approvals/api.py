import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from . import queries

router = Router(tags=["approvals"])


class ApprovalRequestOut(Schema):
    id: int
    flow_id: int
    node_id: int
    subject_type: str
    subject_id: str
    title: str
    status: str
    current_position: int
    step_count: int
    created_at: dt.datetime


@router.get("/inbox", response=list[ApprovalRequestOut], operation_id="approval_inbox")
@paginate(LimitOffsetPagination)
def approval_inbox(request: HttpRequest):  # type: ignore[no-untyped-def]
    return queries.approval_inbox(actor=request.actor)
