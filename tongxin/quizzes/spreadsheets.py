"""Workbooks (.xlsx): a quiz's results (ranking, all attempts, branches) and the question
sheet template. Headers in the user's language."""

from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.spreadsheets import Sheet, xlsx

from .data.import_headers import HEADERS, TEMPLATE_ROWS
from .models import Attempt
from .queries import BranchRow, RankRow


def _sheet(
    book: list[Sheet], title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    book.append(Sheet(title, headers, rows))


def _local(moment):  # type: ignore[no-untyped-def]
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def results_workbook(
    ranking: Sequence[RankRow], attempts: Iterable[Attempt], branches: Sequence[BranchRow]
) -> bytes:
    book: list[Sheet] = []
    _sheet(
        book,
        _("Ranking"),
        [
            _("Rank"),
            _("Name"),
            _("Staff number"),
            _("Branch"),
            _("Score"),
            _("Full marks"),
            _("Correct answers"),
            _("Time taken (seconds)"),
            _("Finished at"),
        ],
        (
            [
                r.rank,
                r.name,
                r.staff_number,
                r.branch_name,
                r.score,
                r.max_score,
                r.correct_count,
                r.duration_seconds,
                _local(r.finished_at),
            ]
            for r in ranking
        ),
    )
    _sheet(
        book,
        _("Branches"),
        [_("Rank"), _("Branch"), _("Participants"), _("Average score"), _("Top score")],
        ([b.rank, b.branch_name, b.participants, b.average_score, b.top_score] for b in branches),
    )
    _sheet(
        book,
        _("All attempts"),
        [
            _("Name"),
            _("Staff number"),
            _("Branch"),
            _("Attempt"),
            _("Status"),
            _("Started at"),
            _("Finished at"),
            _("Time taken (seconds)"),
            _("Score"),
            _("Full marks"),
            _("Counts for the ranking"),
        ],
        (
            [
                a.person.name,
                a.person.staff_number,
                a.branch.name,
                a.number,
                a.get_status_display(),
                _local(a.started_at),
                _local(a.finished_at),
                a.duration_seconds,
                a.score,
                a.max_score,
                _("Yes") if a.is_best else "",
            ]
            for a in attempts
        ),
    )
    return xlsx(*book)


def template_workbook() -> bytes:
    """The question sheet with its headers and three example rows."""
    book: list[Sheet] = []
    _sheet(book, _("Questions"), [headers[0] for headers in HEADERS.values()], TEMPLATE_ROWS)
    return xlsx(*book)
