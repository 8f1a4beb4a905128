"""The workbook (.xlsx) of a club: its members and their attendance, and its sessions."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.spreadsheets import Sheet, xlsx


def _sheet(book: list[Sheet], title: str, headers: list[str], rows: Iterable[list[object]]) -> None:
    book.append(Sheet(title, headers, rows))


def club_workbook(club, memberships, attended: dict[int, int], sessions) -> bytes:  # type: ignore[no-untyped-def]
    """Sheet 1: every membership stretch with sessions attended; sheet 2: every session."""
    book: list[Sheet] = []
    _sheet(
        book,
        _("Club members"),
        [
            _("Name"),
            _("Staff number"),
            _("Branch"),
            _("Joined on"),
            _("Left on"),
            _("Sessions attended"),
        ],
        (
            [
                m.person.name,
                m.person.staff_number,
                m.person.node.name,
                m.joined_on,
                m.left_on,
                attended.get(m.person_id, 0),
            ]
            for m in memberships
        ),
    )
    _sheet(
        book,
        _("Sessions"),
        [_("Date"), _("Time"), _("Place"), _("Status"), _("Places taken"), _("Attended")],
        (
            [
                s.on,
                f"{timezone.localtime(s.activity.starts_at):%H:%M}–"
                f"{timezone.localtime(s.activity.ends_at):%H:%M}",
                s.activity.place,
                s.activity.get_status_display(),
                s.places_taken,
                s.attended,
            ]
            for s in sessions
        ),
    )
    return xlsx(*book)
