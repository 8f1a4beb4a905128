import datetime as dt
from typing import Any

from ninja import Schema


class TermOut(Schema):
    id: int
    school_id: int
    number: int
    starts_on: dt.date
    ends_on: dt.date
    years: int
    status: str
    quorum_base: str
    majority_base: str
    roll_confirmed_at: dt.datetime | None


class RepresentativeOut(Schema):
    id: int
    person_id: int
    person_name: str
    delegation_id: int
    delegation_name: str
    kind: str
    source: str
    elected_on: dt.date
    ended_on: dt.date | None
    end_reason: str

    @staticmethod
    def resolve_person_name(obj: Any) -> str:
        return str(obj.person.name)

    @staticmethod
    def resolve_delegation_name(obj: Any) -> str:
        return str(obj.delegation.name)


class SeatIn(Schema):
    delegation_id: int
    person_id: int
    kind: str = "formal"


class EndIn(Schema):
    reason: str


class ShareOut(Schema):
    key: str
    label: str
    count: int
    total: int
    pct: float
    floor_pct: int | None
    ceiling_pct: int | None
    violated: bool


class CompositionOut(Schema):
    total: int
    unrecorded_category: int
    shares: list[ShareOut]


class CongressSessionOut(Schema):
    id: int
    term_id: int
    number: int
    title: str
    starts_at: dt.datetime
    place: str
    status: str
    seated: int = 0
    entitled: int = 0
    present: int = 0
    quorum_needed: int = 0


class CodeIn(Schema):
    code: str


class CongressCheckInOut(Schema):
    representative_id: int
    already: bool


class MotionIn(Schema):
    title: str
    method: str = "ballot"
    majority_base: str | None = None


class PollOut(Schema):
    id: int
    session_id: int
    kind: str
    title: str
    method: str
    status: str
    majority_base: str
    election_id: int | None
    round_number: int
    seats: int
    candidate_ids: list[int]
    seated_count: int
    entitled_count: int
    present_count: int
    result: dict[str, Any]
    bulletin_head: str


class BallotIn(Schema):
    choice: str | None = None
    marks: dict[str, str] | None = None
    write_ins: list[str] | None = None

    def content(self) -> dict[str, Any]:
        if self.choice is not None:
            return {"choice": self.choice}
        return {"marks": self.marks or {}, "write_ins": self.write_ins or []}


class BallotReceiptOut(Schema):
    receipt: str


class BulletinEntryOut(Schema):
    seq: int | None
    receipt: str
    content: dict[str, Any]
    digest: str
    chain: str


class RepresentativeIn(Schema):
    representative_id: int


class HandsIn(Schema):
    yes: int
    no: int
    abstain: int


class ElectionIn(Schema):
    title: str
    kind: str
    seats: int


class ElectionOut(Schema):
    id: int
    session_id: int
    title: str
    kind: str
    seats: int
    status: str
    winners: list[dict[str, Any]]


class CandidateIn(Schema):
    person_id: int


class CandidateOut(Schema):
    id: int
    person_id: int
    name: str
