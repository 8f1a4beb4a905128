"""API schemas of proposals."""

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema

from tongxin.core.schemas import Date, IdIn, InputSchema

Text100 = Annotated[str, Field(max_length=100)]
Text4000 = Annotated[str, Field(max_length=4000)]
Text8000 = Annotated[str, Field(max_length=8000)]
Note = Annotated[str, Field(max_length=2000)]


class CollectionIn(InputSchema):
    term_id: IdIn
    session_number: Annotated[int, Field(ge=1, le=99)]
    title: Text100
    opens_at: dt.datetime
    closes_at: dt.datetime
    min_co_signers: Annotated[int, Field(ge=0, le=20)] | None = None
    reply_days: Annotated[int, Field(ge=1, le=365)] | None = None


class CollectionOut(Schema):
    id: int
    term_id: int
    session_number: int
    title: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    min_co_signers: int
    reply_days: int


class ProposalIn(InputSchema):
    collection_id: IdIn
    title: Text100
    reasons: Text4000
    measures: Text4000
    category: Annotated[str, Field(max_length=24)]


class SendIn(InputSchema):
    invitee_ids: Annotated[list[IdIn], Field(max_length=200)] = []


class ProposalNoteIn(InputSchema):
    note: Note = ""


class ProposalReasonIn(InputSchema):
    reason: Note


class AcceptIn(InputSchema):
    note: Note = ""
    lead_department_id: IdIn | None = None
    co_department_ids: Annotated[list[IdIn], Field(max_length=20)] = []
    due_on: Date | None = None


class AssignIn(InputSchema):
    lead_department_id: IdIn
    co_department_ids: Annotated[list[IdIn], Field(max_length=20)] = []
    due_on: Date | None = None


class MergeIn(InputSchema):
    into_id: IdIn
    note: Note = ""


class ConvertIn(InputSchema):
    department_id: IdIn
    note: Note = ""


class DisputeDecisionIn(InputSchema):
    decision: Annotated[str, Field(max_length=12)]
    note: Note


class OutstandingIn(InputSchema):
    is_outstanding: bool
    note: Note = ""


class ProposalAttachmentIn(InputSchema):
    filename: Annotated[str, Field(max_length=200)]
    content_base64: Annotated[str, Field(max_length=14_000_000)]


class ReplyIn(InputSchema):
    text: Text8000
    attachments: Annotated[list[ProposalAttachmentIn], Field(max_length=5)] = []


class RateIn(InputSchema):
    rating: Annotated[str, Field(max_length=24)]
    comment: Annotated[str, Field(max_length=1000)] = ""


class ProposalOut(Schema):
    id: int
    collection_id: int
    number: int | None
    title: str
    category: str
    category_label: str
    status: str
    status_label: str
    proposer_id: int
    proposer_name: str
    node_name: str
    co_signer_count: int
    lead_department: str | None
    due_on: dt.date | None
    round: int
    rating: str
    is_outstanding: bool

    @staticmethod
    def resolve_category_label(obj: Any) -> str:
        return str(obj.get_category_display())

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_proposer_name(obj: Any) -> str:
        return obj.proposer.name

    @staticmethod
    def resolve_node_name(obj: Any) -> str:
        return obj.node.name

    @staticmethod
    def resolve_lead_department(obj: Any) -> str | None:
        rows = getattr(obj, "lead_rows", [])
        return rows[0].department.name if rows else None


class PersonRefOut(Schema):
    person_id: int
    name: str


class DepartmentRowOut(Schema):
    department_id: int
    name: str
    role: str


class RatingOut(Schema):
    person_id: int
    rating: str
    comment: str
    rated_on: dt.date


class ProposalAttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int


class ProposalReplyOut(Schema):
    round: int
    department_id: int
    department_name: str
    text: str
    replied_on: dt.date
    due_on: dt.date
    is_late: bool
    attachments: list[ProposalAttachmentOut]
    ratings: list[RatingOut]


class ProposalDetailOut(Schema):
    id: int
    collection_id: int
    number: int | None
    title: str
    reasons: str
    measures: str
    category: str
    status: str
    status_label: str
    proposer_id: int
    proposer_name: str
    submitted_at: dt.datetime | None
    reviewed_on: dt.date | None
    review_note: str
    merged_into_id: int | None
    voice_item_id: int | None
    dispute_reason: str
    dispute_decision: str
    dispute_note: str
    round: int
    assigned_on: dt.date | None
    due_on: dt.date | None
    rating: str
    is_outstanding: bool
    co_signers: list[PersonRefOut]
    co_proposers: list[PersonRefOut]
    departments: list[DepartmentRowOut]
    replies: list[ProposalReplyOut]


class ReportOut(Schema):
    collection_id: int
    total: int
    by_outcome: dict[str, int]
    by_category: list[tuple[str, int, int]]
    by_department: list[tuple[str, int, int, int]]
    replied: int
    on_time: int
    on_time_pct: int
    ratings: dict[str, int]
    satisfied_pct: int
    outstanding_ids: list[int]
