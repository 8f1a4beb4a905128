"""Checks shared by the care services: dates, amounts, membership, uploads."""

import base64
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed
from tongxin.members.models import Person
from tongxin.members.queries import membership_node_on

from ..choices import AttachmentType
from ..errors import CareErrorCode

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_FEN = 10**12
_EXTENSIONS = {
    ".pdf": AttachmentType.PDF,
    ".jpg": AttachmentType.JPEG,
    ".jpeg": AttachmentType.JPEG,
    ".png": AttachmentType.PNG,
}


def check_date(value: object, *, field: str, not_after: dt.date | None = None) -> dt.date:
    """A date (not a datetime), not later than ``not_after`` (today by default)."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationFailed(_("Enter a date."), code=CareErrorCode.INVALID_INPUT, field=field)
    limit = not_after or timezone.localdate()
    if value > limit:
        raise ValidationFailed(
            _("The date cannot be in the future."), code=CareErrorCode.DATE_IN_FUTURE, field=field
        )
    return value


def check_fen(value: object, *, field: str, positive: bool = False) -> int:
    """A whole number of fen, not negative (more than zero with ``positive``)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed(
            _("An amount must be a whole number of fen."),
            code=CareErrorCode.INVALID_AMOUNT,
            field=field,
        )
    if value < 0 or value > MAX_FEN:
        raise ValidationFailed(
            _("An amount cannot be negative or this large."),
            code=CareErrorCode.INVALID_AMOUNT,
            field=field,
        )
    if positive and value == 0:
        raise ValidationFailed(
            _("The amount must be more than zero."), code=CareErrorCode.INVALID_AMOUNT, field=field
        )
    return value


def check_count(value: object, *, field: str, minimum: int = 1, maximum: int = 50) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise ValidationFailed(
            _("Enter a whole number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum},
            code=CareErrorCode.INVALID_INPUT,
            field=field,
        )
    return value


def require_member_on(person: Person, on: dt.date, *, field: str = "person") -> None:
    """Care is for union members: the person must have belonged to the union on ``on``."""
    if membership_node_on(person_id=person.pk, on=on) is None:
        raise ValidationFailed(
            _("%(name)s was not a union member on %(date)s.")
            % {"name": person.name, "date": on.isoformat()},
            code=CareErrorCode.NOT_A_MEMBER,
            field=field,
        )


@dataclass(frozen=True)
class Upload:
    """A file as received: the document it is (``label``), its name and its bytes."""

    label: str
    filename: str
    data: bytes


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return AttachmentType.PDF
    if data.startswith(b"\xff\xd8\xff"):
        return AttachmentType.JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return AttachmentType.PNG
    return None


def check_upload(upload: Upload, *, field: str = "attachments") -> tuple[str, str, str]:
    """Only PDF, JPEG and PNG up to 10 MB, judged by name *and* content.

    Returns ``(label, content type, base64 content)``. A renamed executable or an oversized
    scan is refused with a clear error.
    """
    label = (upload.label or "").strip()[:100]
    if not label:
        raise ValidationFailed(
            _("Say which document this file is."), code=CareErrorCode.BAD_ATTACHMENT, field=field
        )
    name = (upload.filename or "").strip()
    extension = name[name.rfind(".") :].lower() if "." in name else ""
    expected = _EXTENSIONS.get(extension)
    size = len(upload.data)
    if size == 0 or size > MAX_UPLOAD_BYTES:
        raise ValidationFailed(
            _("A file must be between 1 byte and 10 MB (%(name)s).") % {"name": name},
            code=CareErrorCode.BAD_ATTACHMENT,
            field=field,
        )
    actual = _sniff(upload.data)
    if expected is None or actual != expected:
        raise ValidationFailed(
            _("Only PDF, JPEG and PNG files are accepted (%(name)s).") % {"name": name},
            code=CareErrorCode.BAD_ATTACHMENT,
            field=field,
        )
    return label, actual, base64.b64encode(upload.data).decode()
