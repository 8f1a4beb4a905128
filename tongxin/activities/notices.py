"""What activities tell people, through ``notifications.notify``, inside the service's
transaction. Texts are written in the site's language; outsiders have no account and are
told by the organiser directly."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import cast

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tongxin.members.models import FamilyMember
from tongxin.notifications.services import notify

from .models import Activity, ActivitySlot, SignUp

KIND_CHANGED = "activity.changed"
KIND_CANCELLED = "activity.cancelled"
KIND_OFFERED = "activity.offered"
KIND_PROMOTED = "activity.promoted"
KIND_DECIDED = "activity.decided"
KIND_LOTTERY = "activity.lottery"
KIND_REMINDER = "activity.reminder"


def _when(moment) -> str:  # type: ignore[no-untyped-def]
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _link(activity: Activity) -> str:
    return reverse("activities:activity-detail", args=[activity.pk])


def _people(sign_ups: Iterable[SignUp]) -> list:
    return [s.person for s in sign_ups if s.person_id is not None]


def _send(sign_ups: Iterable[SignUp], kind: str, title: str, body: str, activity: Activity) -> None:
    people = _people(sign_ups)
    if people:
        notify(recipients=people, kind=kind, title=title, body=body, link=_link(activity))


def _for(sign_up: SignUp) -> str:
    """ " for <child>" when a parent is told about their child's place."""
    if sign_up.family_member_id:
        return _(" (for %(name)s)") % {"name": cast(FamilyMember, sign_up.family_member).name}
    return ""


def activity_changed(activity: Activity, sign_ups: list[SignUp], changes: list[str]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Changed: %(title)s") % {"title": activity.title}
        body = _("%(changes)s. Now: %(start)s, %(place)s.") % {
            "changes": "; ".join(changes),
            "start": _when(activity.starts_at),
            "place": activity.place or "—",
        }
        _send(sign_ups, KIND_CHANGED, title, body, activity)


def activity_cancelled(activity: Activity, sign_ups: list[SignUp]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Cancelled: %(title)s") % {"title": activity.title}
        body = activity.cancel_reason or _("The organiser has cancelled this activity.")
        _send(sign_ups, KIND_CANCELLED, title, body, activity)


def offered(sign_ups: list[SignUp]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        for sign_up in sign_ups:
            activity = sign_up.activity
            title = _("A place is free for you: %(title)s") % {"title": activity.title}
            body = _("Accept it by %(expires)s%(for)s, or it goes to the next person.") % {
                "expires": _when(sign_up.offer_expires_at),
                "for": _for(sign_up),
            }
            _send([sign_up], KIND_OFFERED, title, body, activity)


def promoted(sign_ups: list[SignUp]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        for sign_up in sign_ups:
            activity = sign_up.activity
            title = _("You have a place: %(title)s") % {"title": activity.title}
            body = _("A place came free and is now yours%(for)s. Starts %(start)s.") % {
                "for": _for(sign_up),
                "start": _when(activity.starts_at),
            }
            _send([sign_up], KIND_PROMOTED, title, body, activity)


def decided(sign_up: SignUp, approved: bool) -> None:
    activity = sign_up.activity
    with translation.override(settings.LANGUAGE_CODE):
        if approved:
            title = _("Sign-up approved: %(title)s") % {"title": activity.title}
            body = _("Your sign-up%(for)s is approved. Status: %(status)s.") % {
                "for": _for(sign_up),
                "status": sign_up.get_status_display(),
            }
        else:
            title = _("Sign-up not approved: %(title)s") % {"title": activity.title}
            body = sign_up.decision_comment or _("The organiser did not approve your sign-up.")
        _send([sign_up], KIND_DECIDED, title, body, activity)


def lottery_result(activity: Activity, winners: list[SignUp], waitlisted: list[SignUp]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            winners,
            KIND_LOTTERY,
            _("You won a place: %(title)s") % {"title": activity.title},
            _("The lottery gave you a place. Starts %(start)s.")
            % {"start": _when(activity.starts_at)},
            activity,
        )
        _send(
            waitlisted,
            KIND_LOTTERY,
            _("On the waitlist: %(title)s") % {"title": activity.title},
            _("The lottery put you on the waitlist; you will be told if a place comes free."),
            activity,
        )


def reminders(sign_ups: list[SignUp]) -> None:
    """One notification per person and start time (a parent with two children gets one)."""
    groups: dict[tuple[int, dt.datetime], list[SignUp]] = defaultdict(list)
    for sign_up in sign_ups:
        start = (
            cast(ActivitySlot, sign_up.slot).starts_at
            if sign_up.slot_id
            else sign_up.activity.starts_at
        )
        groups[(sign_up.activity_id, start)].append(sign_up)
    with translation.override(settings.LANGUAGE_CODE):
        for (_activity_id, start), group in groups.items():
            activity = group[0].activity
            title = _("Reminder: %(title)s") % {"title": activity.title}
            body = _("Starts %(start)s at %(place)s. Show your check-in code at the door.") % {
                "start": _when(start),
                "place": activity.place or "—",
            }
            _send(group, KIND_REMINDER, title, body, activity)
