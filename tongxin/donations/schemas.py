"""API schemas of donations. The honour roll schema carries no person field at all, so an
anonymous donor's name cannot leak through it."""

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, StringConstraints

from tongxin.core.schemas import Date, Fen, IdIn, InputSchema

Text120 = Annotated[str, StringConstraints(max_length=120)]
Text = Annotated[str, StringConstraints(max_length=4000)]
Short = Annotated[str, StringConstraints(max_length=200)]


class CampaignIn(InputSchema):
    title: Text120
    recipient: Text120
    starts_on: Date
    ends_on: Date
    target_fen: Fen = 0
    description: Text = ""


class CampaignOut(Schema):
    id: int
    title: str
    organiser_id: int
    recipient: str
    description: str
    target_fen: int
    starts_on: dt.date
    ends_on: dt.date
    status: str
    code: str
    collected_fen: int
    donor_count: int
    pending_count: int
    handed_over_on: dt.date | None
    handover_amount_fen: int
    handover_receipt: str


class HandOverIn(InputSchema):
    amount_fen: Fen
    handed_over_on: Date
    recipient_receipt: Annotated[str, StringConstraints(max_length=60)]
    note: Text = ""


class DonationIn(InputSchema):
    person_id: IdIn
    amount_fen: Fen
    donated_on: Date
    channel: Annotated[str, StringConstraints(max_length=20)]
    is_anonymous: bool = False
    note: Short = ""


class DonationOut(Schema):
    id: int
    campaign_id: int
    person_id: int
    person_name: str
    staff_number: str
    node_id: int
    node_name: str
    amount_fen: int
    donated_on: dt.date
    channel: str
    is_anonymous: bool
    status: str
    receipt_number: str
    note: str
    batch_id: int | None

    @staticmethod
    def resolve_person_name(obj: Any) -> str:
        return obj.person.name

    @staticmethod
    def resolve_staff_number(obj: Any) -> str:
        return obj.person.staff_number

    @staticmethod
    def resolve_node_name(obj: Any) -> str:
        return obj.node.name


class BulkRowIn(InputSchema):
    row: Annotated[int, Field(ge=1, le=1_000_000)]
    staff_number: Annotated[str, StringConstraints(max_length=32)]
    name: Annotated[str, StringConstraints(max_length=50)] = ""
    amount: Annotated[str, StringConstraints(max_length=20)]
    donated_on: Annotated[str, StringConstraints(max_length=20)]
    channel: Annotated[str, StringConstraints(max_length=20)] = ""
    anonymous: bool = False


class BulkIn(InputSchema):
    node_id: IdIn
    rows: Annotated[list[BulkRowIn], Field(min_length=1, max_length=5000)]
    dry_run: bool = True


class BulkRowError(Schema):
    field: str
    code: str
    message: str


class BulkRowOut(Schema):
    row: int
    status: str
    staff_number: str
    name: str
    amount_fen: int | None
    donated_on: dt.date | None
    errors: list[BulkRowError]


class BulkOut(Schema):
    dry_run: bool
    create_count: int
    error_count: int
    total_fen: int
    batch_id: int | None = None
    rows: list[BulkRowOut]


class DonationConfirmIn(InputSchema):
    donation_ids: Annotated[list[IdIn], Field(min_length=1, max_length=1000)]


class RejectIn(InputSchema):
    reason: Short


class DonationBatchOut(Schema):
    id: int
    campaign_id: int
    node_id: int
    donation_count: int
    total_fen: int
    entry_on: dt.date
    journal_entry_id: int | None


class BranchTotalOut(Schema):
    node_id: int
    name: str
    donors: int
    count: int
    total_fen: int
    pending: int


class RollEntryOut(Schema):
    name: str
    branch: str
    total_fen: int
    is_anonymous: bool
