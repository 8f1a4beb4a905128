"""Test set-up for submission calls: sample files by format and calls built through the
services (so set-up cannot skip a rule)."""

import datetime as dt
from collections.abc import Sequence

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tongxin.submissions import services
from tongxin.submissions.choices import Eligibility, WorkKind
from tongxin.submissions.models import SubmissionCall

from .personas import SYSTEM, Cast

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 64
MP3 = b"ID3\x03\x00" + b"\x00" * 64
M4A = b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 64
WAV = b"RIFF\x00\x00\x00\x00WAVEfmt " + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"\x00" * 64
TEXT = b"just some text, not a picture at all\n"


def upload(content: bytes = PNG, name: str = "painting.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def make_call(
    cast: Cast,
    *,
    eligibility: str = Eligibility.CHILDREN,
    kinds: Sequence[str] = (WorkKind.IMAGE, WorkKind.AUDIO, WorkKind.PDF),
    criteria: Sequence[tuple[str, int]] = (("Creativity", 60), ("Skill", 40)),
    max_works: int = 2,
    open_call: bool = True,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
) -> SubmissionCall:
    """A call by the school union, open from 5 days ago for 10 more days (children 3–14)."""
    today = timezone.localdate()
    call = services.call_create(
        actor=SYSTEM,
        node=cast.school,
        title="Children's day paintings",
        description="Paint what makes you happy.",
        kinds=list(kinds),
        eligibility=eligibility,
        child_min_age=3 if eligibility == Eligibility.CHILDREN else None,
        child_max_age=14 if eligibility == Eligibility.CHILDREN else None,
        opens_on=opens_on or today - dt.timedelta(days=5),
        closes_on=closes_on or today + dt.timedelta(days=10),
        max_works_per_author=max_works,
        criteria=list(criteria),
    )
    if open_call:
        call = services.call_open(actor=SYSTEM, call=call)
    return call
