"""Sessions of a term: the agenda, check-in (self with the door code, or by the secretariat
from the list) and opening with a quorum."""

import datetime as dt
import hmac
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tongxin.activities.services.common import new_code
from tongxin.core import audit
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events
from ..choices import AgendaKind, CheckInMethod, SessionStatus
from ..errors import CongressErrorCode as E
from ..models import AgendaItem, Attendance, CongressSession, CongressTerm, Representative
from ..permissions import CongressPermission as P
from ..queries import representative_current
from .common import check_choice, check_text, counts, now, require_quorum
from .roll import require_open_term

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def session_create(
    *, actor: Actor, term: CongressTerm, title: str, starts_at: dt.datetime, place: str = ""
) -> CongressSession:
    """Plan the next session (di N ci huiyi) of the term; it gets a fresh door check-in code."""
    access.require(actor, P.MANAGE_CONGRESS, term)
    require_open_term(term)
    if not isinstance(starts_at, dt.datetime):
        raise ValidationFailed(_("Enter a valid date and time."), code=E.INVALID, field="starts_at")
    title = check_text(title, field="title", limit=200)
    place = check_text(place, field="place", limit=200, required=False)
    with transaction.atomic(durable=True):
        CongressTerm.objects.select_for_update().get(pk=term.pk)
        number = (term.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
        session = CongressSession(
            term=term,
            number=number,
            title=title,
            starts_at=starts_at,
            place=place,
            check_in_code=new_code(),
        )
        session.save(force_insert=True)
        audit.record(
            actor=actor,
            event=events.SESSION_CREATED,
            target=session,
            changes=audit.snapshot(session, ("term", "number", "title", "starts_at", "place")),
            node_path=term.school.path,
        )
    return session


def agenda_item_add(
    *,
    actor: Actor,
    session: CongressSession,
    kind: str,
    title: str,
    description: str = "",
    document: UploadedFile | None = None,
) -> AgendaItem:
    access.require(actor, P.MANAGE_CONGRESS, session)
    if session.status == SessionStatus.CLOSED:
        raise DomainError(_("This session is closed."), code=E.WRONG_STATE)
    kind = check_choice(kind, AgendaKind.values, "kind")
    title = check_text(title, field="title", limit=200)
    description = str(description or "").strip()
    if len(description) > 5000:
        raise ValidationFailed(_("This text is too long."), code=E.INVALID, field="description")
    if document is not None and (document.size or 0) > MAX_DOCUMENT_BYTES:
        raise ValidationFailed(
            _("A document may be at most 20 MB."), code=E.INVALID, field="document"
        )
    with transaction.atomic(durable=True):
        CongressSession.objects.select_for_update().get(pk=session.pk)
        position = (session.agenda_items.aggregate(n=Max("position"))["n"] or 0) + 1
        item = AgendaItem(
            session=session, position=position, kind=kind, title=title, description=description
        )
        if document is not None:
            item.document.save(document.name or "document", document, save=False)
        item.save(force_insert=True)
        audit.record(
            actor=actor,
            event=events.AGENDA_ITEM_ADDED,
            target=item,
            changes=audit.snapshot(item, ("session", "position", "kind", "title")),
            node_path=session.term.school.path,
        )
    return item


@dataclass(frozen=True)
class CheckInResult:
    attendance: Attendance
    already: bool


def _check_in(
    actor: Actor, session: CongressSession, rep: Representative, method: str
) -> CheckInResult:
    if session.status == SessionStatus.CLOSED:
        raise DomainError(_("This session is closed."), code=E.WRONG_STATE)
    existing = Attendance.objects.filter(session=session, representative=rep).first()
    if existing is not None:
        return CheckInResult(existing, already=True)
    attendance = Attendance(session=session, representative=rep, method=method, checked_in_at=now())
    try:
        with transaction.atomic(durable=True):
            attendance.save(force_insert=True)
            audit.record(
                actor=actor,
                event=events.CHECKED_IN,
                target=session,
                changes={"representative": rep.pk, "method": method},
                node_path=session.term.school.path,
            )
    except IntegrityError:
        return CheckInResult(
            Attendance.objects.get(session=session, representative=rep), already=True
        )
    return CheckInResult(attendance, already=False)


def session_check_in(*, actor: Actor, session: CongressSession, code: str) -> CheckInResult:
    """A representative (of any kind) checks themselves in with the code shown at the door
    (the door's QR code carries it)."""
    if actor.person_id is None:
        raise DomainError(_("Only staff with a record can check in."), code=E.NOT_A_REPRESENTATIVE)
    rep = representative_current(person_id=actor.person_id, term=session.term)
    if rep is None:
        raise DomainError(
            _("You are not a representative of this congress."), code=E.NOT_A_REPRESENTATIVE
        )
    access.require(actor, P.CHECK_IN_SELF, rep)
    clean = "".join(str(code or "").split()).upper()
    if not clean or not hmac.compare_digest(clean, session.check_in_code):
        raise DomainError(
            _("This is not the check-in code of this session."), code=E.WRONG_CODE, field="code"
        )
    return _check_in(actor, session, rep, CheckInMethod.QR)


def session_check_in_by_list(
    *, actor: Actor, session: CongressSession, representative: Representative
) -> CheckInResult:
    """The secretariat ticks a representative present on the list."""
    access.require(actor, P.RUN_CHECKIN, session)
    if representative.term_id != session.term_id or representative.ended_on is not None:
        raise DomainError(
            _("This person holds no seat in this term."), code=E.NOT_SEATED, field="representative"
        )
    return _check_in(actor, session, representative, CheckInMethod.LIST)


def session_open(*, actor: Actor, session: CongressSession) -> CongressSession:
    """Open the session: at least two thirds of the quorum base (seated representatives by
    default, or those entitled to vote) must have checked in."""
    access.require(actor, P.MANAGE_CONGRESS, session)
    with transaction.atomic(durable=True):
        locked = CongressSession.objects.select_for_update().get(pk=session.pk)
        locked.term = session.term
        if locked.status != SessionStatus.PLANNED:
            raise DomainError(_("This session is not waiting to open."), code=E.WRONG_STATE)
        now_counts = counts(locked)
        base = now_counts.base(session.term.quorum_base)
        require_quorum(now_counts.present, base, what=_("Opening the session"))
        locked.status = SessionStatus.OPEN
        locked.opened_at = now()
        locked.present_at_opening = now_counts.present
        locked.base_at_opening = base
        locked.save(
            update_fields=[
                "status",
                "opened_at",
                "present_at_opening",
                "base_at_opening",
                "updated_at",
            ]
        )
        audit.record(
            actor=actor,
            event=events.SESSION_OPENED,
            target=locked,
            changes={"present": now_counts.present, "base": base},
            node_path=session.term.school.path,
        )
    return locked


def session_close(*, actor: Actor, session: CongressSession) -> CongressSession:
    access.require(actor, P.MANAGE_CONGRESS, session)
    with transaction.atomic(durable=True):
        locked = CongressSession.objects.select_for_update().get(pk=session.pk)
        locked.term = session.term
        if locked.status != SessionStatus.OPEN:
            raise DomainError(_("This session is not in session."), code=E.WRONG_STATE)
        if locked.polls.filter(status="open").exists():
            raise DomainError(_("Close the open votes first."), code=E.WRONG_STATE)
        locked.status = SessionStatus.CLOSED
        locked.closed_at = now()
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        audit.record(
            actor=actor,
            event=events.SESSION_CLOSED,
            target=locked,
            changes={},
            node_path=session.term.school.path,
        )
    return locked
