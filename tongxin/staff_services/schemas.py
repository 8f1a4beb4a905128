"""API schemas of staff services. Amounts are integer fen; the insurer's payment on a claim
is recorded only (it is not union money)."""

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import StringConstraints

from tongxin.core.schemas import Date, Fen, IdIn, InputSchema

Text120 = Annotated[str, StringConstraints(max_length=120)]
Text2000 = Annotated[str, StringConstraints(max_length=2000)]


class CoverItemIn(InputSchema):
    name: Text120
    amount_fen: Fen
    is_rider: bool = False


class CoverItemOut(Schema):
    id: int
    name: str
    amount_fen: int
    is_rider: bool


class InsurancePolicyIn(InputSchema):
    name: Text120
    insurer: Text120
    policy_number: Annotated[str, StringConstraints(max_length=64)] = ""
    starts_on: Date
    ends_on: Date
    premium_per_person_fen: Fen
    note: Text2000 = ""


class PolicyCreateIn(InsurancePolicyIn):
    node_id: IdIn | None = None
    cover_items: list[CoverItemIn] = Field(default_factory=list, max_length=50)


class InsurancePolicyOut(Schema):
    id: int
    node_id: int
    node_name: str = Field(alias="node.name")
    name: str
    insurer: str
    policy_number: str
    starts_on: dt.date
    ends_on: dt.date
    premium_per_person_fen: int
    note: str
    premium_entry_id: int | None
    premium_people: int
    premium_posted_fen: int
    insured_count: int = 0
    claim_count: int = 0


class PolicyDetailOut(InsurancePolicyOut):
    cover_items: list[CoverItemOut]

    @staticmethod
    def resolve_cover_items(obj: Any) -> list[Any]:
        return list(obj.cover_items.all())


class PremiumPostIn(InputSchema):
    entry_on: Date | None = None


class RosterImportIn(InputSchema):
    node_id: IdIn | None = None


class InsuredRosterImportOut(Schema):
    added: int


class InsuredAddIn(InputSchema):
    person_id: IdIn
    added_on: Date | None = None


class InsuredRemoveIn(InputSchema):
    removed_on: Date
    note: Annotated[str, StringConstraints(max_length=200)] = ""
    refund_fen: Fen = 0


class InsuredOut(Schema):
    id: int
    policy_id: int
    person_id: int
    person_name: str = Field(alias="person.name")
    staff_number: str = Field(alias="person.staff_number")
    node_id: int
    node_name: str = Field(alias="node.name")
    added_on: dt.date
    removed_on: dt.date | None
    removal_note: str
    premium_entry_id: int | None
    refund_fen: int
    refund_entry_id: int | None


class MyCoverOut(Schema):
    id: int
    added_on: dt.date
    removed_on: dt.date | None
    policy: PolicyDetailOut


class ClaimIn(InputSchema):
    person_id: IdIn
    policy_id: IdIn
    incident_on: Date
    description: Text2000
    reported_on: Date | None = None


class ClaimStepIn(InputSchema):
    on: Date | None = None
    note: Text2000 = ""


class ClaimSettleIn(ClaimStepIn):
    outcome: str
    paid_fen: Fen = 0


class ClaimOut(Schema):
    id: int
    policy_id: int
    policy_name: str = Field(alias="policy.name")
    person_id: int
    person_name: str = Field(alias="person.name")
    node_id: int
    node_name: str = Field(alias="node.name")
    incident_on: dt.date
    description: str
    status: str
    status_label: str
    reported_on: dt.date
    submitted_on: dt.date | None
    decided_on: dt.date | None
    paid_fen: int
    note: str

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


class PlaceIn(InputSchema):
    person_id: IdIn | None = None
    child_id: IdIn
    stage: Annotated[str, StringConstraints(max_length=16)]
    wished_school: Text120
    note: Annotated[str, StringConstraints(max_length=1000)] = ""


class PlaceStepIn(InputSchema):
    on: Date | None = None


class PlaceDecideIn(InputSchema):
    outcome: Annotated[str, StringConstraints(max_length=16)]
    outcome_school: Text120 = ""
    note: Annotated[str, StringConstraints(max_length=1000)] = ""
    on: Date | None = None


class PlaceOut(Schema):
    id: int
    year: int
    person_id: int
    person_name: str = Field(alias="person.name")
    child_id: int
    child_name: str = Field(alias="child.name")
    node_id: int
    node_name: str = Field(alias="node.name")
    stage: str
    wished_school: str
    status: str
    status_label: str
    submitted_on: dt.date
    forwarded_on: dt.date | None
    decided_on: dt.date | None
    outcome_school: str
    note: str

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


class PlaceSummaryOut(Schema):
    year: int
    total: int
    by_stage: dict[str, dict[str, int]]
    by_status: dict[str, int]
