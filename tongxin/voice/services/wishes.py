"""New Year wishes: a staff member makes one a year; the union office adopts, fulfils or
declines it with a note. A fulfilled wish is a person-time (participation of kind ``wish``)."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.participation.choices import ParticipationKind
from tongxin.participation.services import participation_record

from .. import events
from ..choices import WISH_TRANSITIONS, WishStatus, WishVisibility
from ..errors import VoiceErrorCode
from ..models import Wish
from ..permissions import VoicePermission
from ..years import wish_year_for
from .common import check_eligible, check_transition, clean_text, require_status, step_day

P = VoicePermission
WISH_MAX_LENGTH = 500
NOTE_MAX_LENGTH = 1000


def _check_visibility(visibility: str) -> str:
    if visibility not in WishVisibility.values:
        raise ValidationFailed(_("Choose who may see the wish."), field="visibility")
    return visibility


def _wish_exists_error(person: Person, year: int) -> DomainError:
    return DomainError(
        _("%(name)s already has a wish for %(year)d; it can be changed while it waits.")
        % {"name": person.name, "year": year},
        code=VoiceErrorCode.WISH_EXISTS,
    )


def _lock(wish: Wish) -> Wish:
    return (
        Wish.objects.select_for_update(of=("self",))
        .select_related("node", "person")
        .get(pk=wish.pk)
    )


def wish_submit(
    *,
    actor: Actor,
    person: Person,
    text: str,
    visibility: str = WishVisibility.PRIVATE,
    submitted_on: dt.date | None = None,
) -> Wish:
    """Make ``person``'s New Year wish (the member themself, or the office from a paper form).

    Rules: the person is on the staff; one counted wish per person per year (the year the
    submission date belongs to, see ``voice.years``); private unless the person chose the
    wall. Locks the person's row so two submissions cannot race. Audited.
    """
    access.require(actor, P.SUBMIT_WISH, person)
    text = clean_text(text, field="text", max_length=WISH_MAX_LENGTH)
    visibility = _check_visibility(visibility)
    day = step_day(submitted_on, field="submitted_on")
    year = wish_year_for(day)
    with transaction.atomic(durable=True):
        person = (
            Person.objects.select_for_update(of=("self",)).select_related("node").get(pk=person.pk)
        )
        check_eligible(person)
        if (
            Wish.objects.filter(person=person, year=year)
            .exclude(status=WishStatus.WITHDRAWN)
            .exists()
        ):
            raise _wish_exists_error(person, year)
        wish = Wish(
            person=person,
            node=person.node,
            year=year,
            text=text,
            visibility=visibility,
            submitted_on=day,
            submitted_by_id=actor.user_id,
        )
        try:
            with transaction.atomic():
                wish.save(force_insert=True)
        except IntegrityError:
            raise _wish_exists_error(person, year) from None
        audit.record(
            actor=actor,
            event=events.WISH_SUBMITTED,
            target=wish,
            changes={"year": year, "visibility": visibility, "person": person.pk},
            node_path=person.node.path,
        )
    return wish


def _require_author(actor: Actor, wish: Wish) -> None:
    """Only the wish's author changes or withdraws it (the office decides, it never edits)."""
    if actor.is_system or (actor.person_id is not None and actor.person_id == wish.person_id):
        return
    if access.can(actor, P.VIEW_WISH, wish):
        raise Forbidden()
    raise NotFound()


def wish_update(
    *, actor: Actor, wish: Wish, text: str, visibility: str = WishVisibility.PRIVATE
) -> Wish:
    """Change the text or the visibility of one's own wish while it waits for the office."""
    _require_author(actor, wish)
    text = clean_text(text, field="text", max_length=WISH_MAX_LENGTH)
    visibility = _check_visibility(visibility)
    with transaction.atomic(durable=True):
        wish = _lock(wish)
        require_status(wish.status, [WishStatus.SUBMITTED], WishStatus)
        before = audit.snapshot(wish, ["text", "visibility"])
        wish.text, wish.visibility = text, visibility
        changes = audit.diff(before, audit.snapshot(wish, ["text", "visibility"]))
        if changes:
            wish.save(update_fields=["text", "visibility", "updated_at"])
            audit.record(
                actor=actor,
                event=events.WISH_UPDATED,
                target=wish,
                changes=changes,
                node_path=wish.node.path,
            )
    return wish


def wish_withdraw(*, actor: Actor, wish: Wish) -> Wish:
    """Withdraw one's own wish while it waits; a new one may then be made for the year."""
    _require_author(actor, wish)
    with transaction.atomic(durable=True):
        wish = _lock(wish)
        check_transition(wish.status, WishStatus.WITHDRAWN, WISH_TRANSITIONS, WishStatus)
        wish.status = WishStatus.WITHDRAWN
        wish.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            event=events.WISH_WITHDRAWN,
            target=wish,
            changes={"status": [WishStatus.SUBMITTED, WishStatus.WITHDRAWN]},
            node_path=wish.node.path,
        )
    return wish


def _decide(
    actor: Actor,
    wish: Wish,
    target: str,
    note: str,
    on: dt.date | None,
    *,
    note_required: bool,
    event: str,
) -> Wish:
    access.require(actor, P.DECIDE_WISH, wish)
    note = clean_text(note, field="note", max_length=NOTE_MAX_LENGTH, required=note_required)
    with transaction.atomic(durable=True):
        wish = _lock(wish)
        check_transition(wish.status, target, WISH_TRANSITIONS, WishStatus)
        day = step_day(on, not_before=wish.decided_on or wish.submitted_on)
        old_status = wish.status
        wish.status = target
        fields = ["status", "updated_at"]
        if target == WishStatus.FULFILLED:
            wish.fulfilled_on, wish.fulfilment_note = day, note
            fields += ["fulfilled_on", "fulfilment_note"]
        else:
            wish.office_note, wish.decided_on, wish.decided_by_id = note, day, actor.user_id
            fields += ["office_note", "decided_on", "decided_by"]
        wish.save(update_fields=fields)
        audit.record(
            actor=actor,
            event=event,
            target=wish,
            changes={"status": [old_status, target], "on": day, **({"note": note} if note else {})},
            node_path=wish.node.path,
        )
        if target == WishStatus.FULFILLED:
            participation_record(
                person=wish.person, kind=ParticipationKind.WISH, occasion=wish, occurred_on=day
            )
    return wish


def wish_adopt(*, actor: Actor, wish: Wish, note: str = "", on: dt.date | None = None) -> Wish:
    """The office takes a waiting wish on (it will try to fulfil it). Audited."""
    return _decide(
        actor, wish, WishStatus.ADOPTED, note, on, note_required=False, event=events.WISH_ADOPTED
    )


def wish_decline(*, actor: Actor, wish: Wish, note: str, on: dt.date | None = None) -> Wish:
    """The office declines a waiting or adopted wish; the note tells the member why. Audited;
    a declined wish leaves the wall."""
    return _decide(
        actor, wish, WishStatus.DECLINED, note, on, note_required=True, event=events.WISH_DECLINED
    )


def wish_fulfil(*, actor: Actor, wish: Wish, note: str, on: dt.date | None = None) -> Wish:
    """Record that an adopted wish came true on ``on``, and how (the note).

    Effects: audited; one participation of kind ``wish`` for the person, dated ``on``.
    """
    return _decide(
        actor, wish, WishStatus.FULFILLED, note, on, note_required=True, event=events.WISH_FULFILLED
    )
