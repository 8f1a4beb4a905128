"""The handling report as a Word document (python-docx), from ``queries.proposal_report``."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .queries import HandlingReport


def report_docx(report: HandlingReport) -> bytes:
    """Render the report: summary figures, tables by outcome, category and department,
    satisfaction, outstanding proposals and the list of proposals."""
    from docx import Document

    document = Document()
    collection = report.collection
    document.add_heading(
        _("Report on the handling of proposals: %(title)s") % {"title": collection.title}, 0
    )
    document.add_paragraph(
        _(
            "%(total)d proposals were handed in. %(replied)d were replied to, %(on_time)d of "
            "them on time (%(pct)d%%). %(satisfied)d%% of the ratings were satisfied or "
            "basically satisfied."
        )
        % {
            "total": report.total,
            "replied": report.replied,
            "on_time": report.on_time,
            "pct": report.on_time_pct,
            "satisfied": report.satisfied_pct,
        }
    )

    def table(title: str, header: list[str], rows: list[tuple[object, ...]]) -> None:
        document.add_heading(title, level=1)
        grid = document.add_table(rows=1, cols=len(header))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = str(value)

    table(_("By outcome"), [_("Outcome"), _("Proposals")], list(report.by_outcome))
    table(
        _("By category"),
        [pgettext("proposal", "Category"), _("Proposals"), pgettext("proposal", "Accepted")],
        list(report.by_category),
    )
    table(
        _("By lead department"),
        [_("Department"), _("Assigned"), _("Replied"), _("On time")],
        list(report.by_department),
    )
    table(_("Satisfaction with the replies"), [_("Rating"), _("Ratings")], list(report.ratings))
    if report.outstanding:
        document.add_heading(_("Outstanding proposals"), level=1)
        for proposal in report.outstanding:
            document.add_paragraph(
                f"{proposal.number}. {proposal.title} ({proposal.proposer.name})",
                style="List Bullet",
            )
    table(
        _("The proposals"),
        [
            _("No."),
            _("Title"),
            _("Proposer"),
            pgettext("proposal", "Category"),
            pgettext("proposal", "Status"),
        ],
        [
            (
                row.number or "",
                row.title,
                row.proposer.name,
                row.get_category_display(),
                row.get_status_display(),
            )
            for row in report.proposals
        ],
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
