"""Replies and their rating: the department (or the office) replies to the current round, the
filer rates it; an unsatisfied rating reopens the item for a new reply with a new deadline, up
to ``TONGXIN_VOICE_MAX_ROUNDS``; the office closes a reply nobody rated.

Every step writes an audit event and a timeline row in the same transaction.
"""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events, notices
from ..choices import ITEM_TRANSITIONS, EventKind, ItemStatus, Party, Rating
from ..models import VoiceItem, VoiceReply
from ..permissions import VoicePermission
from ..queries import items as item_queries
from .common import check_transition, clean_text, require_status, step_day
from .items import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, add_event, lock_item

P = VoicePermission


def _require_may_reply(actor: Actor, item: VoiceItem) -> None:
    """The office replies to any item it manages; a handler only to items routed to their
    department."""
    if actor.is_system or access.can(actor, P.MANAGE_ITEM, item):
        return
    if access.can(actor, P.REPLY_ITEM, item) and item_queries.handles_item(actor, item):
        return
    raise Forbidden() if item_queries.can_see_item(actor, item) else NotFound()


def voice_item_reply(
    *, actor: Actor, item: VoiceItem, text: str, on: dt.date | None = None
) -> VoiceItem:
    """Record the reply of the current round (the department's handler, or the office entering
    the department's written reply, or answering itself for an item it kept).

    Rules: the item waits for a reply (accepted or routed); one reply per round. Audited.
    """
    _require_may_reply(actor, item)
    text = clean_text(text, field="text", max_length=TEXT_MAX_LENGTH)
    with transaction.atomic(durable=True):
        item = lock_item(item)
        _require_may_reply(actor, item)
        check_transition(item.status, ItemStatus.REPLIED, ITEM_TRANSITIONS, ItemStatus)
        day = step_day(on, not_before=item.routed_on or item.filed_on)
        reply = VoiceReply(
            item=item,
            round=item.round,
            department=item.department,
            text=text,
            replied_on=day,
            replied_by_id=actor.user_id,
            due_on=item.due_on,
        )
        try:
            with transaction.atomic():
                reply.save(force_insert=True)
        except IntegrityError:
            raise Conflict(_("This round already has a reply.")) from None
        old_status = item.status
        item.status = ItemStatus.REPLIED
        item.save(update_fields=["status", "updated_at"])
        party = Party.DEPARTMENT if item.department_id else Party.OFFICE
        add_event(actor, item, EventKind.REPLIED, party, day, department=item.department)
        audit.record(
            actor=actor,
            event=events.ITEM_REPLIED,
            target=item,
            changes={
                "status": [old_status, ItemStatus.REPLIED],
                "round": item.round,
                "late": reply.is_late,
            },
            node_path=item.node.path,
        )
        notices.item_replied(item)
    return item


def voice_item_rate(
    *,
    actor: Actor,
    item: VoiceItem,
    rating: str,
    comment: str = "",
    on: dt.date | None = None,
) -> VoiceItem:
    """The filer rates the reply. Satisfied or basically satisfied closes the item; unsatisfied
    (with a comment saying why) reopens it for a new reply with a new deadline, until the last
    round, after which it closes as unsatisfied.

    Rules: only the filer; only a replied item. Audited.
    """
    access.require(actor, P.RATE_ITEM, item)
    if rating not in Rating.values:
        raise ValidationFailed(_("Choose how satisfied you are."), field="rating")
    comment = clean_text(
        comment, field="comment", max_length=NOTE_MAX_LENGTH, required=rating == Rating.UNSATISFIED
    )
    with transaction.atomic(durable=True):
        item = lock_item(item)
        require_status(item.status, [ItemStatus.REPLIED], ItemStatus)
        reply = VoiceReply.objects.select_for_update().get(item=item, round=item.round)
        day = step_day(on, not_before=reply.replied_on)
        reply.rating, reply.rating_comment, reply.rated_on = rating, comment, day
        reply.save(update_fields=["rating", "rating_comment", "rated_on", "updated_at"])
        item.rating = rating
        add_event(actor, item, EventKind.RATED, Party.FILER, day, note=comment)
        reopen = rating == Rating.UNSATISFIED and item.round < settings.TONGXIN_VOICE_MAX_ROUNDS
        if reopen:
            _reopen(actor, item, day)
        else:
            item.status, item.closed_on = ItemStatus.CLOSED, day
            add_event(actor, item, EventKind.CLOSED, Party.FILER, day)
        item.save(
            update_fields=[
                "rating",
                "status",
                "round",
                "routed_on",
                "due_on",
                "closed_on",
                "updated_at",
            ]
        )
        audit.record(
            actor=actor,
            event=events.ITEM_REOPENED if reopen else events.ITEM_RATED,
            target=item,
            changes={
                "rating": rating,
                "status": [ItemStatus.REPLIED, item.status],
                "round": item.round,
            },
            node_path=item.node.path,
        )
    return item


def _reopen(actor: Actor, item: VoiceItem, day: dt.date) -> None:
    item.round += 1
    if item.department_id:
        item.status, item.routed_on = ItemStatus.ROUTED, day
        item.due_on = day + dt.timedelta(days=settings.TONGXIN_VOICE_REPLY_DAYS)
    else:
        item.status, item.routed_on, item.due_on = ItemStatus.ACCEPTED, None, None
    add_event(actor, item, EventKind.REOPENED, Party.FILER, day, department=item.department)


def voice_item_close(
    *, actor: Actor, item: VoiceItem, note: str = "", on: dt.date | None = None
) -> VoiceItem:
    """The office closes a replied item the filer has not rated (or a visit's item, which has
    no filer to rate it). Audited."""
    access.require(actor, P.MANAGE_ITEM, item)
    note = clean_text(note, field="note", max_length=NOTE_MAX_LENGTH, required=False)
    with transaction.atomic(durable=True):
        item = lock_item(item)
        check_transition(item.status, ItemStatus.CLOSED, ITEM_TRANSITIONS, ItemStatus)
        last = item.replies.order_by("-round").values_list("replied_on", flat=True).first()
        day = step_day(on, not_before=last or item.filed_on)
        item.status, item.closed_on = ItemStatus.CLOSED, day
        item.save(update_fields=["status", "closed_on", "updated_at"])
        add_event(actor, item, EventKind.CLOSED, Party.OFFICE, day, note=note)
        audit.record(
            actor=actor,
            event=events.ITEM_CLOSED,
            target=item,
            changes={
                "status": [ItemStatus.REPLIED, ItemStatus.CLOSED],
                **({"note": note} if note else {}),
            },
            node_path=item.node.path,
        )
    return item
