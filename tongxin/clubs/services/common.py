"""Helpers every clubs service shares: today on the activities' clock, locking a club,
input checks, and who may lead a club."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.activities import clock
from tongxin.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from tongxin.members.choices import EmploymentStatus, MembershipStatus
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import subtree_q

from ..errors import ClubsErrorCode as E
from ..models import Club, ClubLeader
from ..permissions import ClubsPermission as P


def today() -> dt.date:
    """Today on the activities' clock (the demo runs a past year at fixed moments)."""
    return timezone.localdate(clock.now())


def lock_club(club: Club) -> Club:
    locked = Club.objects.select_for_update().get(pk=club.pk)
    locked.node = club.node
    return locked


def check_date(value: object, field: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationFailed(_("Enter a valid date."), code=E.INVALID_DATE, field=field)
    if not 2000 <= value.year <= 2100:
        raise ValidationFailed(_("Enter a valid date."), code=E.INVALID_DATE, field=field)
    return value


def check_text(value: object, *, field: str, limit: int, required: bool, message: str = "") -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise ValidationFailed(
            message or _("This field is required."), code=E.INVALID_CLUB, field=field
        )
    if len(text) > limit:
        raise ValidationFailed(_("This text is too long."), code=E.INVALID_CLUB, field=field)
    return text


def check_fen(value: object, field: str, *, positive: bool) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed(
            _("An amount must be a whole number of fen."), code=E.INVALID_AMOUNT, field=field
        )
    if value < 0 or (positive and value == 0) or value > 10**12:
        raise ValidationFailed(
            _("The amount must be more than zero.")
            if positive
            else _("An amount cannot be negative."),
            code=E.INVALID_AMOUNT,
            field=field,
        )
    return value


def current_leader_q(on: dt.date) -> Q:
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def is_leader(actor: Actor, club: Club, on: dt.date | None = None) -> bool:
    """Whether the actor's person leads ``club`` on ``on`` (today by default)."""
    if actor.person_id is None:
        return False
    return (
        ClubLeader.objects.filter(club=club, person_id=actor.person_id)
        .filter(current_leader_q(on or today()))
        .exists()
    )


def may_lead(actor: Actor, club: Club) -> bool:
    """Managers of the club's node, and the club's current leaders."""
    return access.can(actor, P.MANAGE_CLUB, club) or is_leader(actor, club)


def require_lead(actor: Actor, club: Club) -> None:
    """Raise unless the actor manages the club's node or leads the club today.

    Same answers as ``access.require``: ``Forbidden`` inside the actor's scope, ``NotFound``
    outside it (ids cannot be probed).
    """
    if may_lead(actor, club):
        return
    if access.sees(actor, club):
        raise Forbidden()
    raise NotFound()


def person_for_club(
    *,
    actor: Actor,
    club: Club,
    pk: int | None = None,
    staff_number: str | None = None,
    current_members: bool = False,
) -> Person:
    """The person a club action names (by id or staff number), looked up one way only.

    Acting on someone else needs a leader or manager first (so the answer cannot be used to
    probe ids). Then only people who may belong to the club are found (union members of its
    part of the union, or, with ``current_members``, its current members): a missing id, a
    person elsewhere and a person who may not join all get the same refusal.
    """
    own = actor.person_id is not None and pk is not None and pk == actor.person_id
    if not own and not actor.is_system:
        require_lead(actor, club)
    people = Person.objects.select_related("node").filter(
        subtree_q(club.node.path, "node__path"), school_id=club.school_id
    )
    if current_members:
        people = people.filter(club_memberships__club=club, club_memberships__left_on__isnull=True)
    else:
        people = people.filter(
            membership_status__in=(MembershipStatus.MEMBER, MembershipStatus.RETAINED)
        ).exclude(employment_status__in=(EmploymentStatus.LEFT, EmploymentStatus.DECEASED))
    if staff_number is not None:
        person = people.filter(staff_number=staff_number.strip()).first()
        message, field = _("Nobody in %(node)s has this staff number."), "staff_number"
    else:
        person = people.filter(pk=pk).first() if pk is not None else None
        message, field = _("Nobody in %(node)s has this id."), "person_id"
    if person is None:
        raise ValidationFailed(message % {"node": club.node.name}, code=E.NOT_ELIGIBLE, field=field)
    return person


def require_active(club: Club) -> None:
    if not club.is_active:
        raise DomainError(_("This club is archived."), code=E.ARCHIVED)


def check_eligible(club: Club, person: Person, field: str = "person") -> None:
    """A club is for union members (retired members included) of its owning node's part of
    the union: the union pays for it."""
    if person.school_id != club.school_id or not person.node.path.startswith(club.node.path):
        raise DomainError(
            _("%(name)s does not belong to %(node)s, which runs this club.")
            % {"name": person.name, "node": club.node.name},
            code=E.NOT_ELIGIBLE,
            field=field,
        )
    if person.membership_status not in (MembershipStatus.MEMBER, MembershipStatus.RETAINED) or (
        person.employment_status in (EmploymentStatus.LEFT, EmploymentStatus.DECEASED)
    ):
        raise DomainError(
            _("Only union members can join a club."), code=E.NOT_ELIGIBLE, field=field
        )
