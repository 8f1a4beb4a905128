"""A person's secret calendar address (for phone calendars that cannot log in)."""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError
from tongxin.orgs.actor import Actor

from .. import events
from ..errors import ActivitiesErrorCode as E
from ..models import CalendarFeed


def calendar_feed_reset(*, actor: Actor) -> CalendarFeed:
    """Create the actor's feed address, or replace it (the old address stops working)."""
    if actor.person_id is None:
        raise DomainError(_("Only staff with a record have a calendar."), code=E.NO_PERSON)
    with transaction.atomic(durable=True):
        feed = CalendarFeed.objects.select_for_update().filter(person_id=actor.person_id).first()
        token = secrets.token_urlsafe(24)
        if feed is None:
            feed = CalendarFeed.objects.create(person_id=actor.person_id, token=token)
            event = events.CALENDAR_FEED_CREATED
        else:
            feed.token = token
            feed.save(update_fields=["token", "updated_at"])
            event = events.CALENDAR_FEED_RESET
        audit.record(actor=actor, event=event, target=feed, changes={})
    return feed
