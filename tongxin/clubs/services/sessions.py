"""Recurring club sessions, built on activities.

A series (weekday, time, place, weeks from–to, places) becomes one published activity of kind
``club_session`` per week, organised by the club's owning node and open to its part of the
union, each linked to the club by a ``ClubSession`` row. Members sign up and check in through
the activities flows (sign-up, QR or event-code check-in); attendance writes the person-time
once, there, with kind ``club_session``. The clubs app records no participation of its own,
so nothing is counted twice.

Activities cannot restrict an audience to a list of people, so a session is open to the
owning node's union members; the club pages offer sessions to the club's members only. The
club's attendance rate is attended ÷ places taken (confirmed, attended, no-show) over its
sessions that have ended.

Each activity is created through ``activities.services`` (its own transaction). Everything
is checked before the first one is created; if an unexpected error stops the loop, the
sessions already made stay, linked to the series.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.activities import services as activities
from tongxin.activities.permissions import ActivitiesPermission
from tongxin.core import audit
from tongxin.core.errors import ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events
from ..choices import MAX_SERIES_WEEKS, Weekday
from ..errors import ClubsErrorCode as E
from ..models import Club, ClubSession, ClubSessionSeries
from .common import check_date, check_text, lock_club, require_active, require_lead


def series_dates(weekday: int, first_on: dt.date, last_on: dt.date) -> list[dt.date]:
    """Every ``weekday`` (0 = Monday) from ``first_on`` to ``last_on``, both included."""
    start = first_on + dt.timedelta(days=(weekday - first_on.weekday()) % 7)
    days = []
    while start <= last_on:
        days.append(start)
        start += dt.timedelta(days=7)
    return days


def _check(
    weekday: object,
    starts_at: object,
    ends_at: object,
    first_on: object,
    last_on: object,
    capacity: object,
) -> list[dt.date]:
    def fail(message: str, field: str) -> None:
        raise ValidationFailed(message, code=E.INVALID_SERIES, field=field)

    if isinstance(weekday, bool) or weekday not in Weekday.values:
        fail(_("Choose a day of the week."), "weekday")
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if not isinstance(value, dt.time):
            fail(_("Enter a time."), name)
    if ends_at <= starts_at:  # type: ignore[operator]
        fail(_("A session must end after it starts."), "ends_at")
    first = check_date(first_on, "first_on")
    last = check_date(last_on, "last_on")
    if last < first:
        fail(_("The last week must not be before the first."), "last_on")
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not 1 <= capacity <= 10000:
        fail(_("Places must be a whole number from 1 to 10000."), "capacity")
    days = series_dates(weekday, first, last)  # type: ignore[arg-type]
    if not days:
        fail(_("No such weekday falls between these dates."), "first_on")
    if len(days) > MAX_SERIES_WEEKS:
        fail(_("A series covers at most a year of weeks."), "last_on")
    return days


def activity_actor(actor: Actor, club: Club) -> Actor:
    """Leaders are people, not organisers: the club's activities are created on their behalf
    by the system under the leader's name (the club's audit records the leader)."""
    if access.can_at(actor, ActivitiesPermission.MANAGE_ACTIVITY, club.node.path):
        return actor
    return Actor.system(name=actor.name)


def club_series_create(
    *,
    actor: Actor,
    club: Club,
    weekday: int,
    starts_at: dt.time,
    ends_at: dt.time,
    place: str,
    first_on: dt.date,
    last_on: dt.date,
    capacity: int,
    title: str = "",
    description: str = "",
) -> ClubSessionSeries:
    """Schedule weekly sessions: one published ``club_session`` activity per week.

    Rules: a leader of the club or a manager of its node; the club is active; a weekday,
    start before end, first week not after last, at most a year of weeks, 1 or more places.
    Sign-up to each session closes when it starts.
    """
    require_lead(actor, club)
    require_active(club)
    place = check_text(place, field="place", limit=200, required=True, message=_("Enter a place."))
    title = check_text(title or club.name, field="title", limit=200, required=True)
    days = _check(weekday, starts_at, ends_at, first_on, last_on, capacity)
    as_actor = activity_actor(actor, club)
    with transaction.atomic(durable=True):
        club = lock_club(club)
        require_active(club)
        series = ClubSessionSeries.objects.create(
            club=club,
            title=title,
            weekday=weekday,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
            first_on=first_on,
            last_on=last_on,
            capacity=capacity,
            created_by_id=actor.user_id,
        )
        audit.record(
            actor=actor,
            event=events.CLUB_SERIES_CREATED,
            target=series,
            changes={
                "club": club.pk,
                "weekday": weekday,
                "time": f"{starts_at:%H:%M}-{ends_at:%H:%M}",
                "first_on": first_on.isoformat(),
                "last_on": last_on.isoformat(),
                "sessions": len(days),
            },
            node_path=club.node.path,
        )
    zone = timezone.get_current_timezone()
    for day in days:
        start = dt.datetime.combine(day, starts_at, tzinfo=zone)
        activity = activities.activity_create(
            actor=as_actor,
            organiser=club.node,
            kind="club_session",
            title=title,
            description=description or club.description,
            place=place,
            starts_at=start,
            ends_at=dt.datetime.combine(day, ends_at, tzinfo=zone),
            sign_up_deadline=start,
            quota=capacity,
        )
        activity = activities.activity_publish(actor=as_actor, activity=activity)
        ClubSession.objects.create(club=club, series=series, activity=activity, on=day)
    return series
