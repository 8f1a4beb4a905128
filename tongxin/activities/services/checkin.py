"""Checking people in: the organiser scans a QR code or types a code; a person checks
themselves in with the event code shown at the venue.

Attendance writes the person-time (``participation_record``). Gifts on attendance belong to
the benefits app: it reads ``queries.attended_sign_ups`` to issue a benefit batch, so nothing
here needs to change when it arrives.
"""

import datetime as dt
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.crypto import same_secret
from tongxin.core.errors import DomainError
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.participation.choices import ParticipationKind
from tongxin.participation.services import participation_record

from .. import clock, events
from ..choices import LIVE_STATUSES, PARTICIPATION_KIND, ActivityStatus
from ..choices import SignUpStatus as S
from ..errors import ActivitiesErrorCode as E
from ..models import Activity, SignUp
from ..permissions import ActivitiesPermission as P


@dataclass(frozen=True)
class CheckIn:
    sign_up: SignUp
    already: bool


def normalize_code(raw: str) -> str:
    """Accept a typed code (any case, spaces), a bare token, or the URL in a QR code."""
    text = "".join(str(raw or "").split())
    if "/" in text:
        parts = [part for part in text.split("?")[0].split("/") if part]
        text = parts[-1] if parts else ""
    return text.upper() if len(text) <= 8 else text


def _check_window(activity: Activity, now: dt.datetime) -> None:
    if activity.status != ActivityStatus.PUBLISHED:
        raise DomainError(
            _("Check-in is only possible for a published activity."), code=E.CHECK_IN_CLOSED
        )
    opens = activity.starts_at - dt.timedelta(hours=settings.TONGXIN_ACTIVITY_CHECK_IN_EARLY_HOURS)
    closes = activity.ends_at + dt.timedelta(hours=settings.TONGXIN_ACTIVITY_CHECK_IN_LATE_HOURS)
    if not opens <= now <= closes:
        raise DomainError(
            _("Check-in is open from %(opens)s to %(closes)s.")
            % {
                "opens": timezone.localtime(opens).strftime("%Y-%m-%d %H:%M"),
                "closes": timezone.localtime(closes).strftime("%Y-%m-%d %H:%M"),
            },
            code=E.CHECK_IN_CLOSED,
        )


def _attend(actor: Actor, sign_up: SignUp, now: dt.datetime) -> None:
    """Mark a locked, confirmed sign-up attended and record the person-time."""
    sign_up.status, sign_up.checked_in_at, sign_up.checked_in_by_id = S.ATTENDED, now, actor.user_id
    sign_up.save(update_fields=["status", "checked_in_at", "checked_in_by", "updated_at"])
    activity = sign_up.activity
    if sign_up.person_id is not None:
        # A child's attendance counts once for the staff parent's family (person-times are
        # staff records); the sign-up rows count the children themselves.
        participation_record(
            person=cast(Person, sign_up.person),
            kind=PARTICIPATION_KIND.get(activity.kind, ParticipationKind.ACTIVITY),
            occasion=activity,
            occurred_on=timezone.localtime(now).date(),
        )
    audit.record(
        actor=actor,
        event=events.SIGNUP_CHECKED_IN,
        target=sign_up,
        changes={"status": [S.CONFIRMED, S.ATTENDED]},
        node_path=sign_up.node.path,
    )


def signup_check_in(*, actor: Actor, activity: Activity, code: str) -> CheckIn:
    """Check in the sign-up of ``activity`` with this code (QR token or typed code).

    Rules: the checker's permission on the activity; the code belongs to a sign-up of *this*
    activity (someone else's code for another activity is refused and changes nothing); the
    sign-up is confirmed; check-in is open. A second check-in changes nothing and says so.
    """
    access.require(actor, P.CHECK_IN, activity)
    code = normalize_code(code)
    if not code:
        raise DomainError(_("Enter a check-in code."), code=E.CODE_NOT_FOUND, field="code")
    with transaction.atomic(durable=True):
        sign_up = (
            SignUp.objects.select_for_update(of=("self",))
            .select_related("activity", "person", "family_member", "node", "slot")
            .filter(activity_id=activity.pk)
            .filter(Q(check_in_code=code) | Q(check_in_token=code))
            .first()
        )
        if sign_up is None:
            raise DomainError(
                _("No sign-up for this activity has this code. Is it a code for another activity?"),
                code=E.CODE_NOT_FOUND,
                field="code",
            )
        if sign_up.status == S.ATTENDED:
            return CheckIn(sign_up, already=True)
        if sign_up.status != S.CONFIRMED:
            raise DomainError(
                _("%(name)s is %(status)s, not confirmed, and cannot be checked in.")
                % {"name": sign_up.participant_name, "status": sign_up.get_status_display()},
                code=E.NOT_CONFIRMED,
                field="code",
            )
        now = clock.now()
        _check_window(sign_up.activity, now)
        _attend(actor, sign_up, now)
    return CheckIn(sign_up, already=False)


def activity_self_check_in(*, actor: Actor, activity: Activity, event_code: str) -> list[CheckIn]:
    """Check oneself (and one's children) in with the event code shown at the venue.

    Rules: only the actor's own confirmed sign-ups; the event code must match; check-in open.
    """
    if actor.person_id is None:
        raise DomainError(_("Only staff with a record can check in."), code=E.NO_PERSON)
    code = "".join(str(event_code or "").split()).upper()
    if not activity.check_in_code or not same_secret(code, activity.check_in_code):
        raise DomainError(
            _("This is not the event code of this activity."),
            code=E.WRONG_EVENT_CODE,
            field="event_code",
        )
    person = Person.objects.get(pk=actor.person_id)
    with transaction.atomic(durable=True):
        mine = list(
            SignUp.objects.select_for_update(of=("self",))
            .select_related("activity", "person", "family_member", "node")
            .filter(activity_id=activity.pk, person=person, status__in=LIVE_STATUSES)
            .order_by("pk")
        )
        for sign_up in mine:
            access.require(actor, P.CHANGE_SIGNUP, sign_up)
        confirmed = [s for s in mine if s.status == S.CONFIRMED]
        attended = [s for s in mine if s.status == S.ATTENDED]
        if not confirmed and not attended:
            raise DomainError(
                _("You have no confirmed place in this activity."), code=E.NOT_CONFIRMED
            )
        now = clock.now()
        if confirmed:
            _check_window(confirmed[0].activity, now)
        for sign_up in confirmed:
            _attend(actor, sign_up, now)
    return [CheckIn(s, already=False) for s in confirmed] + [
        CheckIn(s, already=True) for s in attended
    ]
