"""Signing up, cancelling, approving, and the waitlist that moves when a place frees.

Quota under lock (STYLE c.8.4): every service that takes or frees a place locks the
activity's row first, counts the places with one aggregate inside the lock, then writes. On
PostgreSQL the row lock serialises sign-ups for one activity; on SQLite the IMMEDIATE
transaction does. The unique constraints on live sign-ups are the backstop.
"""

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.core.errors import Conflict, DomainError, InvalidTransition, ValidationFailed
from tongxin.core.validators import normalize_mobile
from tongxin.members.choices import Relation
from tongxin.members.models import FamilyMember, Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import clock, events, notices
from ..audience import check_audience
from ..choices import CANCELLABLE_STATUSES, HOLDING_STATUSES, LIVE_STATUSES, ActivityStatus
from ..choices import SignUpStatus as S
from ..errors import ActivitiesErrorCode as E
from ..models import Activity, ActivitySlot, SignUp
from ..permissions import ActivitiesPermission as P
from . import allocation
from .common import branch_of, lock_activity, lock_sign_up, new_code, record_sign_up
from .waitlist import promote


def _check_open(activity: Activity, now: dt.datetime) -> None:
    if activity.status != ActivityStatus.PUBLISHED:
        raise DomainError(_("This activity is not open for sign-up."), code=E.NOT_OPEN)
    if activity.sign_up_opens_at and now < activity.sign_up_opens_at:
        raise DomainError(_("Sign-up has not opened yet."), code=E.SIGN_UP_NOT_STARTED)
    if now >= activity.closes_at:
        raise DomainError(_("The sign-up deadline has passed."), code=E.DEADLINE_PASSED)


def _check_slot(
    activity: Activity, slot: ActivitySlot | None, now: dt.datetime, *, has_slots: bool
) -> None:
    if slot is None:
        if has_slots:
            raise ValidationFailed(_("Choose a time slot."), code=E.SLOT_REQUIRED, field="slot")
        return
    if slot.activity_id != activity.pk:
        raise ValidationFailed(
            _("This time slot belongs to another activity."), code=E.INVALID_SLOT, field="slot"
        )
    if slot.starts_at <= now:
        raise DomainError(_("This time slot has already begun."), code=E.SLOT_STARTED, field="slot")


def _allocate(
    activity: Activity, seat: allocation.Seat, slot: ActivitySlot | None
) -> tuple[S, int | None]:
    """The status (and waitlist position) a new, approved sign-up gets, under the lock."""
    if activity.is_lottery and not seat.lottery_drawn:
        return S.ENTERED, None
    if seat.is_free(activity, slot):
        return S.CONFIRMED, None
    return S.WAITLISTED, seat.last_position + 1


def _insert(sign_up: SignUp, seat: allocation.Seat) -> SignUp:
    """Save with a check-in code no other sign-up of the activity has, and a fresh token.

    The caller holds the activity's lock, under which no other sign-up of the activity can be
    written, so the code checked free stays free: no savepoint and retry are needed (two round
    trips fewer in the queue). The unique constraints stay the backstop: a violation rolls
    the whole sign-up back.
    """
    code = seat.code
    taken = seat.code_taken
    while taken:
        code = new_code()
        taken = SignUp.objects.filter(activity_id=sign_up.activity_id, check_in_code=code).exists()
    sign_up.check_in_code = code
    sign_up.check_in_token = secrets.token_urlsafe(18)
    try:
        sign_up.save(force_insert=True)
    except IntegrityError:
        raise Conflict(_("This person is already signed up."), code=E.ALREADY_SIGNED_UP) from None
    return sign_up


def activity_sign_up(
    *,
    actor: Actor,
    activity: Activity,
    person: Person,
    family_member: FamilyMember | None = None,
    slot: ActivitySlot | None = None,
    guardian_consent: bool = False,
) -> SignUp:
    """Sign ``person`` (or their child) up: confirmed, waitlisted, in the lottery or awaiting
    approval.

    Who: the person themselves, or an officer of their branch (team registration).
    Rules: the activity is published and sign-up open; a slot is chosen when the activity has
    slots; the audience rules admit the person (or child); a child needs the parent's consent;
    one live sign-up per person (or child). Quota, branch quota and slot capacity are counted
    under the activity's lock. Effects: the sign-up, an audit event.
    """
    access.require(actor, P.SIGN_UP, person)
    if family_member is not None and family_member.person_id != person.pk:
        raise ValidationFailed(
            _("This family member is not on your record."),
            code=E.NOT_IN_AUDIENCE,
            field="family_member",
        )
    needs_consent = family_member is not None and family_member.relation == Relation.CHILD
    if needs_consent and not guardian_consent:
        raise ValidationFailed(
            _(
                "Confirm that you, as the parent, agree to the child's details being used for this activity."
            ),
            code=E.CONSENT_REQUIRED,
            field="guardian_consent",
        )
    node_id, node_path = branch_of(person)
    with transaction.atomic(durable=True):
        activity = lock_activity(activity)
        now = clock.now()
        _check_open(activity, now)
        check_audience(activity, person, family_member)
        seat = allocation.seat_for(
            activity,
            node_id=node_id,
            slot=slot,
            person_id=person.pk,
            family_member_id=family_member.pk if family_member else None,
            code=new_code(),
        )
        _check_slot(activity, slot, now, has_slots=seat.slot_count > 0)
        if seat.already_live:
            raise Conflict(
                _("%(name)s is already signed up for this activity.")
                % {"name": family_member.name if family_member else person.name},
                code=E.ALREADY_SIGNED_UP,
            )
        if activity.requires_approval:
            status, position = S.PENDING_APPROVAL, None
        else:
            status, position = _allocate(activity, seat, slot)
        sign_up = _insert(
            SignUp(
                activity=activity,
                slot=slot,
                person=person,
                family_member=family_member,
                node_id=node_id,
                status=status,
                waitlist_position=position,
                guardian_consent_at=now if needs_consent else None,
                created_by_id=actor.user_id,
                created_at=now,
            ),
            seat,
        )
        record_sign_up(
            actor,
            events.SIGNUP_CREATED,
            sign_up,
            {"status": status, "slot": slot.pk if slot else None, "waitlist_position": position},
            node_path,
        )
    return sign_up


def activity_register_outsider(
    *,
    actor: Actor,
    activity: Activity,
    name: str,
    phone: str,
    organisation: str = "",
    slot: ActivitySlot | None = None,
) -> SignUp:
    """Register an outside participant (e.g. from a co-organising town bureau).

    Rules: the organiser's permission; the activity takes outsiders and has not started;
    one live sign-up per mobile number. Places are counted like anyone else's.
    """
    access.require(actor, P.MANAGE_ACTIVITY, activity)
    name = " ".join(name.split())
    if not name or len(name) > 50:
        raise ValidationFailed(_("Enter a name of at most 50 characters."), field="name")
    phone = normalize_mobile(phone)
    organisation = " ".join(organisation.split())[:100]
    with transaction.atomic(durable=True):
        activity = lock_activity(activity)
        now = clock.now()
        if activity.status != ActivityStatus.PUBLISHED or now >= activity.starts_at:
            raise DomainError(_("This activity is not open for sign-up."), code=E.NOT_OPEN)
        if not activity.outsiders_allowed:
            raise DomainError(
                _("This activity takes no outside participants."), code=E.NOT_IN_AUDIENCE
            )
        node_id = activity.organiser_id
        seat = allocation.seat_for(
            activity,
            node_id=node_id,
            slot=slot,
            person_id=None,
            family_member_id=None,
            code=new_code(),
        )
        _check_slot(activity, slot, now, has_slots=seat.slot_count > 0)
        if SignUp.objects.filter(
            activity=activity, outsider_phone=phone, status__in=LIVE_STATUSES
        ).exists():
            raise Conflict(
                _("Someone with this mobile number is already signed up."),
                code=E.ALREADY_SIGNED_UP,
                field="phone",
            )
        status, position = _allocate(activity, seat, slot)
        sign_up = _insert(
            SignUp(
                activity=activity,
                slot=slot,
                node_id=node_id,
                outsider_name=name,
                outsider_phone=phone,
                outsider_organisation=organisation,
                status=status,
                waitlist_position=position,
                created_by_id=actor.user_id,
                created_at=now,
            ),
            seat,
        )
        record_sign_up(
            actor,
            events.SIGNUP_CREATED,
            sign_up,
            {"status": status, "outsider": True, "waitlist_position": position},
            activity.organiser.path,
        )
    return sign_up


def signup_cancel(*, actor: Actor, sign_up: SignUp) -> SignUp:
    """Cancel a sign-up (or decline an offered place) before its start.

    Effects: status cancelled; a freed place goes to the waitlist (``promote``); audit.
    """
    access.require(actor, P.CHANGE_SIGNUP, sign_up)
    with transaction.atomic(durable=True):
        activity = lock_activity(sign_up.activity_id)
        sign_up = lock_sign_up(sign_up)
        now = clock.now()
        if sign_up.status not in CANCELLABLE_STATUSES:
            raise InvalidTransition(
                _("A sign-up that is %(status)s cannot be cancelled.")
                % {"status": sign_up.get_status_display()}
            )
        if now >= allocation.starts_of(sign_up):
            raise DomainError(
                _("The activity has begun; the sign-up can no longer be cancelled."),
                code=E.ALREADY_STARTED,
            )
        before = sign_up.status
        sign_up.status, sign_up.cancelled_at = S.CANCELLED, now
        sign_up.save(update_fields=["status", "cancelled_at", "updated_at"])
        record_sign_up(
            actor,
            events.SIGNUP_CANCELLED,
            sign_up,
            {"status": [before, S.CANCELLED]},
            sign_up.node.path,
        )
        if before in HOLDING_STATUSES:
            promote(actor=actor, activity=activity, now=now)
    return sign_up


def signup_decide(*, actor: Actor, sign_up: SignUp, approve: bool, comment: str = "") -> SignUp:
    """Approve or reject a sign-up awaiting approval.

    An approved sign-up is then allocated like a new one: confirmed if a place is free (or
    entered in a lottery not yet drawn), else waitlisted. Effects: audit, a notification.
    """
    access.require(actor, P.DECIDE_SIGNUP, sign_up.activity)
    comment = " ".join(comment.split())[:200]
    with transaction.atomic(durable=True):
        activity = lock_activity(sign_up.activity_id)
        sign_up = lock_sign_up(sign_up)
        if sign_up.status != S.PENDING_APPROVAL:
            raise InvalidTransition(
                _("Only sign-ups awaiting approval can be decided; this one is %(status)s.")
                % {"status": sign_up.get_status_display()}
            )
        if activity.status != ActivityStatus.PUBLISHED:
            raise DomainError(_("This activity is not open for sign-up."), code=E.NOT_OPEN)
        now = clock.now()
        if approve:
            seat = allocation.seat_for(
                activity,
                node_id=sign_up.node_id,
                slot=sign_up.slot,
                person_id=None,
                family_member_id=None,
            )
            sign_up.status, sign_up.waitlist_position = _allocate(activity, seat, sign_up.slot)
        else:
            sign_up.status = S.REJECTED
        sign_up.decided_at, sign_up.decided_by_id, sign_up.decision_comment = (
            now,
            actor.user_id,
            comment,
        )
        sign_up.save(
            update_fields=[
                "status",
                "waitlist_position",
                "decided_at",
                "decided_by",
                "decision_comment",
                "updated_at",
            ]
        )
        event = events.SIGNUP_APPROVED if approve else events.SIGNUP_REJECTED
        record_sign_up(
            actor,
            event,
            sign_up,
            {"status": [S.PENDING_APPROVAL, sign_up.status], "comment": comment},
            sign_up.node.path,
        )
        sign_up.activity = activity
        notices.decided(sign_up, approve)
    return sign_up
