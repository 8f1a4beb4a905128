"""API schemas of staff voice. A department's schemas carry no filer field except the one
``department_item_get`` fills (empty when the filer asked to stay anonymous)."""

import datetime as dt
from typing import Any

from django.utils import timezone
from ninja import Schema

from .choices import ItemStatus, WishVisibility


def _is_overdue(obj: Any) -> bool:
    return (
        obj.status == ItemStatus.ROUTED
        and obj.due_on is not None
        and obj.due_on < timezone.localdate()
    )


class WishIn(Schema):
    text: str
    visibility: str = WishVisibility.PRIVATE


class WishDecisionIn(Schema):
    note: str = ""
    on: dt.date | None = None


class WishOut(Schema):
    id: int
    year: int
    text: str
    visibility: str
    status: str
    status_label: str
    submitted_on: dt.date
    person_id: int
    person_name: str
    node_id: int
    node_name: str
    office_note: str
    decided_on: dt.date | None
    fulfilled_on: dt.date | None
    fulfilment_note: str

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_person_name(obj: Any) -> str:
        return obj.person.name

    @staticmethod
    def resolve_node_name(obj: Any) -> str:
        return obj.node.name


class WallWishOut(Schema):
    text: str
    status: str
    status_label: str
    branch_name: str | None


class BranchWishCountOut(Schema):
    branch_name: str
    counts: dict[str, int]
    total: int


class WishStatsOut(Schema):
    year: int
    total: int
    on_wall: int
    by_status: dict[str, int]
    by_branch: list[BranchWishCountOut]

    @staticmethod
    def resolve_by_branch(obj: Any) -> list[dict[str, Any]]:
        return [
            {"branch_name": name, "counts": counts, "total": total}
            for name, counts, total in obj.by_branch
        ]


class ItemIn(Schema):
    person_id: int | None = None
    kind: str
    category: str
    title: str
    text: str
    is_anonymous_to_department: bool = False


class ItemAcceptIn(Schema):
    department_id: int | None = None
    due_on: dt.date | None = None
    note: str = ""


class ItemRouteIn(Schema):
    department_id: int
    due_on: dt.date | None = None
    note: str = ""


class ItemDeclineIn(Schema):
    reason: str


class ItemReplyIn(Schema):
    text: str
    on: dt.date | None = None


class ItemRateIn(Schema):
    rating: str
    comment: str = ""


class ItemCloseIn(Schema):
    note: str = ""


class EventOut(Schema):
    kind: str
    kind_label: str
    party: str
    party_label: str
    occurred_on: dt.date
    department_name: str | None
    round: int
    note: str

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_party_label(obj: Any) -> str:
        return str(obj.get_party_display())

    @staticmethod
    def resolve_department_name(obj: Any) -> str | None:
        return obj.department.name if obj.department_id else None


class ReplyOut(Schema):
    round: int
    department_name: str | None
    text: str
    replied_on: dt.date
    due_on: dt.date | None
    is_late: bool
    rating: str
    rating_comment: str
    rated_on: dt.date | None

    @staticmethod
    def resolve_department_name(obj: Any) -> str | None:
        return obj.department.name if obj.department_id else None


class ItemOut(Schema):
    id: int
    kind: str
    category: str
    title: str
    text: str
    person_id: int | None
    person_name: str | None
    node_id: int
    node_name: str
    filed_on: dt.date
    visit_id: int | None
    is_anonymous_to_department: bool
    status: str
    status_label: str
    round: int
    department_id: int | None
    department_name: str | None
    routed_on: dt.date | None
    due_on: dt.date | None
    is_overdue: bool
    decline_reason: str
    rating: str
    closed_on: dt.date | None

    @staticmethod
    def resolve_person_name(obj: Any) -> str | None:
        return obj.person.name if obj.person_id else None

    @staticmethod
    def resolve_node_name(obj: Any) -> str:
        return obj.node.name

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_department_name(obj: Any) -> str | None:
        return obj.department.name if obj.department_id else None

    @staticmethod
    def resolve_is_overdue(obj: Any) -> bool:
        return _is_overdue(obj)


class ItemDetailOut(ItemOut):
    """An item with its timeline and replies (the endpoint loads both with the item)."""

    events: list[EventOut]
    replies: list[ReplyOut]

    @staticmethod
    def resolve_events(obj: Any) -> list[Any]:
        return obj.timeline

    @staticmethod
    def resolve_replies(obj: Any) -> list[Any]:
        return obj.reply_list


class DepartmentItemOut(Schema):
    """A routed item in a department's list: the matter only, never who filed it."""

    id: int
    kind: str
    category: str
    title: str
    status: str
    round: int
    department_name: str | None
    routed_on: dt.date | None
    due_on: dt.date | None
    is_overdue: bool

    @staticmethod
    def resolve_department_name(obj: Any) -> str | None:
        return obj.department.name if obj.department_id else None

    @staticmethod
    def resolve_is_overdue(obj: Any) -> bool:
        return _is_overdue(obj)


class DepartmentItemDetailOut(Schema):
    id: int
    kind: str
    category: str
    title: str
    text: str
    status: str
    round: int
    filed_on: dt.date
    routed_on: dt.date | None
    due_on: dt.date | None
    is_overdue: bool
    department_name: str
    filer_name: str | None
    branch_name: str | None
    replies: list[ReplyOut]
    events: list[EventOut]

    @staticmethod
    def resolve_id(obj: Any) -> int:
        return obj.pk


class RaisedItemIn(Schema):
    kind: str
    category: str
    title: str
    text: str
    person_id: int | None = None
    is_anonymous_to_department: bool = False


class GrassrootsVisitIn(Schema):
    node_id: int
    lead_id: int
    summary: str
    visited_on: dt.date | None = None
    visitor_ids: list[int] = []
    participants: str = ""
    raised: list[RaisedItemIn] = []


class GrassrootsVisitOut(Schema):
    id: int
    node_id: int
    node_name: str
    visited_on: dt.date
    lead_id: int
    lead_name: str
    participants: str
    summary: str
    item_count: int

    @staticmethod
    def resolve_node_name(obj: Any) -> str:
        return obj.node.name

    @staticmethod
    def resolve_lead_name(obj: Any) -> str:
        return obj.lead.name

    @staticmethod
    def resolve_item_count(obj: Any) -> int:
        count = getattr(obj, "item_count", None)
        return count if count is not None else len(obj.items.all())


class GrassrootsVisitDetailOut(GrassrootsVisitOut):
    visitor_names: list[str]
    items: list[ItemOut]

    @staticmethod
    def resolve_visitor_names(obj: Any) -> list[str]:
        return [person.name for person in obj.visitors.all()]

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return list(obj.items.all())
