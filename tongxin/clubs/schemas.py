import datetime as dt

from ninja import Schema

from tongxin.core.schemas import SignedFen


class ClubOut(Schema):
    id: int
    name: str
    kind: str
    description: str
    place: str
    node_id: int
    status: str
    category_key: str


class ClubListOut(ClubOut):
    member_count: int


class ClubOpenOut(ClubListOut):
    is_member: bool


class ClubCreateIn(Schema):
    node_id: int
    name: str
    kind: str
    description: str = ""
    place: str = ""


class ClubUpdateIn(Schema):
    name: str | None = None
    kind: str | None = None
    description: str | None = None
    place: str | None = None
    category_key: str | None = None


class MembershipOut(Schema):
    id: int
    club_id: int
    person_id: int
    person_name: str
    joined_on: dt.date
    left_on: dt.date | None

    @staticmethod
    def resolve_person_name(obj) -> str:  # type: ignore[no-untyped-def]
        return obj.person.name


class PersonIn(Schema):
    person_id: int


class LeaderOut(Schema):
    id: int
    club_id: int
    person_id: int
    starts_on: dt.date
    ends_on: dt.date | None


class SessionOut(Schema):
    id: int
    club_id: int
    series_id: int | None
    activity_id: int
    on: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    status: str
    places_taken: int
    attended: int

    @staticmethod
    def resolve_starts_at(obj) -> dt.datetime:  # type: ignore[no-untyped-def]
        return obj.activity.starts_at

    @staticmethod
    def resolve_ends_at(obj) -> dt.datetime:  # type: ignore[no-untyped-def]
        return obj.activity.ends_at

    @staticmethod
    def resolve_place(obj) -> str:  # type: ignore[no-untyped-def]
        return obj.activity.place

    @staticmethod
    def resolve_status(obj) -> str:  # type: ignore[no-untyped-def]
        return obj.activity.status


class SeriesIn(Schema):
    weekday: int
    starts_at: dt.time
    ends_at: dt.time
    place: str
    first_on: dt.date
    last_on: dt.date
    capacity: int
    title: str = ""


class SeriesOut(Schema):
    id: int
    club_id: int
    title: str
    weekday: int
    starts_at: dt.time
    ends_at: dt.time
    place: str
    first_on: dt.date
    last_on: dt.date
    capacity: int
    session_count: int

    @staticmethod
    def resolve_session_count(obj) -> int:  # type: ignore[no-untyped-def]
        return obj.sessions.count()


class SpendingOut(Schema):
    year: int
    budget_fen: int | None
    spent_fen: int
    remaining_fen: int | None
    attendance_rate_percent: int | None


class BudgetIn(Schema):
    amount_fen: SignedFen


class ClubBudgetOut(Schema):
    club_id: int
    year: int
    amount_fen: int


class ClubExpenseIn(Schema):
    description: str
    amount_fen: SignedFen
    incurred_on: dt.date
    payee: str = ""
    category_key: str = ""
    override_reason: str = ""


class ExpenseOut(Schema):
    id: int
    club_id: int
    description: str
    amount_fen: int
    incurred_on: dt.date
    category_key: str
    payee: str
    override_reason: str
    journal_entry_id: int | None
    reversal_entry_id: int | None
    reversed_at: dt.datetime | None
    reverse_reason: str


class ClubReasonIn(Schema):
    reason: str
