"""Reads of clubs, scoped through ``orgs.access``; a fixed number of queries per page or API
list whatever the number of rows.

Who sees a club: managers and readers of its node (``view_club``), its current leaders, and
(on the member pages) the people of its part of the union.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from tongxin.activities.audience import ancestor_paths
from tongxin.activities.choices import HOLDING_STATUSES
from tongxin.activities.choices import SignUpStatus as S
from tongxin.activities.models import ActivityCost, SignUp
from tongxin.core.errors import NotFound
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .choices import ClubStatus
from .models import Club, ClubBudget, ClubExpense, ClubLeader, ClubMembership, ClubSession
from .permissions import ClubsPermission as P
from .services.common import current_leader_q, today


def members_on_q(on: dt.date) -> Q:
    """Membership stretches that cover day ``on``."""
    return Q(joined_on__lte=on) & (Q(left_on__isnull=True) | Q(left_on__gt=on))


def members_on(club: Club, on: dt.date) -> QuerySet[ClubMembership]:
    """The members of ``club`` on day ``on`` (one query)."""
    return (
        ClubMembership.objects.filter(club=club)
        .filter(members_on_q(on))
        .select_related("person__node")
        .order_by("person__name", "pk")
    )


def _leaders_prefetch(on: dt.date) -> Prefetch:
    return Prefetch(
        "leaders",
        queryset=ClubLeader.objects.filter(current_leader_q(on))
        .select_related("person")
        .order_by("starts_on", "pk"),
        to_attr="current_leaders",
    )


def _member_count(on: dt.date) -> Count:
    return Count(
        "memberships",
        filter=Q(memberships__joined_on__lte=on)
        & (Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gt=on)),
        distinct=True,
    )


def led_by_q(actor: Actor, on: dt.date) -> Q:
    if actor.person_id is None:
        return Q(pk__in=[])
    return Q(
        pk__in=ClubLeader.objects.filter(current_leader_q(on), person_id=actor.person_id).values(
            "club_id"
        )
    )


def club_list_office(*, actor: Actor, status: str = "") -> QuerySet[Club]:
    """Clubs the actor reads as an officer or leads, with member counts and current leaders."""
    on = today()
    condition = access.scope_q(Club, actor, P.VIEW_CLUB)
    qs = Club.objects.all()
    if condition is not None:
        qs = qs.filter(condition | led_by_q(actor, on))
    if status in ClubStatus.values:
        qs = qs.filter(status=status)
    return (
        qs.select_related("node")
        .annotate(member_count=_member_count(on))
        .prefetch_related(_leaders_prefetch(on))
        .order_by("node__path", "name", "pk")
    )


def clubs_led_by(*, actor: Actor) -> list[Club]:
    """Clubs the actor's person leads today (one query)."""
    if actor.person_id is None:
        return []
    return list(
        Club.objects.filter(led_by_q(actor, today())).select_related("node").order_by("name")
    )


def club_get(*, actor: Actor, pk: int | str) -> Club:
    """A club the actor reads as an officer or leads; otherwise ``NotFound``."""
    try:
        club = Club.objects.select_related("node", "school").get(pk=pk)
    except (Club.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if access.can(actor, P.VIEW_CLUB, club):
        return club
    if actor.person_id is not None and (
        ClubLeader.objects.filter(club=club, person_id=actor.person_id)
        .filter(current_leader_q(today()))
        .exists()
    ):
        return club
    raise NotFound()


def _open_q(person: Person) -> Q:
    return Q(school_id=person.school_id, node__path__in=ancestor_paths(person.node.path))


def clubs_open_to(*, actor: Actor) -> QuerySet[Club]:
    """Active clubs a person may join (their node or above), with ``is_member`` for them."""
    if actor.person_id is None:
        return Club.objects.none()
    person = Person.objects.select_related("node").filter(pk=actor.person_id).first()
    if person is None:
        return Club.objects.none()
    on = today()
    mine = ClubMembership.objects.filter(
        club=OuterRef("pk"), person_id=person.pk, left_on__isnull=True
    )
    return (
        Club.objects.filter(_open_q(person), status=ClubStatus.ACTIVE)
        .select_related("node")
        .annotate(member_count=_member_count(on), is_member=Exists(mine))
        .prefetch_related(_leaders_prefetch(on))
        .order_by("name", "pk")
    )


def club_get_member(*, actor: Actor, pk: int | str) -> Club:
    """A club on the member pages: open to the actor, or one they belong to or read."""
    if actor.person_id is None:
        raise NotFound()
    try:
        club = Club.objects.select_related("node", "school").get(pk=pk)
    except (Club.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    person = Person.objects.select_related("node").get(pk=actor.person_id)
    if club.school_id == person.school_id and person.node.path.startswith(club.node.path):
        return club
    if ClubMembership.objects.filter(club=club, person=person).exists():
        return club
    if access.can(actor, P.VIEW_CLUB, club):
        return club
    raise NotFound()


def current_membership(club: Club, person_id: int | None) -> ClubMembership | None:
    if person_id is None:
        return None
    return ClubMembership.objects.filter(
        club=club, person_id=person_id, left_on__isnull=True
    ).first()


def leader_list(club: Club) -> list[ClubLeader]:
    return list(
        ClubLeader.objects.filter(club=club).select_related("person").order_by("-starts_on", "pk")
    )


def current_leaders(club: Club) -> list[ClubLeader]:
    return list(
        ClubLeader.objects.filter(club=club)
        .filter(current_leader_q(today()))
        .select_related("person")
        .order_by("starts_on", "pk")
    )


def membership_list(club: Club, *, current: bool = True) -> QuerySet[ClubMembership]:
    qs = ClubMembership.objects.filter(club=club).select_related("person__node")
    if current:
        qs = qs.filter(left_on__isnull=True)
    return qs.order_by("person__name", "joined_on", "pk")


def _session_counts() -> dict[str, Count]:
    return {
        "places_taken": Count(
            "activity__sign_ups", filter=Q(activity__sign_ups__status__in=HOLDING_STATUSES)
        ),
        "attended": Count("activity__sign_ups", filter=Q(activity__sign_ups__status=S.ATTENDED)),
    }


def session_list(club: Club, *, upcoming: bool | None = None) -> QuerySet[ClubSession]:
    """The club's sessions with places taken and attendance (one query)."""
    from tongxin.activities import clock

    qs = ClubSession.objects.filter(club=club).select_related("activity")
    now = clock.now()
    if upcoming is True:
        qs = qs.filter(activity__ends_at__gte=now).order_by("on", "pk")
    elif upcoming is False:
        qs = qs.filter(activity__ends_at__lt=now).order_by("-on", "-pk")
    else:
        qs = qs.order_by("on", "pk")
    return qs.annotate(**_session_counts())


@dataclass(frozen=True)
class Attendance:
    sessions: int
    places_taken: int
    attended: int

    @property
    def rate_percent(self) -> int | None:
        if not self.places_taken:
            return None
        return round(100 * self.attended / self.places_taken)


def attendance(club: Club) -> Attendance:
    """Attended ÷ places taken over the sessions that have ended (one query)."""
    from tongxin.activities import clock

    ended = SignUp.objects.filter(
        activity__club_session__club=club, activity__ends_at__lt=clock.now()
    )
    totals = ended.aggregate(
        taken=Count("pk", filter=Q(status__in=HOLDING_STATUSES)),
        attended=Count("pk", filter=Q(status=S.ATTENDED)),
        sessions=Count("activity", distinct=True),
    )
    return Attendance(totals["sessions"], totals["taken"], totals["attended"])


def attended_by_person(club: Club) -> dict[int, int]:
    """person id → sessions of the club attended (one query)."""
    rows = (
        SignUp.objects.filter(
            activity__club_session__club=club,
            status=S.ATTENDED,
            person__isnull=False,
            family_member__isnull=True,
        )
        .values("person_id")
        .annotate(n=Count("pk"))
    )
    return {row["person_id"]: row["n"] for row in rows}


@dataclass(frozen=True)
class Spending:
    year: int
    budget_fen: int | None
    spent_fen: int

    @property
    def remaining_fen(self) -> int | None:
        return None if self.budget_fen is None else self.budget_fen - self.spent_fen

    @property
    def is_over(self) -> bool:
        return self.budget_fen is not None and self.spent_fen > self.budget_fen


def spending(club: Club, year: int) -> Spending:
    from .services.spending import budget_fen, spent_fen

    return Spending(year, budget_fen(club, year), spent_fen(club, year))


def expense_list(club: Club) -> QuerySet[ClubExpense]:
    return ClubExpense.objects.filter(club=club).order_by("-incurred_on", "-pk")


def session_cost_list(club: Club) -> QuerySet[ActivityCost]:
    return ActivityCost.objects.filter(activity__club_session__club=club).order_by(
        "-incurred_on", "-pk"
    )


def budget_list(club: Club) -> list[ClubBudget]:
    return list(ClubBudget.objects.filter(club=club).order_by("-year"))


def expense_get(*, actor: Actor, pk: int | str) -> ClubExpense:
    return access.get_scoped(
        ClubExpense.objects.select_related("club__node", "journal_entry"),
        actor,
        P.VIEW_CLUB,
        pk=pk,
    )


def leader_get(*, actor: Actor, pk: int | str) -> ClubLeader:
    return access.get_scoped(
        ClubLeader.objects.select_related("club__node", "person"), actor, P.VIEW_CLUB, pk=pk
    )


def my_memberships(*, actor: Actor) -> list[ClubMembership]:
    if actor.person_id is None:
        return []
    return list(
        ClubMembership.objects.filter(person_id=actor.person_id, left_on__isnull=True)
        .select_related("club__node")
        .order_by("club__name")
    )


def upcoming_sessions_for(*, actor: Actor, limit: int = 20) -> list[ClubSession]:
    """The next sessions of the clubs the actor belongs to (one query)."""
    from tongxin.activities import clock

    if actor.person_id is None:
        return []
    clubs = ClubMembership.objects.filter(person_id=actor.person_id, left_on__isnull=True).values(
        "club_id"
    )
    return list(
        ClubSession.objects.filter(club_id__in=clubs, activity__ends_at__gte=clock.now())
        .exclude(activity__status="cancelled")
        .select_related("activity", "club")
        .order_by("activity__starts_at", "pk")[:limit]
    )
