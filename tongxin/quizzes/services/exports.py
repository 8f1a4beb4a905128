"""Result exports: the ranking, the branches and every attempt the actor may see, logged."""

from django.db import transaction

from tongxin.core import audit
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events, queries
from ..models import Quiz
from ..permissions import QuizzesPermission
from ..spreadsheets import results_workbook
from .attempts import quiz_expire_overdue

P = QuizzesPermission


def quiz_results_export(*, actor: Actor, quiz: Quiz) -> bytes:
    """An .xlsx of ``quiz``'s results for the people of the actor's subtree.

    Rule: ``export_results`` on the quiz's organiser. Attempts whose time ran out are scored
    first. The export is audited: the file carries names and staff numbers.
    """
    access.require(actor, P.EXPORT_RESULTS, quiz)
    quiz_expire_overdue(actor=actor, quiz=quiz)
    ranking = queries.ranking(actor=actor, quiz=quiz)
    attempts = list(
        queries.attempts_of_quiz(actor=actor, quiz=quiz).order_by("person__name", "number")
    )
    data = results_workbook(ranking.rows, attempts, queries.branch_table(actor=actor, quiz=quiz))
    with transaction.atomic():
        audit.record(
            actor=actor,
            event=events.QUIZ_RESULTS_EXPORTED,
            target=quiz,
            changes={"rows": len(ranking.rows), "attempts": len(attempts)},
            node_path=quiz.organiser.path,
        )
    return data
