"""Demo step: the staff congress's proposals, after the congress step.

The last session's round (30 proposals collected in March of the demo's academic year:
most accepted, assigned and replied to, some merged, some forwarded as suggestions, one not
accepted; ratings, two second handlings, outstanding proposals, one late proposal sent as a
suggestion) and this year's collection open now with two proposals looking for co-signers.

Everything goes through the services, dated on the day it happened (relative to the demo's
calendar, ``ctx.cal``); the draws use the demo's seeded random source. When the congress step has
not built a term (or seated anyone), a term with a few representatives per branch is made here
through the congress services.
"""

import datetime as dt
from typing import cast

from django.utils import timezone

from tongxin.accounts import services as accounts
from tongxin.accounts.actors import actor_for
from tongxin.accounts.models import User
from tongxin.congress import queries as congress_queries
from tongxin.congress import services as congress
from tongxin.congress.models import CongressTerm
from tongxin.members.models import Person
from tongxin.orgs import services as orgs
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import Role
from tongxin.orgs.models import DepartmentHandler, RoleAssignment, SchoolDepartment
from tongxin.proposals import services as proposals
from tongxin.proposals.choices import Rating
from tongxin.proposals.models import Proposal
from tongxin.voice import services as voice
from tongxin.voice.models import VoiceItem

from .data import proposals as data
from .seed import DEMO_PASSWORD, DemoContext

SEATS_PER_BRANCH = 4


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _actor(person: Person, users: dict[int, User]) -> Actor:
    user = users.get(person.pk)
    return (
        actor_for(user)
        if user is not None
        else Actor(user_id=None, person_id=person.pk, name=person.name)
    )


def _accounts(ctx: DemoContext) -> dict[int, User]:
    """The demo's logins by the person they belong to."""
    users: dict[int, User] = {}
    for user in User.objects.filter(person__school=ctx.school):
        if user.person_id is not None:
            users[user.person_id] = user
    return users


def _term(ctx: DemoContext) -> CongressTerm:
    """The congress term covering the demo year: the congress step's, or one made here."""
    term = congress_queries.term_current(school_node=ctx.school, on=ctx.cal.today)
    if term is not None and congress_queries.representatives_seated(term=term).exists():
        return term
    if term is None:
        term = congress.term_create(
            actor=ctx.system,
            school=ctx.school,
            number=1,
            starts_on=dt.date(ctx.cal.y0 - 1, 9, 1),
            years=5,
        )
    member = User.objects.filter(username="member").first()
    for order, branch in enumerate(ctx.branches):
        delegation = congress.delegation_create(
            actor=ctx.system, term=term, node=branch, name=branch.name, sort_order=order
        )
        pool = [p for p in ctx.people if p.node_id == branch.pk and p.membership_status == "member"]
        chosen = pool[:SEATS_PER_BRANCH]
        if member is not None and member.person_id in {p.pk for p in pool}:
            chosen = [p for p in pool if p.pk == member.person_id] + [
                p for p in chosen if p.pk != member.person_id
            ][: SEATS_PER_BRANCH - 1]
        for person in chosen:
            congress.representative_seat(
                actor=ctx.system, delegation=delegation, person=person, on=term.starts_on
            )
    return term


def _committee_login(ctx: DemoContext, representatives: list[Person]) -> Actor:
    """A proposal committee member's login (``committee``), one of the representatives."""
    taken = set(User.objects.filter(person__in=representatives).values_list("person_id", flat=True))
    person = next(p for p in representatives if p.pk not in taken)
    user, _password = accounts.account_create(
        actor=ctx.system, person=person, password=DEMO_PASSWORD, must_change=False
    )
    user.username = "committee"  # a memorable demo login, as the people step names its own
    user.save(update_fields=["username"])
    orgs.role_assign(
        actor=ctx.system,
        user_id=user.pk,
        role=Role.PROPOSAL_COMMITTEE,
        node=ctx.school,
        starts_on=dt.date(ctx.cal.y0 - 1, 9, 1),
    )
    ctx.logins.append(("Proposal committee", user.username, person.name))
    ctx.say(f"  proposal committee login: {user.username} ({person.name})")
    return actor_for(User.objects.get(pk=user.pk))


def _secretariat(ctx: DemoContext) -> Actor:
    office = User.objects.get(username="office")
    if not RoleAssignment.objects.filter(
        user=office, role=Role.CONGRESS_SECRETARIAT, node=ctx.school
    ).exists():
        orgs.role_assign(
            actor=ctx.system,
            user_id=office.pk,
            role=Role.CONGRESS_SECRETARIAT,
            node=ctx.school,
            starts_on=dt.date(ctx.cal.y0 - 1, 9, 1),
        )
    return actor_for(User.objects.get(pk=office.pk))


def _handlers(ctx: DemoContext) -> dict[str, tuple[SchoolDepartment, Actor]]:
    rows = DepartmentHandler.objects.filter(
        department__school=ctx.school, removed_at__isnull=True
    ).select_related("department", "user")
    return {row.department.code: (row.department, actor_for(row.user)) for row in rows}


def _last_session(
    ctx: DemoContext,
    term: CongressTerm,
    secretariat: Actor,
    committee: Actor,
    reps: list[Person],
    users: dict[int, User],
) -> None:
    rng = ctx.rng
    year = ctx.cal.y1
    opens, closes = dt.date(year, 3, 1), dt.date(year, 3, 25)
    collection = proposals.proposal_collection_create(
        actor=secretariat,
        term=term,
        session_number=1,
        title=data.COLLECTION_TITLE.format(year=year),
        opens_at=_at(opens, 8),
        closes_at=_at(closes, 18),
    )
    handlers = _handlers(ctx)
    made: list[tuple[Proposal, str]] = []
    for index, (category, code, title, reasons, measures) in enumerate(data.PROPOSALS):
        proposer = reps[index % len(reps)]
        drafted = opens + dt.timedelta(days=rng.randint(0, 14))
        proposal = proposals.proposal_draft(
            actor=_actor(proposer, users),
            collection=collection,
            title=title,
            reasons=reasons,
            measures=measures,
            category=category,
            at=_at(drafted, 9),
        )
        proposals.proposal_send_for_co_signing(
            actor=_actor(proposer, users), proposal=proposal, at=_at(drafted, 11)
        )
        signers = rng.sample([p for p in reps if p.pk != proposer.pk], 2 + rng.randint(0, 2))
        for offset, signer in enumerate(signers):
            proposals.proposal_co_sign(
                actor=_actor(signer, users),
                proposal=proposal,
                at=_at(drafted + dt.timedelta(days=1 + offset), 14),
            )
        made.append((proposal, code))
    late_proposer = reps[-1]
    late = proposals.proposal_draft(
        actor=_actor(late_proposer, users),
        collection=collection,
        title=data.LATE[1],
        reasons=data.LATE[2],
        measures=data.LATE[3],
        category=data.LATE[0],
        at=_at(closes - dt.timedelta(days=1), 20),
    )
    proposals.proposal_send_as_suggestion(
        actor=_actor(late_proposer, users), proposal=late, at=_at(closes + dt.timedelta(days=2))
    )
    _review(ctx, committee, made, handlers, reps, users)


def _review(
    ctx: DemoContext,
    committee: Actor,
    made: list[tuple[Proposal, str]],
    handlers: dict[str, tuple[SchoolDepartment, Actor]],
    reps: list[Person],
    users: dict[int, User],
) -> None:
    rng = ctx.rng
    year = ctx.cal.y1
    review_day = dt.date(year, 3, 30)
    order = list(range(len(made)))
    rng.shuffle(order)
    rejected, converted, merged = order[0], order[1:4], order[4:7]
    proposals.proposal_reject(
        actor=committee, proposal=made[rejected][0], reason=data.REJECT_REASON, on=review_day
    )
    for index in converted:
        proposal, code = made[index]
        proposal = proposals.proposal_convert(
            actor=committee,
            proposal=proposal,
            department=handlers[code][0],
            note=data.CONVERT_NOTE,
            on=review_day,
        )
        # the department answers the suggestion in the seed year: nothing is left overdue
        voice.voice_item_reply(
            actor=handlers[code][1],
            item=cast(VoiceItem, proposal.voice_item),
            text=data.CONVERTED_REPLY,
            on=review_day + dt.timedelta(days=21),
        )
    accepted = [i for i in range(len(made)) if i not in {rejected, *converted, *merged}]
    for index in merged:
        proposal, _code = made[index]
        same = [made[i][0] for i in accepted if made[i][0].category == proposal.category]
        into = same[0] if same else made[accepted[0]][0]
        proposals.proposal_merge(
            actor=committee, proposal=proposal, into=into, note=data.MERGE_NOTE, on=review_day
        )
    codes = list(handlers)
    assigned_on = dt.date(year, 4, 15)
    for position, index in enumerate(accepted):
        proposal, code = made[index]
        co = [
            handlers[c][0] for c in rng.sample([c for c in codes if c != code], rng.randint(0, 1))
        ]
        proposals.proposal_accept(
            actor=committee,
            proposal=proposal,
            note=data.ACCEPT_NOTES[position % len(data.ACCEPT_NOTES)],
            lead_department=handlers[code][0],
            co_departments=co,
            on=assigned_on,
        )
    _replies(ctx, committee, [made[i] for i in accepted], handlers, users)


def _replies(
    ctx: DemoContext,
    committee: Actor,
    accepted: list[tuple[Proposal, str]],
    handlers: dict[str, tuple[SchoolDepartment, Actor]],
    users: dict[int, User],
) -> None:
    rng = ctx.rng
    year = ctx.cal.y1
    # The last two still wait for their reply: the overdue list shows them.
    for position, (proposal, code) in enumerate(accepted[:-2]):
        late = position % 8 == 7
        replied_on = dt.date(year, 4, 15) + dt.timedelta(
            days=rng.randint(32, 45) if late else rng.randint(10, 28)
        )
        proposals.proposal_reply(
            actor=handlers[code][1],
            proposal=proposal,
            text=data.REPLY.format(measures=proposal.measures),
            on=replied_on,
        )
        proposal.refresh_from_db()
        raters = [proposal.proposer] + [
            row.person for row in proposal.co_signatures.select_related("person")
        ]
        unsatisfied = position in (3, 11)
        for rater in raters[1:]:
            if rng.random() < 0.6:
                proposals.proposal_rate(
                    actor=_actor(rater, users),
                    proposal=proposal,
                    rating=rng.choice(
                        [Rating.SATISFIED, Rating.SATISFIED, Rating.BASICALLY_SATISFIED]
                    ),
                    on=replied_on + dt.timedelta(days=rng.randint(1, 5)),
                )
        rated_on = replied_on + dt.timedelta(days=rng.randint(3, 8))
        proposals.proposal_rate(
            actor=_actor(proposal.proposer, users),
            proposal=proposal,
            rating=Rating.UNSATISFIED
            if unsatisfied
            else rng.choice([Rating.SATISFIED, Rating.SATISFIED, Rating.BASICALLY_SATISFIED]),
            comment=data.UNSATISFIED_COMMENTS[position % 2] if unsatisfied else "",
            on=rated_on,
        )
        if unsatisfied:
            second = min(rated_on + dt.timedelta(days=rng.randint(10, 20)), ctx.cal.report_day)
            proposals.proposal_reply(
                actor=handlers[code][1], proposal=proposal, text=data.SECOND_REPLY, on=second
            )
            proposals.proposal_rate(
                actor=_actor(proposal.proposer, users),
                proposal=proposal,
                rating=Rating.BASICALLY_SATISFIED,
                on=min(second + dt.timedelta(days=3), ctx.cal.report_day),
            )
        if position in (0, 5, 9):
            proposals.proposal_mark_outstanding(
                actor=committee, proposal=proposal, is_outstanding=True, note=data.OUTSTANDING_NOTE
            )


def _this_year(
    ctx: DemoContext, term: CongressTerm, secretariat: Actor, reps: list[Person], users: dict
) -> None:
    """This year's collection, open now, with proposals looking for co-signers."""
    now = timezone.now()
    collection = proposals.proposal_collection_create(
        actor=secretariat,
        term=term,
        session_number=2,
        title=data.COLLECTION_TITLE.format(year=ctx.cal.today.year),
        opens_at=now - dt.timedelta(days=7),
        closes_at=now + dt.timedelta(days=30),
    )
    for index, (category, title, reasons, measures) in enumerate(data.CURRENT):
        proposer = reps[index + 1]
        proposal = proposals.proposal_draft(
            actor=_actor(proposer, users),
            collection=collection,
            title=title,
            reasons=reasons,
            measures=measures,
            category=category,
            at=now - dt.timedelta(days=5 - index),
        )
        proposals.proposal_send_for_co_signing(
            actor=_actor(proposer, users), proposal=proposal, at=now - dt.timedelta(days=4 - index)
        )
        proposals.proposal_co_sign(
            actor=_actor(reps[index + 5], users),
            proposal=proposal,
            at=now - dt.timedelta(days=3 - index),
        )


def seed(ctx: DemoContext) -> None:
    term = _term(ctx)
    reps = [
        row.person
        for row in congress_queries.representatives_seated(term=term).order_by(
            "person__staff_number"
        )
    ]
    member = User.objects.filter(username="member").first()
    if member is not None:
        # The member login proposes first, so the demo shows their proposals.
        reps.sort(key=lambda p: p.pk != member.person_id)
    secretariat = _secretariat(ctx)
    committee = _committee_login(ctx, reps[10:])
    users = _accounts(ctx)
    _last_session(ctx, term, secretariat, committee, reps, users)
    _this_year(ctx, term, secretariat, reps, users)
    counts = Proposal.objects.filter(collection__term=term).count()
    ctx.say(f"  {counts} proposals in two collections")
