"""Checks the proposal services share: text, step dates, the congress seat, transitions."""

import base64
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.congress import queries as congress_queries
from tongxin.congress.choices import RepresentativeKind
from tongxin.congress.models import CongressTerm, Representative
from tongxin.core.errors import Forbidden, InvalidTransition, NotFound, ValidationFailed
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from ..choices import PROPOSAL_TRANSITIONS, ProposalStatus, ReplyAttachmentType
from ..errors import ProposalErrorCode
from ..models import Proposal
from ..permissions import ProposalPermission

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
_EXTENSIONS = {
    ".pdf": ReplyAttachmentType.PDF,
    ".jpg": ReplyAttachmentType.JPEG,
    ".jpeg": ReplyAttachmentType.JPEG,
    ".png": ReplyAttachmentType.PNG,
}


def clean_text(value: str, *, field: str, max_length: int, required: bool = True) -> str:
    """Trim ``value``; refuse it empty (when required) or longer than ``max_length``."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise ValidationFailed(_("This field cannot be empty."), field=field)
    if len(cleaned) > max_length:
        raise ValidationFailed(
            _("At most %(count)d characters, please.") % {"count": max_length}, field=field
        )
    return cleaned


def step_day(
    on: dt.date | None, *, field: str = "on", not_before: dt.date | None = None
) -> dt.date:
    """The date a step happened: today by default, never in the future, never before the
    previous step."""
    today = timezone.localdate()
    day = on or today
    if day > today:
        raise ValidationFailed(_("The date cannot be in the future."), field=field)
    if not_before is not None and day < not_before:
        raise ValidationFailed(
            _("The date cannot be before the previous step (%(date)s).")
            % {"date": not_before.isoformat()},
            field=field,
        )
    return day


def require_status(current: str, allowed: list[str] | tuple[str, ...]) -> None:
    """Raise ``InvalidTransition`` unless the status is one of ``allowed``."""
    if current not in allowed:
        raise InvalidTransition(
            _("This cannot be done while the proposal is “%(status)s”.")
            % {"status": ProposalStatus(current).label}
        )


def check_transition(current: str, target: str) -> None:
    """Raise ``InvalidTransition`` unless ``current → target`` is in the transition table."""
    require_status(
        current,
        [status for status, targets in PROPOSAL_TRANSITIONS.items() if target in targets],
    )


def formal_seat(actor: Actor, term: CongressTerm) -> Representative:
    """The actor's open formal seat in ``term``; refuse anyone else with a clear reason.

    Only formal representatives propose and co-sign; invited representatives and observers
    have no such right (domain rules 4.1.1).
    """
    seat = (
        congress_queries.representative_current(person_id=actor.person_id, term=term)
        if actor.person_id is not None
        else None
    )
    if seat is None or seat.kind != RepresentativeKind.FORMAL:
        raise Forbidden(
            _("Only formal representatives of the staff congress may propose or co-sign."),
            code=ProposalErrorCode.NOT_A_REPRESENTATIVE,
        )
    return seat


def is_proposer(person_id: int | None, proposal: Proposal) -> bool:
    """The lead proposer or a co-proposer (from a merged proposal)."""
    if person_id is None:
        return False
    return (
        person_id == proposal.proposer_id
        or proposal.co_proposers.filter(person_id=person_id).exists()
    )


def require_proposer(actor: Actor, proposal: Proposal) -> None:
    """Only the proposal's own proposer may do this (nobody else, whatever their roles).

    Someone else of the school (who sees it on the tracker) is told so; anyone further away
    gets the same ``NotFound`` as for a missing proposal.
    """
    if access.can(actor, ProposalPermission.PROPOSE, proposal) and (
        actor.person_id is not None and actor.person_id == proposal.proposer_id
    ):
        return
    same_school = (
        actor.person_id is not None
        and Person.objects.filter(
            pk=actor.person_id, node__school_id=proposal.node.school_id
        ).exists()
    )
    if same_school or access.sees(actor, proposal):
        raise Forbidden(
            _("Only the proposer may do this."), code=ProposalErrorCode.NOT_THE_PROPOSER
        )
    raise NotFound()


@dataclass(frozen=True)
class Upload:
    """A file as received: its name and its bytes."""

    filename: str
    data: bytes


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return ReplyAttachmentType.PDF
    if data.startswith(b"\xff\xd8\xff"):
        return ReplyAttachmentType.JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ReplyAttachmentType.PNG
    return None


def check_upload(upload: Upload, *, field: str = "attachments") -> tuple[str, str, str]:
    """Only PDF, JPEG and PNG up to 10 MB, judged by name *and* content (the care app's rule).

    Returns ``(file name, content type, base64 content)``.
    """
    name = (upload.filename or "").strip()[:200]
    extension = name[name.rfind(".") :].lower() if "." in name else ""
    size = len(upload.data)
    if size == 0 or size > MAX_UPLOAD_BYTES:
        raise ValidationFailed(
            _("A file must be between 1 byte and 10 MB (%(name)s).") % {"name": name},
            code=ProposalErrorCode.BAD_ATTACHMENT,
            field=field,
        )
    expected = _EXTENSIONS.get(extension)
    if expected is None or _sniff(upload.data) != expected:
        raise ValidationFailed(
            _("Only PDF, JPEG and PNG files are accepted (%(name)s).") % {"name": name},
            code=ProposalErrorCode.BAD_ATTACHMENT,
            field=field,
        )
    return name, expected, base64.b64encode(upload.data).decode()
