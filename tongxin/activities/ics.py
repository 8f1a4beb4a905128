"""iCalendar (RFC 5545) text for a person's sign-ups, written by hand: no dependency needed.

The parts of the RFC that matter here: CRLF line endings (3.1), lines folded at 75 octets with
CRLF + one space and never inside a UTF-8 sequence (3.1), TEXT values escaping backslash,
semicolon, comma and newlines (3.3.11), UTC date-times ending in "Z" (3.3.5), and a UID and
DTSTAMP on every VEVENT (3.6.1).
"""

import datetime as dt
from collections.abc import Iterable
from typing import cast

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.members.models import FamilyMember

from .choices import ActivityStatus
from .choices import SignUpStatus as S
from .models import ActivitySlot, SignUp

LINE_OCTETS = 75
_TENTATIVE = (S.OFFERED, S.WAITLISTED, S.ENTERED, S.PENDING_APPROVAL)


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, splitting between characters."""
    chunks: list[str] = []
    current: list[str]
    current, size, limit = [], 0, LINE_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            chunks.append("".join(current))
            # A continuation line starts with a space, which counts against its 75 octets.
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(char)
        size += width
    chunks.append("".join(current))
    return "\r\n ".join(chunks)


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _status(sign_up: SignUp) -> tuple[str, str]:
    """(iCalendar STATUS, note for the summary)."""
    if sign_up.activity.status == ActivityStatus.CANCELLED:
        return "CANCELLED", _("cancelled")
    if sign_up.status in _TENTATIVE:
        return "TENTATIVE", sign_up.get_status_display()
    return "CONFIRMED", ""


def _event(sign_up: SignUp, base_url: str, stamp: dt.datetime) -> list[str]:
    activity = sign_up.activity
    start = cast(ActivitySlot, sign_up.slot).starts_at if sign_up.slot_id else activity.starts_at
    end = cast(ActivitySlot, sign_up.slot).ends_at if sign_up.slot_id else activity.ends_at
    status, note = _status(sign_up)
    summary = activity.title
    if sign_up.family_member_id:
        summary = f"{summary} · {cast(FamilyMember, sign_up.family_member).name}"
    if note:
        summary = f"{summary} ({note})"
    url = f"{base_url.rstrip('/')}/activities/{activity.pk}/"
    description = "\n".join(
        part for part in (sign_up.get_status_display(), activity.description.strip(), url) if part
    )
    return [
        "BEGIN:VEVENT",
        f"UID:sign-up-{sign_up.pk}@tongxin",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(start)}",
        f"DTEND:{utc(end)}",
        f"SUMMARY:{escape_text(summary)}",
        f"LOCATION:{escape_text(activity.place)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        f"STATUS:{status}",
        f"LAST-MODIFIED:{utc(max(activity.updated_at, sign_up.updated_at))}",
        "END:VEVENT",
    ]


def calendar_for(*, person_name: str, sign_ups: Iterable[SignUp], base_url: str) -> str:
    """The whole VCALENDAR for one person's sign-ups."""
    stamp = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tongxin//Activities//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(_('Activities of %(name)s') % {'name': person_name})}",
    ]
    for sign_up in sign_ups:
        lines.extend(_event(sign_up, base_url, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
