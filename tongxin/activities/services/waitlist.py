"""The waitlist: freed places offered in order, and offers accepted in time.

``promote`` is called by every service that frees a place or adds room (a cancellation, an
expired offer, a raised quota or branch quota), while it holds the activity's lock.
"""

import datetime as dt
from typing import cast

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError, InvalidTransition
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import clock, events, notices
from ..choices import ActivityStatus
from ..choices import SignUpStatus as S
from ..errors import ActivitiesErrorCode as E
from ..models import Activity, ActivitySlot, SignUp
from ..permissions import ActivitiesPermission as P
from . import allocation
from .common import lock_activity, lock_sign_up, record_sign_up

# Under this much time before the start, a freed place is given outright, not offered.
MIN_OFFER_WINDOW = dt.timedelta(hours=1)


def promote(*, actor: Actor, activity: Activity, now: dt.datetime) -> list[SignUp]:
    """Give freed places to the waitlist in order; the caller holds the activity's lock.

    The first waitlisted sign-up that fits (total, branch and slot caps) is offered the place
    for ``offer_hours`` (CiviCRM's "pending from waitlist"), or confirmed at once when the
    window is 0 or the start is too near to wait. Effects: audit events, notifications.
    """
    if activity.status != ActivityStatus.PUBLISHED:
        return []
    places = allocation.places(activity)
    if places.is_full():
        return []
    waiting = (
        SignUp.objects.filter(activity=activity, status=S.WAITLISTED)
        .select_related("slot", "person", "family_member", "node")
        .order_by("waitlist_position", "pk")
    )
    offered, confirmed = [], []
    for sign_up in waiting:
        start = (
            cast(ActivitySlot, sign_up.slot).starts_at if sign_up.slot_id else activity.starts_at
        )
        if start <= now or not places.fits(sign_up.node_id, sign_up.slot_id):
            continue
        places.take(sign_up.node_id, sign_up.slot_id)
        sign_up.activity = activity
        expires = min(now + dt.timedelta(hours=activity.offer_hours), start)
        if activity.offer_hours == 0 or expires - now < MIN_OFFER_WINDOW:
            sign_up.status, sign_up.offer_expires_at = S.CONFIRMED, None
            confirmed.append(sign_up)
            event = events.SIGNUP_PROMOTED
        else:
            sign_up.status, sign_up.offer_expires_at = S.OFFERED, expires
            offered.append(sign_up)
            event = events.SIGNUP_OFFERED
        sign_up.save(update_fields=["status", "offer_expires_at", "updated_at"])
        record_sign_up(
            actor,
            event,
            sign_up,
            {
                "status": [S.WAITLISTED, sign_up.status],
                "offer_expires_at": sign_up.offer_expires_at,
            },
            sign_up.node.path,
        )
        if places.is_full():
            break
    notices.offered(offered)
    notices.promoted(confirmed)
    return offered + confirmed


def signup_accept_offer(*, actor: Actor, sign_up: SignUp) -> SignUp:
    """Take the place offered from the waitlist, before the offer expires."""
    access.require(actor, P.CHANGE_SIGNUP, sign_up)
    with transaction.atomic(durable=True):
        lock_activity(sign_up.activity_id)
        sign_up = lock_sign_up(sign_up)
        if sign_up.status != S.OFFERED:
            raise InvalidTransition(
                _("There is no place on offer for this sign-up (it is %(status)s).")
                % {"status": sign_up.get_status_display()}
            )
        if clock.now() >= cast(dt.datetime, sign_up.offer_expires_at):  # set on every offer
            raise DomainError(_("The offer has expired."), code=E.OFFER_EXPIRED)
        sign_up.status = S.CONFIRMED
        sign_up.save(update_fields=["status", "updated_at"])
        record_sign_up(
            actor,
            events.SIGNUP_ACCEPTED,
            sign_up,
            {"status": [S.OFFERED, S.CONFIRMED]},
            sign_up.node.path,
        )
    return sign_up
