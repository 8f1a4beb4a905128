"""Every change to quizzes: the bank, quizzes, attempts, exports (re-exported by sub-module)."""

from .attempts import (
    attempt_expire,
    attempt_save,
    attempt_start,
    attempt_submit,
    deadline_for,
    quiz_expire_overdue,
    score_item,
)
from .bank import (
    QuestionData,
    category_create,
    category_delete,
    category_update,
    check_question,
    question_archive,
    question_create,
    question_update,
)
from .exports import quiz_results_export
from .imports import ImportReport, question_import
from .quizzes import (
    QuizData,
    quiz_close,
    quiz_create,
    quiz_pool_parts,
    quiz_publish,
    quiz_set_results_public,
    quiz_update,
)

__all__ = [
    "ImportReport",
    "QuestionData",
    "QuizData",
    "attempt_expire",
    "attempt_save",
    "attempt_start",
    "attempt_submit",
    "category_create",
    "category_delete",
    "category_update",
    "check_question",
    "deadline_for",
    "question_archive",
    "question_create",
    "question_import",
    "question_update",
    "quiz_close",
    "quiz_create",
    "quiz_expire_overdue",
    "quiz_pool_parts",
    "quiz_publish",
    "quiz_results_export",
    "quiz_set_results_public",
    "quiz_update",
    "score_item",
]
