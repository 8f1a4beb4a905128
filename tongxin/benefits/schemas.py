"""API schemas of holiday benefits."""

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, AwareDatetime, Field
from pydantic_core import PydanticCustomError

from tongxin.core.schemas import Date, Fen, IdIn, InputSchema


class BatchIn(InputSchema):
    title: str = Field(max_length=120)
    goods: str = Field(max_length=200)
    unit_cost_fen: Fen
    cutoff_on: Date
    distribute_on: Date
    festival: str = Field("", max_length=20)
    activity_id: IdIn | None = None
    supplier: str = Field("", max_length=200)
    include_retirees: bool = False
    audience_node_id: IdIn | None = None
    note: str = Field("", max_length=2000)


class OverrideIn(InputSchema):
    person_id: IdIn
    reason: str = Field(max_length=200)


class ConfirmIn(InputSchema):
    exclude_over_cap: bool = False
    overrides: list[OverrideIn] = Field(default_factory=list, max_length=5000)


class SignOffIn(InputSchema):
    proxy_name: str = Field("", max_length=50)
    scanned: bool = False


class BatchSignOffIn(InputSchema):
    """Sign for a member of the batch by receipt code (scanned) or by staff number (proxy)."""

    code: str = Field("", max_length=200)
    staff_number: str = Field("", max_length=32)
    proxy_name: str = Field("", max_length=50)


def _check_moment(value: dt.datetime) -> dt.datetime:
    if not 1900 < value.year < 2199:
        raise PydanticCustomError("datetime_out_of_range", "The time is not between 1900 and 2199.")
    return value


# A moment with its time zone (e.g. 2021-02-05T10:00:00+08:00) between 1900 and 2199.
Moment = Annotated[AwareDatetime, AfterValidator(_check_moment)]


class SheetLineIn(InputSchema):
    person_id: IdIn
    signed_at: Moment
    proxy_name: str = Field("", max_length=50)


class SheetIn(InputSchema):
    """A branch's paper sign-off sheet: all lines are recorded or none."""

    entries: list[SheetLineIn] = Field(min_length=1, max_length=5000)


class SheetOut(Schema):
    signed: int


class AddressIn(InputSchema):
    address: str = Field(max_length=200)


class NoteIn(InputSchema):
    note: str = Field("", max_length=200)


class BatchOut(Schema):
    id: int
    title: str
    source: str
    festival: str
    activity_id: int | None
    goods: str
    unit_cost_fen: int
    supplier: str
    cutoff_on: dt.date
    distribute_on: dt.date
    include_retirees: bool
    audience_node_id: int | None
    status: str
    status_label: str
    recipient_count: int
    total_cost_fen: int
    journal_entry_id: int | None

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


class BranchProgressOut(Schema):
    branch_id: int
    branch_name: str
    total: int
    signed: int
    proxy: int
    mailed: int
    pending: int
    undelivered: int


class ExclusionOut(Schema):
    person_id: int
    person_name: str
    year_total_fen: int
    cap_fen: int
    overridden: bool
    reason: str

    @staticmethod
    def resolve_person_name(obj: Any) -> str:
        return obj.person.name


class BatchDetailOut(BatchOut):
    progress: list[BranchProgressOut]
    cap_exclusions: list[ExclusionOut]


class ReceiptOut(Schema):
    id: int
    batch_id: int
    batch_title: str
    person_id: int
    person_name: str
    staff_number: str
    node_id: int
    branch_id: int
    branch_name: str
    status: str
    status_label: str
    value_fen: int
    cap_overridden: bool
    signed_at: dt.datetime | None
    signed_by_name: str
    sign_method: str
    proxy_name: str
    mail_address: str
    reissue_count: int

    @staticmethod
    def resolve_batch_title(obj: Any) -> str:
        return obj.batch.title

    @staticmethod
    def resolve_person_name(obj: Any) -> str:
        return obj.person.name

    @staticmethod
    def resolve_staff_number(obj: Any) -> str:
        return obj.person.staff_number

    @staticmethod
    def resolve_branch_name(obj: Any) -> str:
        return obj.branch.name

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_signed_by_name(obj: Any) -> str:
        return str(obj.signed_by) if obj.signed_by_id else ""


class MyReceiptOut(ReceiptOut):
    """The member's own receipt carries its code (for their QR code)."""

    token: str
