"""API schemas of care. Visit lists and details carry no health details: the diagnosis has
its own endpoint, for the approval chain only, and every read of it is logged."""

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import Strict

from tongxin.core.schemas import Date, Fen, IdIn, InputSchema, Position
from tongxin.core.years import MAX_YEAR

Text = Annotated[str, Field(max_length=2000)]
Short = Annotated[str, Field(max_length=200)]
Year = Annotated[int, Strict(), Field(ge=1990, le=MAX_YEAR)]
Count = Annotated[int, Strict(), Field(ge=1, le=50)]


class AttachmentIn(InputSchema):
    label: Annotated[str, Field(min_length=1, max_length=100)]
    filename: Short
    content_base64: Annotated[str, Field(max_length=14_000_000)]


class VisitIn(InputSchema):
    person_id: IdIn
    kind: Annotated[str, Field(max_length=24)]
    event_on: Date
    amount_fen: Fen
    diagnosis: Text = ""
    note: Text = ""
    relative_id: IdIn | None = None
    payee_id: IdIn | None = None
    hardship_file_id: IdIn | None = None
    attachments: Annotated[list[AttachmentIn], Field(max_length=10)] = []
    documents_to_follow: bool = False
    disclosure_consent: bool = False


class CareDecisionIn(InputSchema):
    outcome: Annotated[str, Field(max_length=16)]
    comment: Text = ""
    expected_position: Position | None = None


class ConsentIn(InputSchema):
    consent: bool


class BudgetOverrideIn(InputSchema):
    reason: Annotated[str, Field(max_length=500)]


class VisitOut(Schema):
    """A visit as lists show it: who, where, what, how much, where it stands."""

    id: int
    person_id: int
    person_name: str
    node_id: int
    node_name: str
    kind: str
    kind_label: str
    event_on: dt.date
    filed_on: dt.date
    amount_fen: int
    payment_form: str
    status: str
    status_label: str
    current_step: int | None
    paid_on: dt.date | None

    @staticmethod
    def resolve_person_name(obj: Any) -> str:
        return obj.person.name

    @staticmethod
    def resolve_node_name(obj: Any) -> str:
        return obj.node.name

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_current_step(obj: Any) -> int | None:
        if obj.status != "submitted" or obj.approval is None:
            return None
        return obj.approval.current_position


class AttachmentOut(Schema):
    id: int
    label: str
    filename: str
    content_type: str
    size: int


class DecisionOut(Schema):
    position: int
    step_name: str
    outcome: str
    decider_label: str
    comment: str
    decided_at: dt.datetime


class VisitDetailOut(VisitOut):
    category_key: str
    relative_id: int | None
    payee_id: int | None
    hardship_file_id: int | None
    note: str
    documents_to_follow: bool
    disclosure_consent: bool
    disclosure_consent_at: dt.datetime | None
    has_health_details: bool
    may_see_health: bool
    may_decide: bool
    decide_blocker: str = Field(
        "", description="Why the caller, whose roles cover the current step, may not decide it."
    )
    budget_override_reason: str = Field(
        "", description="The union office's reason for paying beyond the budget, if given."
    )
    budget_override_at: dt.datetime | None = None
    may_override_budget: bool = False
    attachments: list[AttachmentOut]
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_has_health_details(obj: Any) -> bool:
        return obj.api_extra["has_health_details"]

    @staticmethod
    def resolve_may_see_health(obj: Any) -> bool:
        return obj.api_extra["may_see_health"]

    @staticmethod
    def resolve_may_decide(obj: Any) -> bool:
        return obj.api_extra["may_decide"]

    @staticmethod
    def resolve_decide_blocker(obj: Any) -> str:
        return obj.api_extra["decide_blocker"]

    @staticmethod
    def resolve_may_override_budget(obj: Any) -> bool:
        return obj.api_extra["may_override_budget"]

    @staticmethod
    def resolve_attachments(obj: Any) -> list:
        return obj.api_extra["attachments"]

    @staticmethod
    def resolve_decisions(obj: Any) -> list:
        return obj.api_extra["decisions"]


class HealthOut(Schema):
    diagnosis: str


class NoticeOut(Schema):
    """The notice list: name, kind and amount, nothing else."""

    person_name: str
    kind: str
    kind_label: str
    amount_fen: int

    @staticmethod
    def resolve_person_name(obj: Any) -> str:
        return obj.person.name

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())


class HardshipInputsIn(InputSchema):
    household_size: Count
    annual_income_fen: Fen
    rigid_expenses_fen: Fen = 0
    incident_costs_fen: Fen = 0
    major_incident: bool = False
    excluded: bool = False


class HardshipApplyIn(HardshipInputsIn):
    person_id: IdIn
    situation: Text = ""
    applied_on: Date | None = None


class HardshipVerifyIn(InputSchema):
    inputs: HardshipInputsIn | None = None
    note: Text = ""
    on: Date | None = None


class HardshipReverifyIn(InputSchema):
    inputs: HardshipInputsIn
    note: Text = ""
    on: Date | None = None


class HardshipCloseIn(InputSchema):
    reason: Text
    on: Date | None = None


class OnIn(InputSchema):
    on: Date | None = None


class HardshipOut(Schema):
    id: int
    person_id: int
    person_name: str
    node_id: int
    node_name: str
    status: str
    status_label: str
    hardship_class: str
    applied_on: dt.date
    household_size: int
    annual_income_fen: int
    rigid_expenses_fen: int
    incident_costs_fen: int
    major_incident: bool
    excluded: bool
    monthly_per_capita_fen: int
    minimum_living_monthly_fen: int
    verified_on: dt.date | None
    approved_on: dt.date | None
    valid_until: dt.date | None
    closed_on: dt.date | None
    closure_reason: str

    @staticmethod
    def resolve_person_name(obj: Any) -> str:
        return obj.person.name

    @staticmethod
    def resolve_node_name(obj: Any) -> str:
        return obj.node.name

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


class WaiverIn(InputSchema):
    person_id: IdIn
    child_id: IdIn
    school_year: Year
    note: Text = ""


class WaiverDecisionIn(InputSchema):
    granted: bool
    amount_waived_fen: Fen = 0
    school_note: Text = ""
    on: Date | None = None


class WaiverOut(Schema):
    id: int
    person_id: int
    person_name: str
    child_id: int
    child_name: str
    node_id: int
    school_year: int
    status: str
    status_label: str
    requested_on: dt.date
    submitted_on: dt.date | None
    decided_on: dt.date | None
    amount_waived_fen: int
    school_note: str
    note: str

    @staticmethod
    def resolve_person_name(obj: Any) -> str:
        return obj.person.name

    @staticmethod
    def resolve_child_name(obj: Any) -> str:
        return obj.child.name

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


class ThresholdsIn(InputSchema):
    school_id: IdIn
    effective_from: Date
    minimum_living_monthly_fen: Fen
    relative_factor_percent: Annotated[int, Strict(), Field(ge=1, le=1000)] = 200
    accident_income_percent: Annotated[int, Strict(), Field(ge=1, le=1000)] = 80
    valid_months: Annotated[int, Strict(), Field(ge=1, le=60)] = 12


class ThresholdsOut(Schema):
    id: int
    school_id: int
    effective_from: dt.date
    minimum_living_monthly_fen: int
    relative_factor_percent: int
    accident_income_percent: int
    valid_months: int
