"""Request and response shapes of the members API (people, families, memberships, officers,
dues). Inputs carry the columns' bounds; the services apply the rules."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from tongxin.approvals.choices import DecisionOutcome
from tongxin.approvals.schemas import ApprovalRequestOut
from tongxin.core.schemas import Date, Fen, IdIn, InputSchema, Position
from tongxin.orgs.schemas import OrgNodeOut

from .choices import (
    EmploymentStatus,
    Gender,
    MembershipEventKind,
    MembershipStatus,
    OfficerPosition,
    PeriodStatus,
    Relation,
    SchoolStage,
)


class PersonOut(Schema):
    id: int
    staff_number: str
    name: str
    gender: Gender
    birth_on: dt.date | None
    phone: str
    email: str
    id_number_masked: str
    department: str
    node_id: int
    school_id: int
    employment_status: EmploymentStatus
    membership_status: MembershipStatus
    joined_on: dt.date | None
    hire_on: dt.date | None


class _PersonFields(InputSchema):
    birth_on: Date | None = None
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    id_number: str = Field(
        "", max_length=24, description="GB 11643: 17 digits and a check digit or X."
    )
    department: str = Field("", max_length=100)
    employment_status: EmploymentStatus = EmploymentStatus.ACTIVE
    hire_on: Date | None = None
    wage_base_fen: Fen = Field(0, description="Monthly wage base for dues, in fen.")


class PersonCreateIn(_PersonFields):
    node_id: IdIn = Field(description="The school union, branch or group the person belongs to.")
    staff_number: str = Field(max_length=32)
    name: str = Field(max_length=50)
    gender: Gender


class PersonUpdateIn(InputSchema):
    """Only the fields sent are changed. The branch changes by a transfer, not here."""

    staff_number: str | None = Field(None, max_length=32)
    name: str | None = Field(None, max_length=50)
    gender: Gender | None = None
    birth_on: Date | None = None
    phone: str | None = Field(None, max_length=20)
    email: str | None = Field(None, max_length=254)
    id_number: str | None = Field(None, max_length=24)
    department: str | None = Field(None, max_length=100)
    employment_status: EmploymentStatus | None = None
    hire_on: Date | None = None
    wage_base_fen: Fen | None = None


class IdNumberOut(Schema):
    person_id: int
    id_number: str


class FamilyMemberOut(Schema):
    id: int
    person_id: int
    relation: Relation
    name: str
    gender: Literal["", "male", "female"]
    birth_on: dt.date | None
    school_stage: SchoolStage
    note: str
    linked_person_id: int | None = Field(
        None, description="The relative's own person record, when they are also on the staff."
    )


class FamilyMemberIn(InputSchema):
    relation: Relation
    name: str = Field(max_length=50)
    gender: Literal["", "male", "female"] = ""
    birth_on: Date | None = None
    school_stage: SchoolStage = SchoolStage.NONE
    note: str = Field("", max_length=200)
    linked_staff_number: str = Field("", max_length=32)


class FamilyMemberUpdateIn(InputSchema):
    """Only the fields sent are changed."""

    relation: Relation | None = None
    name: str | None = Field(None, max_length=50)
    gender: Literal["", "male", "female"] | None = None
    birth_on: Date | None = None
    school_stage: SchoolStage | None = None
    note: str | None = Field(None, max_length=200)
    linked_staff_number: str | None = Field(None, max_length=32)


class MembershipEventOut(Schema):
    id: int
    person_id: int
    kind: MembershipEventKind
    occurred_on: dt.date
    from_node_id: int | None
    to_node_id: int | None
    note: str


class MembershipPeriodOut(Schema):
    id: int
    person_id: int
    node_id: int
    status: PeriodStatus
    started_on: dt.date
    ended_on: dt.date | None = Field(description="Exclusive: on this day the person was out.")


class MembershipNodeOut(Schema):
    """The node in which the person was a member (or retained member) on ``on``, if any."""

    person_id: int
    on: dt.date
    node: OrgNodeOut | None


class MembershipJoinIn(InputSchema):
    on: Date
    node_id: IdIn | None = Field(None, description="Defaults to the person's current node.")
    note: str = Field("", max_length=200)


class MembershipTransferIn(InputSchema):
    to_node_id: IdIn
    on: Date
    note: str = Field("", max_length=200)


class MembershipDateIn(InputSchema):
    on: Date
    note: str = Field("", max_length=200)


class MembershipApplyIn(InputSchema):
    statement: str = Field("", max_length=2000)


class MembershipApplicationOut(Schema):
    id: int
    person_id: int
    node_id: int
    applied_on: dt.date
    statement: str
    approval: ApprovalRequestOut | None = None


class ApplicationDecideIn(InputSchema):
    outcome: DecisionOutcome
    comment: str = Field("", max_length=2000, description="Required when rejecting.")
    expected_position: Position | None = Field(
        None, description="The step you saw; refused if someone decided it meanwhile."
    )


class OfficerOut(Schema):
    id: int
    node_id: int
    person_id: int
    person_name: str = Field(alias="person.name")
    position: OfficerPosition
    started_on: dt.date
    ended_on: dt.date | None
    role_assignment_id: int | None


class OfficerAppointIn(InputSchema):
    node_id: IdIn
    person_id: IdIn
    position: OfficerPosition
    started_on: Date | None = None
    ended_on: Date | None = None


class OfficerEndIn(InputSchema):
    ended_on: Date | None = Field(None, description="The last day of the term; today if empty.")


class DuesRecordOut(Schema):
    id: int
    person_id: int
    staff_number: str = Field(alias="person.staff_number")
    person_name: str = Field(alias="person.name")
    node_id: int
    month: dt.date
    wage_base_fen: int
    counted_base_fen: int
    rate_basis_points: int
    rounding_rule: str
    amount_fen: int


class DuesComputeIn(InputSchema):
    node_id: IdIn
    month: Date = Field(description="The first day of the month.")


class DuesComputeOut(Schema):
    node_id: int
    month: dt.date
    created: int
