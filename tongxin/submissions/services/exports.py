"""The results of a call as an .xlsx for the union office (audited: it carries names)."""

import io

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from tongxin.core import audit
from tongxin.core.money import format_fen
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
    book = Workbook()
    sheet = book.active
    sheet.title = pgettext("judging", "Results")[:31]
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
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        work = row.work
        sheet.append(
            [
                row.rank,
                float(row.score) if row.score is not None else None,
                row.judges,
                work.title,
                str(work.get_kind_display()),
                work.author_name,
                work.submitter.name,
                work.node.name,
                row.award.level.name if row.award else "",
                format_fen(row.award.amount_fen) if row.award else "",
            ]
        )
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    with transaction.atomic(durable=True):
        audit.record(
            actor=actor,
            event=events.CALL_EXPORTED,
            target=call,
            changes={"rows": len(rows)},
            node_path=call.node.path,
        )
    return buffer.getvalue()
