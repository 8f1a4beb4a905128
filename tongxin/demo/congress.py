"""Demo step: the staff congress of the seed school, played out through the services.

Term 5 (five years from the September before the demo's year), a delegation per branch and
about one formal representative per eight members in service (about 120), three retirees
invited without a vote; the presidium and special committees; a session in March of the demo
year: check-in, opening with the quorum, a welfare plan adopted by secret ballot on the phones
(a few on paper), and the union committee (15 seats, 16 candidates: competitive) elected,
round after round until every seat is filled. Deterministic: the context's seeded random.
"""

import datetime as dt

from django.utils import timezone

from tongxin.activities import clock
from tongxin.congress import services as congress
from tongxin.congress.models import Representative
from tongxin.members import services as members
from tongxin.members.models import Person
from tongxin.orgs.actor import Actor

from .data import congress as data
from .seed import DemoContext

SHARE = 8  # about one representative per eight members in service
COMMITTEE_SEATS = 15
COMMITTEE_CANDIDATES = 16  # ceil(15 x 1.05) = 16: the smallest competitive slate


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))  # noqa: DTZ001


def _voter(person: Person) -> Actor:
    return Actor(user_id=None, person_id=person.pk, name=person.name)


def _profile(ctx: DemoContext, people: list[Person], office: Actor) -> None:
    """Record the staff category and leader flag the composition report counts (about two
    thirds teachers, one in seven leaders)."""
    rng = ctx.rng
    for person in people:
        draw = rng.random()
        category = "teacher" if draw < 0.68 else "administrative" if draw < 0.88 else "support"
        members.person_update(
            actor=office,
            person=person,
            changes={"staff_category": category, "is_leader": rng.random() < 0.14},
        )


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    office = ctx.extra["funds"]["actors"]["office"]
    starts_on = ctx.cal.seed_start
    term = congress.term_create(
        actor=office, school=ctx.school, number=5, starts_on=starts_on, years=5
    )
    session_day = ctx.cal.day(3, 18)
    seats: list[Representative] = []
    chosen_people: list[Person] = []
    for position, branch in enumerate(ctx.branches):
        delegation = congress.delegation_create(
            actor=office,
            term=term,
            node=branch,
            name=branch.name + data.DELEGATION_SUFFIX,
            sort_order=position,
        )
        eligible = list(
            Person.objects.filter(
                node=branch, membership_status="member", employment_status="active"
            ).order_by("staff_number")
        )
        count = max(2, round(len(eligible) / SHARE))
        chosen = rng.sample(eligible, min(count, len(eligible)))
        _profile(ctx, chosen, office)
        chosen = list(Person.objects.filter(pk__in=[p.pk for p in chosen]).order_by("pk"))
        chosen_people.extend(chosen)
        for person in chosen:
            seats.append(
                congress.representative_seat(
                    actor=office, delegation=delegation, person=person, on=starts_on
                )
            )
        congress.delegation_set_head(actor=office, delegation=delegation, person=chosen[0])
    retirees = list(
        Person.objects.filter(school=ctx.school, membership_status="retained").order_by(
            "staff_number"
        )
    )
    for person in rng.sample(retirees, min(3, len(retirees))):
        delegation = next(d for d in term.delegations.all() if d.node_id == person.node_id)
        seats.append(
            congress.representative_seat(
                actor=office, delegation=delegation, person=person, kind="invited", on=starts_on
            )
        )
    with clock.at(_at(starts_on, 10)):
        congress.roll_confirm(
            actor=office, term=term, override_reason="" if _fits(term) else data.OVERRIDE_REASON
        )
        for kind, name in data.COMMITTEES:
            committee = congress.committee_create(
                actor=office, term=term, kind=kind, name=name, starts_on=starts_on
            )
            for index, person in enumerate(
                rng.sample(chosen_people, 9 if kind == "proposals" else 7)
            ):
                congress.committee_member_add(
                    actor=office,
                    committee=committee,
                    person=person,
                    role="chair" if index == 0 else "member",
                    on=starts_on,
                )
    formal = [r for r in seats if r.kind == "formal"]
    with clock.at(_at(session_day, 8)):
        session = congress.session_create(
            actor=office,
            term=term,
            title=data.SESSION_TITLE.format(number=1),
            starts_at=_at(session_day, 8, 30),
            place=data.SESSION_PLACE,
        )
        for kind, title in data.AGENDA:
            congress.agenda_item_add(actor=office, session=session, kind=kind, title=title)
    present = [r for r in seats if rng.random() < 0.93]
    for minute, rep in enumerate(present):
        with clock.at(_at(session_day, 8, min(29, minute // 5))):
            if rng.random() < 0.8:
                congress.session_check_in(
                    actor=_voter(rep.person), session=session, code=session.check_in_code
                )
            else:
                congress.session_check_in_by_list(actor=office, session=session, representative=rep)
    with clock.at(_at(session_day, 8, 30)):
        session = congress.session_open(actor=office, session=session)
    voters = [r for r in present if r.kind == "formal"]
    _motion(ctx, office, session, voters, session_day)
    _election(ctx, office, session, voters, formal, session_day)
    with clock.at(_at(session_day, 12)):
        congress.session_close(actor=office, session=session)
    ctx.extra["congress"] = {"term": term.pk, "session": session.pk}
    ctx.say(
        f"  term {term.number}: {len(formal)} formal representatives, "
        f"{len(seats) - len(formal)} invited; {len(present)} checked in"
    )


def _fits(term: object) -> bool:
    from tongxin.congress.composition import composition_report
    from tongxin.congress.models import CongressTerm

    assert isinstance(term, CongressTerm)  # noqa: S101 - the demo's own object
    return not composition_report(term=term, on=term.starts_on).violations


def _motion(ctx, office, session, voters, day):  # type: ignore[no-untyped-def]
    rng = ctx.rng
    with clock.at(_at(day, 10)):
        poll = congress.motion_create(actor=office, session=session, title=data.MOTION_TITLE)
        congress.poll_open(actor=office, poll=poll)
    paper = set(rng.sample(range(len(voters)), 5))
    for index, rep in enumerate(voters):
        draw = rng.random()
        choice = "yes" if draw < 0.86 else "no" if draw < 0.93 else "abstain"
        with clock.at(_at(day, 10, 5)):
            if index in paper:
                congress.paper_issue(actor=office, poll=poll, representative=rep)
                congress.paper_ballot_enter(actor=office, poll=poll, content={"choice": choice})
            elif rng.random() < 0.97:
                congress.ballot_cast(
                    actor=_voter(rep.person), poll=poll, content={"choice": choice}
                )
    with clock.at(_at(day, 10, 20)):
        congress.poll_close(actor=office, poll=poll)


def _election(ctx, office, session, voters, formal, day):  # type: ignore[no-untyped-def]
    rng = ctx.rng
    with clock.at(_at(day, 10, 30)):
        election = congress.election_create(
            actor=office,
            session=session,
            title=data.ELECTION_TITLE,
            kind="committee",
            seats=COMMITTEE_SEATS,
        )
        people = rng.sample([r.person for r in formal], COMMITTEE_CANDIDATES)
        for person in people:
            congress.candidate_add(actor=office, election=election, person=person)
    # Each candidate's appeal: most are well supported, the last few less so.
    appeal = {}
    for candidate in election.candidates.all():
        appeal[candidate.pk] = rng.uniform(0.55, 0.95)
    for round_index in range(6):
        election.refresh_from_db()
        if election.status == "done":
            break
        with clock.at(_at(day, 11, round_index * 8)):
            poll = congress.election_open_round(actor=office, election=election)
        for rep in voters:
            marks = {}
            chosen = 0
            for pk in poll.candidate_ids:
                if chosen < poll.seats and rng.random() < appeal[pk]:
                    marks[str(pk)] = "yes"
                    chosen += 1
                elif rng.random() < 0.5:
                    marks[str(pk)] = "no"
            with clock.at(_at(day, 11, round_index * 8 + 3)):
                congress.ballot_cast(
                    actor=_voter(rep.person),
                    poll=poll,
                    content={"marks": marks, "write_ins": []},
                )
        with clock.at(_at(day, 11, round_index * 8 + 6)):
            congress.poll_close(actor=office, poll=poll)
