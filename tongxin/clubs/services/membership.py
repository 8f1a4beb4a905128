"""Joining and leaving clubs.

Joining is open: a union member of the club's part of the union joins at once, without a
leader's approval (clubs are informal and free to leave; a leader can remove someone). A
leader or a manager may also add or remove a member. A member joins and leaves only
themselves. Membership is kept as stretches (joined, left), so "who was a member on day D"
is one query and leaving then rejoining keeps the history.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.activities import clock
from tongxin.activities import services as activities
from tongxin.activities.choices import CANCELLABLE_STATUSES
from tongxin.activities.models import SignUp
from tongxin.activities.permissions import ActivitiesPermission
from tongxin.core import audit
from tongxin.core.errors import DomainError, NotFound, ValidationFailed
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events
from ..errors import ClubsErrorCode as E
from ..models import Club, ClubMembership
from .common import check_date, check_eligible, lock_club, require_active, require_lead, today


def _require_self_or_lead(actor: Actor, club: Club, person: Person) -> None:
    """A person acts on their own membership; leaders and managers on anybody's."""
    if actor.person_id is not None and actor.person_id == person.pk:
        return
    if actor.is_system:
        return
    require_lead(actor, club)


def club_join(
    *, actor: Actor, club: Club, person: Person, on: dt.date | None = None
) -> ClubMembership:
    """``person`` joins ``club`` on ``on`` (today by default).

    Rules: the person themselves, or a leader or manager of the club; the club is active;
    the person is a union member of the club's part of the union; not already a member; not
    before the end of their previous stretch. Effects: a membership stretch, audit.
    """
    _require_self_or_lead(actor, club, person)
    on = check_date(on or today(), "on")
    require_active(club)
    check_eligible(club, person)
    try:
        with transaction.atomic(durable=True):
            club = lock_club(club)
            require_active(club)
            stretches = list(ClubMembership.objects.filter(club=club, person=person))
            if any(m.left_on is None for m in stretches):
                raise DomainError(
                    _("%(name)s is already a member of %(club)s.")
                    % {"name": person.name, "club": club.name},
                    code=E.ALREADY_MEMBER,
                )
            if any(m.left_on and m.left_on > on for m in stretches):
                raise ValidationFailed(
                    _("Rejoining cannot be dated before the day of leaving."),
                    code=E.INVALID_DATE,
                    field="on",
                )
            membership = ClubMembership.objects.create(
                club=club, person=person, joined_on=on, created_by_id=actor.user_id
            )
            audit.record(
                actor=actor,
                event=events.CLUB_MEMBER_JOINED,
                target=membership,
                changes={"club": club.pk, "person": person.pk, "joined_on": on.isoformat()},
                node_path=club.node.path,
            )
    except IntegrityError:  # a concurrent join of the same person
        raise DomainError(
            _("%(name)s is already a member of %(club)s.")
            % {"name": person.name, "club": club.name},
            code=E.ALREADY_MEMBER,
        ) from None
    return membership


def club_leave(
    *, actor: Actor, club: Club, person: Person, on: dt.date | None = None
) -> ClubMembership:
    """``person`` leaves ``club`` on ``on`` (today by default): from that day they are not a
    member. Rules: the person themselves, or a leader or manager; the person is a member; not
    before they joined. Effects: the stretch ends, audit; then the person's places in the
    club's sessions from that day on that have not started are cancelled through activities
    (freed places go to the waitlist).
    """
    _require_self_or_lead(actor, club, person)
    on = check_date(on or today(), "on")
    with transaction.atomic(durable=True):
        club = lock_club(club)
        membership = (
            ClubMembership.objects.select_for_update()
            .filter(club=club, person=person, left_on__isnull=True)
            .first()
        )
        if membership is None:
            raise DomainError(
                _("%(name)s is not a member of %(club)s.")
                % {"name": person.name, "club": club.name},
                code=E.NOT_MEMBER,
            )
        if on < membership.joined_on:
            raise ValidationFailed(
                _("Leaving cannot be dated before joining."), code=E.INVALID_DATE, field="on"
            )
        membership.left_on = on
        membership.save(update_fields=["left_on", "updated_at"])
        audit.record(
            actor=actor,
            event=events.CLUB_MEMBER_LEFT,
            target=membership,
            changes={"club": club.pk, "person": person.pk, "left_on": on.isoformat()},
            node_path=club.node.path,
        )
    _cancel_future_sign_ups(actor, club, person, on)
    return membership


def _cancel_future_sign_ups(actor: Actor, club: Club, person: Person, on: dt.date) -> None:
    """Each cancellation is its own activities transaction (``signup_cancel``); a sign-up
    that can no longer be cancelled (the session began) is left as it is."""
    as_actor = actor
    for sign_up in (
        SignUp.objects.filter(
            activity__club_session__club=club,
            activity__club_session__on__gte=on,
            activity__starts_at__gt=clock.now(),
            person=person,
            status__in=CANCELLABLE_STATUSES,
        )
        .select_related("activity", "node", "person", "slot", "family_member")
        .order_by("pk")
    ):
        if not access.can(actor, ActivitiesPermission.CHANGE_SIGNUP, sign_up):
            as_actor = Actor.system(name=actor.name)
        try:
            activities.signup_cancel(actor=as_actor, sign_up=sign_up)
        except DomainError:
            continue


def person_for(actor: Actor) -> Person:
    """The actor's own person record (for "join myself"), or a clear refusal."""
    if actor.person_id is None:
        raise DomainError(_("Only staff with a record can join a club."), code=E.NO_PERSON)
    try:
        return Person.objects.select_related("node").get(pk=actor.person_id)
    except Person.DoesNotExist:
        raise NotFound() from None
