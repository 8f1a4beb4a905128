"""API schemas of submission calls."""

import datetime as dt
from typing import Any

from django.urls import reverse
from ninja import Schema

from tongxin.core.schemas import Fen, IdIn


class CriterionIn(Schema):
    name: str
    weight: int


class CallIn(Schema):
    title: str
    description: str = ""
    kinds: list[str]
    eligibility: str
    child_min_age: int | None = None
    child_max_age: int | None = None
    opens_on: dt.date
    closes_on: dt.date
    max_works_per_author: int = 1
    criteria: list[CriterionIn]
    activity_id: IdIn | None = None


class CriterionOut(Schema):
    id: int
    name: str
    weight: int


class PrizeLevelOut(Schema):
    id: int
    name: str
    count: int
    amount_fen: int


class CallOut(Schema):
    id: int
    title: str
    description: str
    node_id: int
    node_name: str
    kinds: list[str]
    eligibility: str
    child_min_age: int | None
    child_max_age: int | None
    opens_on: dt.date
    closes_on: dt.date
    max_works_per_author: int
    status: str
    status_label: str
    activity_id: int | None

    @staticmethod
    def resolve_node_name(obj: Any) -> str:
        return obj.node.name

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


class CallDetailOut(CallOut):
    criteria: list[CriterionOut]
    prize_levels: list[PrizeLevelOut]

    @staticmethod
    def resolve_criteria(obj: Any) -> list:
        return list(obj.criteria.all())

    @staticmethod
    def resolve_prize_levels(obj: Any) -> list:
        return list(obj.prize_levels.all())


class WorkOut(Schema):
    id: int
    call_id: int
    title: str
    description: str
    kind: str
    content_type: str
    size_bytes: int
    author_name: str
    submitter_id: int
    child_id: int | None
    node_id: int
    status: str
    status_label: str
    submitted_on: dt.date
    screening_note: str
    file_url: str

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_file_url(obj: Any) -> str:
        return reverse("submissions:work-file", args=[obj.pk])


class GalleryWorkOut(Schema):
    id: int
    title: str
    kind: str
    author_name: str
    file_url: str
    prize: str | None

    @staticmethod
    def resolve_file_url(obj: Any) -> str:
        return reverse("submissions:work-file", args=[obj.pk])

    @staticmethod
    def resolve_prize(obj: Any) -> str | None:
        award = getattr(obj, "shown_award", None)
        return award.level.name if award else None


class ScreenIn(Schema):
    note: str = ""


class ScoreIn(Schema):
    criterion_id: IdIn
    value: int


class ScoresIn(Schema):
    scores: list[ScoreIn]


class ScoreOut(Schema):
    criterion_id: int
    value: int


class RankOut(Schema):
    work_id: int
    title: str
    author_name: str
    rank: int | None
    score: float | None
    judges: int
    prize: str | None


class JudgeIn(Schema):
    person_id: IdIn


class JudgeOut(Schema):
    id: int
    person_id: int
    person_name: str

    @staticmethod
    def resolve_person_name(obj: Any) -> str:
        return obj.person.name


class PrizeLevelIn(Schema):
    name: str
    count: int
    amount_fen: Fen = 0


class AwardOut(Schema):
    id: int
    work_id: int
    level_id: int
    level_name: str
    amount_fen: int

    @staticmethod
    def resolve_level_name(obj: Any) -> str:
        return obj.level.name


class PublishIn(Schema):
    pay_prizes: bool = False
