import datetime as dt

from ninja import Schema

from tongxin.core.schemas import SignedFen


class ActivityOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    place: str
    status: str
    organiser_id: int
    audience_node_id: int
    outside_co_organisers: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    sign_up_opens_at: dt.datetime | None
    sign_up_deadline: dt.datetime | None
    quota: int | None
    requires_approval: bool
    allocation: str
    lottery_at: dt.datetime | None
    offer_hours: int
    staff_scope: str
    include_retirees: bool
    staff_allowed: bool
    gender: str
    min_age: int | None
    max_age: int | None
    family_scope: str
    child_min_age: int | None
    child_max_age: int | None
    outsiders_allowed: bool
    estimated_cost_fen: int
    budget_line: str


class ActivityListOut(ActivityOut):
    places_taken: int
    waitlisted: int
    attended: int
    pending: int


class ActivityIn(Schema):
    """Fields of an activity; on update, only the ones sent change."""

    kind: str | None = None
    title: str | None = None
    description: str | None = None
    place: str | None = None
    outside_co_organisers: str | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    sign_up_opens_at: dt.datetime | None = None
    sign_up_deadline: dt.datetime | None = None
    quota: int | None = None
    requires_approval: bool | None = None
    allocation: str | None = None
    lottery_at: dt.datetime | None = None
    offer_hours: int | None = None
    audience_node_id: int | None = None
    staff_scope: str | None = None
    include_retirees: bool | None = None
    staff_allowed: bool | None = None
    gender: str | None = None
    min_age: int | None = None
    max_age: int | None = None
    family_scope: str | None = None
    child_min_age: int | None = None
    child_max_age: int | None = None
    outsiders_allowed: bool | None = None
    estimated_cost_fen: SignedFen | None = None
    budget_line: str | None = None
    co_organiser_ids: list[int] | None = None


class ActivityCreateIn(ActivityIn):
    organiser_id: int
    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class CancelIn(Schema):
    reason: str = ""


class SlotIn(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    label: str = ""


class SlotOut(Schema):
    id: int
    label: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int


class BranchQuotaIn(Schema):
    node_id: int
    places: int


class BranchQuotaOut(Schema):
    node_id: int
    places: int


class SignUpIn(Schema):
    """Sign up: yourself by default; ``person_id`` for an officer registering someone."""

    person_id: int | None = None
    family_member_id: int | None = None
    slot_id: int | None = None
    guardian_consent: bool = False


class OutsiderIn(Schema):
    name: str
    phone: str
    organisation: str = ""
    slot_id: int | None = None


class SignUpOut(Schema):
    id: int
    activity_id: int
    slot_id: int | None
    person_id: int | None
    family_member_id: int | None
    node_id: int
    participant_name: str
    status: str
    waitlist_position: int | None
    offer_expires_at: dt.datetime | None
    checked_in_at: dt.datetime | None
    created_at: dt.datetime


class MySignUpOut(SignUpOut):
    check_in_code: str
    check_in_token: str


class DecideIn(Schema):
    approve: bool
    comment: str = ""


class CheckInIn(Schema):
    code: str


class SelfCheckInIn(Schema):
    event_code: str


class CheckInOut(Schema):
    already: bool
    sign_up: SignUpOut


class LotteryOut(Schema):
    activity_id: int
    seed: str
    algorithm: str
    candidates: list[list[int | None]]
    capacity: dict
    winner_ids: list[int]
    waitlist_ids: list[int]
    drawn_at: dt.datetime
    replay_matches: bool


class CostIn(Schema):
    description: str
    amount_fen: SignedFen
    incurred_on: dt.date
    category_key: str = "expense.staff_activities.culture_sports"
    paying_node_id: int | None = None
    payee: str = ""
    budget_override_reason: str = ""


class CostOut(Schema):
    id: int
    activity_id: int
    description: str
    amount_fen: int
    incurred_on: dt.date
    paying_node_id: int
    category_key: str
    payee: str
    journal_entry_id: int | None
    reversal_entry_id: int | None
    reversed_at: dt.datetime | None
    reverse_reason: str


class CostReverseIn(Schema):
    reason: str
