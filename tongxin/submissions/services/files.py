"""Uploaded files: what they really are (by their first bytes) and how big they may be.

A name ending in ``.jpg`` proves nothing: the kind is read from the file's magic bytes, and a
file that is none of the allowed formats is refused before anything is stored. Files are saved
under MEDIA_ROOT through Django's storage with a random name, never the uploader's.
"""

import uuid
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed

from ..choices import WorkKind
from ..errors import SubmissionsErrorCode

MB = 1024 * 1024
# Per-kind size limits; a deployment overrides them with SUBMISSIONS_MAX_BYTES in settings.
DEFAULT_MAX_BYTES = {WorkKind.IMAGE: 10 * MB, WorkKind.AUDIO: 20 * MB, WorkKind.PDF: 10 * MB}
M4A_BRANDS = (b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2")


@dataclass(frozen=True)
class Sniffed:
    kind: str
    content_type: str
    extension: str


def max_bytes(kind: str) -> int:
    limits = {**DEFAULT_MAX_BYTES, **getattr(settings, "SUBMISSIONS_MAX_BYTES", {})}
    return int(limits[kind])


def largest_allowed(kinds: list[str]) -> int:
    """The largest size any allowed kind may have (a request body beyond it, plus the form's
    few fields, cannot hold an acceptable file)."""
    return max((max_bytes(kind) for kind in kinds), default=0)


def too_large_error(kinds: list[str]) -> ValidationFailed:
    return ValidationFailed(
        _("The file is too large: at most %(limit)s MB for this kind of work.")
        % {"limit": f"{largest_allowed(kinds) / MB:g}"},
        code=SubmissionsErrorCode.FILE_TOO_LARGE,
        field="file",
    )


def sniff(head: bytes) -> Sniffed | None:
    """The format of a file from its first bytes: JPEG, PNG, WEBP, MP3, M4A, WAV or PDF."""
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed(WorkKind.IMAGE, "image/jpeg", ".jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed(WorkKind.IMAGE, "image/png", ".png")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed(WorkKind.IMAGE, "image/webp", ".webp")
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return Sniffed(WorkKind.AUDIO, "audio/wav", ".wav")
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return Sniffed(WorkKind.AUDIO, "audio/mpeg", ".mp3")
    if head[4:8] == b"ftyp" and head[8:12] in M4A_BRANDS:
        return Sniffed(WorkKind.AUDIO, "audio/mp4", ".m4a")
    if head.startswith(b"%PDF-"):
        return Sniffed(WorkKind.PDF, "application/pdf", ".pdf")
    return None


def _read_head(upload: IO[bytes]) -> bytes:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return head


def check_upload(upload: Any, *, allowed_kinds: list[str]) -> Sniffed:
    """Refuse an empty file, a format not allowed by the call, or one above its kind's limit.

    Rule: the type comes from the content (magic bytes), the limit from the sniffed kind.
    Nothing is stored here.
    """
    if upload is None or not getattr(upload, "size", 0):
        raise ValidationFailed(
            _("Choose a file to upload."), code=SubmissionsErrorCode.FILE_EMPTY, field="file"
        )
    sniffed = sniff(_read_head(upload))
    if sniffed is None or sniffed.kind not in allowed_kinds:
        allowed = ", ".join(str(WorkKind(kind).label) for kind in allowed_kinds)
        raise ValidationFailed(
            _("This file is not an accepted format. This call accepts: %(kinds)s.")
            % {"kinds": allowed},
            code=SubmissionsErrorCode.FILE_TYPE_NOT_ALLOWED,
            field="file",
        )
    limit = max_bytes(sniffed.kind)
    if upload.size > limit:
        raise ValidationFailed(
            _("The file is too large: at most %(limit)s MB for this kind of work.")
            % {"limit": f"{limit / MB:g}"},
            code=SubmissionsErrorCode.FILE_TOO_LARGE,
            field="file",
        )
    return sniffed


def store(upload: Any, *, call_id: int, sniffed: Sniffed) -> str:
    """Save the file under a random name; return the stored name."""
    upload.seek(0)
    name = f"submissions/{call_id}/{uuid.uuid4().hex}{sniffed.extension}"
    return default_storage.save(name, upload)


def discard(name: str) -> None:
    """Delete a stored file (the write that needed it was rolled back)."""
    if name:
        default_storage.delete(name)
