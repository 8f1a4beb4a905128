"""The results of a call as an .xlsx for the union office (audited: it carries names)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tongxin.core import audit
from tongxin.core.spreadsheets import workbook
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events
from ..models import SubmissionCall
from ..permissions import SubmissionsPermission
from ..queries.calls import call_ranking

P = SubmissionsPermission


def call_results_export(*, actor: Actor, call: SubmissionCall) -> bytes:
    """One row per accepted work: rank, final score, judges, author, submitter, branch, prize."""
    access.require(actor, P.EXPORT_CALL, call)
    rows = call_ranking(actor=actor, call=call)
    headers = [
        _("Rank"),
        _("Score"),
        _("Judges"),
        _("Title"),
        _("Kind"),
        _("Author"),
        _("Submitted by"),
        _("Branch"),
        _("Prize"),
        _("Amount (yuan)"),
    ]
    lines = []
    for row in rows:
        work = row.work
        lines.append(
            [
                row.rank,
                row.score,
                row.judges,
                work.title,
                str(work.get_kind_display()),
                work.author_name,
                work.submitter.name,
                work.node.name,
                row.award.level.name if row.award else "",
                row.award.amount_fen if row.award else None,
            ]
        )
    content = workbook(pgettext("judging", "Results"), headers, lines, money=[9])
    with transaction.atomic(durable=True):
        audit.record(
            actor=actor,
            event=events.CALL_EXPORTED,
            target=call,
            changes={"rows": len(rows)},
            node_path=call.node.path,
        )
    return content
