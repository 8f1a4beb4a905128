"""Reads of the staff congress, scoped through ``orgs.access``; a fixed number of queries
per page or API list whatever the number of rows."""

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet

from tongxin.core.errors import NotFound
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .choices import RepresentativeKind, TermStatus
from .models import (
    Attendance,
    Ballot,
    Candidate,
    Committee,
    CommitteeMember,
    CongressSession,
    CongressTerm,
    Delegation,
    Election,
    Poll,
    Representative,
    VoterMark,
)
from .permissions import CongressPermission as P


def seated_on_q(on: dt.date, prefix: str = "") -> Q:
    """Representatives seated on day ``on``: elected by then and not ended by then."""
    return Q(**{f"{prefix}elected_on__lte": on}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": on})
    )


def term_current(*, school_node: OrgNode, on: dt.date) -> CongressTerm | None:
    """The term of ``school_node``'s congress covering day ``on`` (not closed), if any."""
    return (
        CongressTerm.objects.filter(school=school_node, starts_on__lte=on, ends_on__gte=on)
        .exclude(status=TermStatus.CLOSED)
        .select_related("school")
        .order_by("-number")
        .first()
    )


def representative_current(*, person_id: int, term: CongressTerm) -> Representative | None:
    """The person's open seat in ``term`` (any kind), or ``None``."""
    return (
        Representative.objects.filter(term=term, person_id=person_id, ended_on__isnull=True)
        .select_related("delegation__node", "person", "term__school")
        .first()
    )


def representatives_seated(
    *, term: CongressTerm, on: dt.date | None = None
) -> QuerySet[Representative]:
    """Formal representatives (with a vote) seated in ``term`` on day ``on`` (default: the open
    seats today)."""
    qs = Representative.objects.filter(term=term, kind=RepresentativeKind.FORMAL)
    qs = qs.filter(ended_on__isnull=True) if on is None else qs.filter(seated_on_q(on))
    return qs.select_related("person", "delegation")


# Pages and API -------------------------------------------------------------------------------


def _school_of(actor: Actor) -> OrgNode | None:
    if actor.person_id is None:
        return None
    person = Person.objects.select_related("school").filter(pk=actor.person_id).first()
    return person.school if person else None


def my_congress(*, actor: Actor, on: dt.date) -> tuple[CongressTerm | None, Representative | None]:
    """The current term of the actor's school and the actor's seat in it (three queries)."""
    school = _school_of(actor)
    if school is None or actor.person_id is None:
        return None, None
    term = term_current(school_node=school, on=on)
    if term is None:
        return None, None
    return term, representative_current(person_id=actor.person_id, term=term)


def terms_for(*, actor: Actor) -> QuerySet[CongressTerm]:
    return access.scope(
        CongressTerm.objects.select_related("school"), actor, P.VIEW_CONGRESS
    ).order_by("-starts_on")


def term_get(*, actor: Actor, pk: int) -> CongressTerm:
    return access.get_scoped(
        CongressTerm.objects.select_related("school"), actor, P.VIEW_CONGRESS, pk=pk
    )


def _seat_in(actor: Actor, term_id: int) -> Representative | None:
    if actor.person_id is None:
        return None
    return (
        Representative.objects.filter(
            term_id=term_id, person_id=actor.person_id, ended_on__isnull=True
        )
        .select_related("person", "delegation")
        .first()
    )


def session_get(*, actor: Actor, pk: int) -> tuple[CongressSession, Representative | None]:
    """A session for a representative of its term (any kind) or a reader of the congress."""
    session = CongressSession.objects.select_related("term__school").filter(pk=pk).first()
    if session is None:
        raise NotFound()
    seat = _seat_in(actor, session.term_id)
    if seat is None and not access.can(actor, P.VIEW_CONGRESS, session):
        raise NotFound()
    return session, seat


def poll_get(*, actor: Actor, pk: int) -> tuple[Poll, Representative | None]:
    poll = (
        Poll.objects.select_related("session__term__school", "election", "agenda_item")
        .filter(pk=pk)
        .first()
    )
    if poll is None:
        raise NotFound()
    seat = _seat_in(actor, poll.session.term_id)
    if seat is None and not access.can(actor, P.VIEW_CONGRESS, poll):
        raise NotFound()
    return poll, seat


def roll(term: CongressTerm) -> list[Representative]:
    """Every seat of the term (current and ended), by delegation: one query."""
    return list(
        Representative.objects.filter(term=term)
        .select_related("person", "delegation", "replaces__person")
        .order_by("delegation__sort_order", "delegation__name", "ended_on", "person__name")
    )


def delegations(term: CongressTerm) -> list[Delegation]:
    return list(
        Delegation.objects.filter(term=term)
        .select_related("node", "head")
        .annotate(
            seats=Count(
                "representatives",
                filter=Q(
                    representatives__ended_on__isnull=True,
                    representatives__kind=RepresentativeKind.FORMAL,
                ),
            )
        )
    )


def sessions_of(term: CongressTerm) -> list[CongressSession]:
    return list(term.sessions.order_by("-number"))


def committees_of(term: CongressTerm) -> list[Committee]:
    return list(
        Committee.objects.filter(term=term).prefetch_related(
            Prefetch(
                "members",
                queryset=CommitteeMember.objects.filter(ends_on__isnull=True).select_related(
                    "person"
                ),
            )
        )
    )


def polls_of(session: CongressSession) -> list[Poll]:
    return list(session.polls.select_related("election", "agenda_item").order_by("-id"))


def elections_of(session: CongressSession) -> list[Election]:
    return list(
        session.elections.prefetch_related(
            Prefetch("candidates", queryset=Candidate.objects.order_by("stroke_key", "pk"))
        ).order_by("id")
    )


def attendance_board(session: CongressSession) -> list[tuple[Representative, bool]]:
    """Every open seat of the term and whether it checked in: two queries."""
    present = set(
        Attendance.objects.filter(session=session).values_list("representative_id", flat=True)
    )
    reps = (
        Representative.objects.filter(term_id=session.term_id, ended_on__isnull=True)
        .select_related("person", "delegation")
        .order_by("delegation__sort_order", "delegation__name", "person__name")
    )
    return [(rep, rep.pk in present) for rep in reps]


def voted_ids(poll: Poll, rep: Representative | None) -> bool:
    return rep is not None and VoterMark.objects.filter(poll=poll, representative=rep).exists()


def bulletin(poll: Poll) -> list[Ballot]:
    return list(poll.ballots.order_by("seq", "receipt"))


def candidates_by_id(poll: Poll) -> dict[int, Candidate]:
    return {
        c.pk: c
        for c in Candidate.objects.filter(pk__in=poll.candidate_ids).order_by("stroke_key", "pk")
    }


def person_by_staff_number(*, school: OrgNode, staff_number: str) -> Person:
    person = (
        Person.objects.select_related("node")
        .filter(school=school, staff_number=" ".join(staff_number.split()))
        .first()
    )
    if person is None:
        raise NotFound()
    return person


def voted_polls(session: CongressSession, rep: Representative | None) -> set[int]:
    if rep is None:
        return set()
    return set(
        VoterMark.objects.filter(poll__session=session, representative=rep).values_list(
            "poll_id", flat=True
        )
    )


def branches_of(term: CongressTerm) -> list[OrgNode]:
    return list(
        OrgNode.objects.filter(path__startswith=term.school.path, is_archived=False)
        .exclude(kind="group")
        .order_by("path")
    )


def checked_in(session: CongressSession, rep: Representative | None) -> bool:
    return (
        rep is not None and Attendance.objects.filter(session=session, representative=rep).exists()
    )


def school_for_office(*, actor: Actor) -> OrgNode:
    """The school union on which the actor runs the congress."""
    paths = access.grant_paths(actor, P.MANAGE_CONGRESS)
    school = (
        OrgNode.objects.filter(kind="school_union", path__in=paths).order_by("path").first()
        if paths
        else None
    )
    if school is None:
        raise NotFound()
    return school


def representative_get(*, actor: Actor, pk: int) -> Representative:
    return access.get_scoped(
        Representative.objects.select_related("term__school", "delegation__node", "person"),
        actor,
        P.VIEW_CONGRESS,
        pk=pk,
    )


def election_get(*, actor: Actor, pk: int) -> Election:
    return access.get_scoped(
        Election.objects.select_related("session__term__school"), actor, P.VIEW_CONGRESS, pk=pk
    )
