"""Creating, changing and archiving clubs; their leaders and yearly budgets."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, InvalidTransition, ValidationFailed
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode

from .. import events
from ..choices import ClubKind, ClubStatus
from ..errors import ClubsErrorCode as E
from ..models import Club, ClubBudget, ClubLeader
from ..permissions import ClubsPermission as P
from .common import (
    check_date,
    check_eligible,
    check_fen,
    check_text,
    lock_club,
    require_active,
    today,
)
from .spending import check_category

EDITABLE_FIELDS = ("name", "kind", "description", "place", "category_key")


def _clean(data: Mapping[str, Any], on: dt.date) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in data.items():
        if name not in EDITABLE_FIELDS:
            raise ValidationFailed(_("Unknown field %(name)s.") % {"name": name}, field=name)
        if name == "name":
            value = check_text(
                value, field=name, limit=100, required=True, message=_("Enter the club's name.")
            )
        elif name == "kind":
            if value not in ClubKind.values:
                raise ValidationFailed(
                    _("Choose one of the options."), code=E.INVALID_CLUB, field=name
                )
        elif name == "description":
            value = str(value or "").strip()
            if len(value) > 5000:
                raise ValidationFailed(_("This text is too long."), code=E.INVALID_CLUB, field=name)
        elif name == "place":
            value = check_text(value, field=name, limit=200, required=False)
        elif name == "category_key":
            value = check_category(value, on)
        cleaned[name] = value
    return cleaned


def _name_taken(school_id: int, name: str, exclude: int | None = None) -> None:
    qs = Club.objects.filter(school_id=school_id, name=name)
    if exclude:
        qs = qs.exclude(pk=exclude)
    if qs.exists():
        raise DomainError(
            _("There is already a club called %(name)s.") % {"name": name},
            code=E.DUPLICATE_NAME,
            field="name",
        )


def club_create(*, actor: Actor, node: OrgNode, **data: Any) -> Club:
    """Create a club owned by the school union or a branch.

    Rules: the actor manages clubs on ``node``; the owner is a school union or a branch (a
    node with a fund, which pays for the club); the name is unique in the school; the fund
    category lies under staff activities. Effects: the club, audit.
    """
    access.require_at(actor, P.MANAGE_CLUB, node)
    if node.kind not in (OrgNodeKind.SCHOOL_UNION, OrgNodeKind.BRANCH) or node.is_archived:
        raise ValidationFailed(
            _("A club is run by the school union or a branch."), code=E.INVALID_CLUB, field="node"
        )
    if "name" not in data or "kind" not in data:
        raise ValidationFailed(_("Enter the club's name."), code=E.INVALID_CLUB, field="name")
    cleaned = _clean(data, today())
    school_id = node.school_id or node.pk
    _name_taken(school_id, cleaned["name"])
    club = Club(school_id=school_id, node=node, **cleaned)
    try:
        with transaction.atomic(durable=True):
            club.save(force_insert=True)
            audit.record(
                actor=actor,
                event=events.CLUB_CREATED,
                target=club,
                changes=audit.snapshot(club, EDITABLE_FIELDS),
                node_path=node.path,
            )
    except IntegrityError:
        _name_taken(school_id, cleaned["name"])
        raise
    return club


def club_update(*, actor: Actor, club: Club, changes: Mapping[str, Any]) -> Club:
    """Change a club's name, kind, description, place or fund category (managers only)."""
    access.require(actor, P.MANAGE_CLUB, club)
    cleaned = _clean(changes, today())
    if "name" in cleaned:
        _name_taken(club.school_id, cleaned["name"], exclude=club.pk)
    with transaction.atomic(durable=True):
        club = lock_club(club)
        before = audit.snapshot(club, EDITABLE_FIELDS)
        for name, value in cleaned.items():
            setattr(club, name, value)
        delta = audit.diff(before, audit.snapshot(club, EDITABLE_FIELDS))
        if not delta:
            return club
        club.save(update_fields=[*delta, "updated_at"])
        audit.record(
            actor=actor,
            event=events.CLUB_UPDATED,
            target=club,
            changes=delta,
            node_path=club.node.path,
        )
    return club


def club_archive(*, actor: Actor, club: Club) -> Club:
    """Archive an active club: nobody joins it any more and no sessions are added; its
    history, members and spending stay readable. Its sessions that have not started are then
    cancelled through activities (people signed up are told)."""
    access.require(actor, P.MANAGE_CLUB, club)
    from tongxin.activities import clock

    with transaction.atomic(durable=True):
        club = lock_club(club)
        if club.status != ClubStatus.ACTIVE:
            raise InvalidTransition(_("This club is already archived."))
        club.status, club.archived_at = ClubStatus.ARCHIVED, clock.now()
        club.save(update_fields=["status", "archived_at", "updated_at"])
        audit.record(
            actor=actor,
            event=events.CLUB_ARCHIVED,
            target=club,
            changes={"status": [ClubStatus.ACTIVE, ClubStatus.ARCHIVED]},
            node_path=club.node.path,
        )
    _cancel_future_sessions(actor, club)
    return club


def _cancel_future_sessions(actor: Actor, club: Club) -> None:
    from tongxin.activities import clock
    from tongxin.activities import services as activities
    from tongxin.activities.models import Activity

    from .sessions import activity_actor

    as_actor = activity_actor(actor, club)
    for activity in Activity.objects.filter(
        club_session__club=club,
        starts_at__gt=clock.now(),
        status__in=("draft", "published"),
    ).select_related("organiser", "audience_node"):
        try:
            activities.activity_cancel(
                actor=as_actor, activity=activity, reason=_("The club is archived.")
            )
        except DomainError:
            continue


def club_leader_add(
    *, actor: Actor, club: Club, person: Person, starts_on: dt.date | None = None
) -> ClubLeader:
    """Make ``person`` a leader of ``club`` from ``starts_on`` (today by default).

    Rules: managers only; the club is active; the person may belong to the club (a union
    member of its part of the union); not already a current leader.
    """
    access.require(actor, P.MANAGE_CLUB, club)
    starts_on = check_date(starts_on or today(), "starts_on")
    require_active(club)
    check_eligible(club, person)
    with transaction.atomic(durable=True):
        club = lock_club(club)
        require_active(club)
        if ClubLeader.objects.filter(club=club, person=person, ends_on__isnull=True).exists():
            raise DomainError(
                _("%(name)s already leads this club.") % {"name": person.name},
                code=E.ALREADY_LEADER,
                field="person",
            )
        leader = ClubLeader.objects.create(club=club, person=person, starts_on=starts_on)
        audit.record(
            actor=actor,
            event=events.CLUB_LEADER_ADDED,
            target=leader,
            changes={"person": person.pk, "starts_on": starts_on.isoformat()},
            node_path=club.node.path,
        )
    return leader


def club_leader_end(
    *, actor: Actor, leader: ClubLeader, ends_on: dt.date | None = None
) -> ClubLeader:
    """End a leader's term on ``ends_on`` (today by default; not before it began)."""
    access.require(actor, P.MANAGE_CLUB, leader.club)
    ends_on = check_date(ends_on or today(), "ends_on")
    with transaction.atomic(durable=True):
        locked = ClubLeader.objects.select_for_update().get(pk=leader.pk)
        if locked.ends_on is not None:
            raise DomainError(_("This term has already ended."), code=E.NOT_LEADER)
        if ends_on < locked.starts_on:
            raise ValidationFailed(
                _("A term cannot end before it began."), code=E.INVALID_DATE, field="ends_on"
            )
        locked.ends_on = ends_on
        locked.save(update_fields=["ends_on", "updated_at"])
        audit.record(
            actor=actor,
            event=events.CLUB_LEADER_ENDED,
            target=locked,
            changes={"ends_on": ends_on.isoformat()},
            node_path=leader.club.node.path,
        )
    return locked


def club_budget_set(*, actor: Actor, club: Club, year: int, amount_fen: int) -> ClubBudget:
    """Set what a club may spend in ``year`` (managers only; fen, zero or more)."""
    access.require(actor, P.MANAGE_CLUB, club)
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationFailed(_("Enter a valid year."), code=E.INVALID_DATE, field="year")
    amount = check_fen(amount_fen, "amount_fen", positive=False)
    with transaction.atomic(durable=True):
        club = lock_club(club)
        budget = ClubBudget.objects.filter(club=club, year=year).first()
        before = budget.amount_fen if budget else None
        if budget is None:
            budget = ClubBudget.objects.create(club=club, year=year, amount_fen=amount)
        elif budget.amount_fen != amount:
            budget.amount_fen = amount
            budget.save(update_fields=["amount_fen", "updated_at"])
        else:
            return budget
        audit.record(
            actor=actor,
            event=events.CLUB_BUDGET_SET,
            target=club,
            changes={"year": year, "amount_fen": [before, amount]},
            node_path=club.node.path,
        )
    return budget
