"""Audit event kinds of quizzes."""

from django.utils.translation import gettext_lazy as _

CATEGORY_CREATED = "quiz_category.created"
CATEGORY_UPDATED = "quiz_category.updated"
CATEGORY_DELETED = "quiz_category.deleted"
QUESTION_CREATED = "quiz_question.created"
QUESTION_UPDATED = "quiz_question.updated"
QUESTION_ARCHIVED = "quiz_question.archived"
QUESTIONS_IMPORTED = "quiz_question.imported"
QUIZ_CREATED = "quiz.created"
QUIZ_UPDATED = "quiz.updated"
QUIZ_PUBLISHED = "quiz.published"
QUIZ_CLOSED = "quiz.closed"
QUIZ_RESULTS_SWITCHED = "quiz.results_switched"
QUIZ_RESULTS_EXPORTED = "quiz.results_exported"
ATTEMPT_STARTED = "quiz_attempt.started"
ATTEMPT_SUBMITTED = "quiz_attempt.submitted"
ATTEMPT_TIMED_OUT = "quiz_attempt.timed_out"

LABELS = {
    CATEGORY_CREATED: _("Question category added"),
    CATEGORY_UPDATED: _("Question category changed"),
    CATEGORY_DELETED: _("Question category deleted"),
    QUESTION_CREATED: _("Question added"),
    QUESTION_UPDATED: _("Question changed"),
    QUESTION_ARCHIVED: _("Question taken out of or put back in use"),
    QUESTIONS_IMPORTED: _("Question imported"),
    QUIZ_CREATED: _("Quiz created"),
    QUIZ_UPDATED: _("Quiz changed"),
    QUIZ_PUBLISHED: _("Quiz published"),
    QUIZ_CLOSED: _("Quiz closed"),
    QUIZ_RESULTS_SWITCHED: _("Quiz results shown or hidden"),
    QUIZ_RESULTS_EXPORTED: _("Quiz results exported"),
    ATTEMPT_STARTED: _("Quiz attempt started"),
    ATTEMPT_SUBMITTED: _("Quiz attempt handed in"),
    ATTEMPT_TIMED_OUT: _("Quiz attempt timed out"),
}
