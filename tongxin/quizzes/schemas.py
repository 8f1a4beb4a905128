"""API schemas of quizzes. An attempt's questions carry no correct options or explanations
until the attempt is finished (``AttemptOut.finished``)."""

import datetime as dt
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema

from tongxin.core.schemas import IdIn, InputSchema

from .choices import OPTION_LETTERS, QuestionKind

Choice = Annotated[int, Field(ge=0, le=len(OPTION_LETTERS) - 1)]


class QuizOut(Schema):
    id: int
    title: str
    description: str
    status: str
    status_label: str
    organiser_id: int
    organiser_name: str
    audience_node_id: int
    gender: str
    activity_id: int | None
    opens_at: dt.datetime
    closes_at: dt.datetime
    time_limit_minutes: int
    grace_seconds: int
    question_count: int | None
    shuffle_questions: bool
    shuffle_options: bool
    attempts_allowed: int
    results_public: bool

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_organiser_name(obj: Any) -> str:
        return obj.organiser.name


class MyAttemptOut(Schema):
    id: int
    number: int
    status: str
    started_at: dt.datetime
    deadline: dt.datetime
    finished_at: dt.datetime | None
    score: int
    max_score: int
    is_best: bool


class MemberQuizOut(QuizOut):
    my_attempts: list[MyAttemptOut]


class OptionOut(Schema):
    position: int
    letter: str
    text: str
    chosen: bool
    correct: bool | None


class AttemptQuestionOut(Schema):
    question_id: int
    position: int
    kind: str
    stem: str
    points: int
    options: list[OptionOut]
    saved_at: dt.datetime | None
    awarded: int | None
    is_correct: bool | None
    explanation: str | None


class AttemptOut(Schema):
    id: int
    quiz_id: int
    quiz_title: str
    person_id: int
    number: int
    status: str
    started_at: dt.datetime
    deadline: dt.datetime
    seconds_left: int
    finished: bool
    finished_at: dt.datetime | None
    duration_seconds: int | None
    score: int | None
    max_score: int
    questions: list[AttemptQuestionOut]


def attempt_out(attempt: Any, items: list, now: dt.datetime) -> dict[str, Any]:
    """The attempt as the API shows it; correct options only once finished."""
    finished = attempt.is_finished
    questions = []
    for item in items:
        question = item.question
        if question.kind == QuestionKind.TRUE_FALSE:
            pairs = [(0, _("True")), (1, _("False"))]
        else:
            pairs = [(bank, question.options[bank]) for bank in item.option_order]
        questions.append(
            {
                "question_id": item.question_id,
                "position": item.position,
                "kind": question.kind,
                "stem": question.stem,
                "points": item.points,
                "options": [
                    {
                        "position": position,
                        "letter": OPTION_LETTERS[position],
                        "text": text,
                        "chosen": bank in item.chosen,
                        "correct": (bank in item.correct) if finished else None,
                    }
                    for position, (bank, text) in enumerate(pairs)
                ],
                "saved_at": item.saved_at,
                "awarded": item.awarded if finished else None,
                "is_correct": item.is_correct if finished else None,
                "explanation": question.explanation if finished else None,
            }
        )
    return {
        "id": attempt.pk,
        "quiz_id": attempt.quiz_id,
        "quiz_title": attempt.quiz.title,
        "person_id": attempt.person_id,
        "number": attempt.number,
        "status": attempt.status,
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "seconds_left": 0 if finished else max(0, int((attempt.deadline - now).total_seconds())),
        "finished": finished,
        "finished_at": attempt.finished_at,
        "duration_seconds": attempt.duration_seconds,
        "score": attempt.score if finished else None,
        "max_score": attempt.max_score,
        "questions": questions,
    }


class AnswerIn(InputSchema):
    question_id: IdIn
    choices: list[Choice] = Field(default_factory=list, max_length=len(OPTION_LETTERS))


class AnswersIn(InputSchema):
    answers: list[AnswerIn] = Field(default_factory=list, max_length=500)

    def as_map(self) -> dict[int, list[int]]:
        return {answer.question_id: list(answer.choices) for answer in self.answers}


class SavedOut(Schema):
    changed: int


class RankRowOut(Schema):
    rank: int
    name: str
    staff_number: str
    branch_name: str
    score: int
    max_score: int
    correct_count: int
    duration_seconds: int
    finished_at: dt.datetime | None
    is_me: bool


class RankingOut(Schema):
    quiz_id: int
    names_shown: bool
    total: int
    rows: list[RankRowOut]
    me: RankRowOut | None


class AttemptRowOut(Schema):
    id: int
    person_id: int
    person_name: str
    branch_name: str
    number: int
    status: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    duration_seconds: int | None
    score: int
    max_score: int
    is_best: bool

    @staticmethod
    def resolve_person_name(obj: Any) -> str:
        return obj.person.name

    @staticmethod
    def resolve_branch_name(obj: Any) -> str:
        return obj.branch.name
