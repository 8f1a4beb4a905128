"""Demo step: staff voice in the seed year and since, shaped like the seed summary.

The school's departments with a handler each; the 76 New Year wishes collected in the seed
year's December, some adopted and fulfilled; suggestions and requests filed from the seed year's
September up to a few days before today, passed on to the departments, replied to, rated (some
reopened); the latest still wait for their reply, some past their deadline by days; and the
union chair's grassroots visits to six branches in the seed year with the matters they raised
(all answered by now). The demo member's two items are recent: one replied and waiting for
the member's rating; the last three items wait for their department's reply, the oldest past
its deadline by days.

Every step goes through the services, dated on the day it happened. Members without an account
act through an actor for their own person, so the timelines read as the real ones would.
"""

import datetime as dt

from tongxin.accounts import services as accounts
from tongxin.accounts.actors import actor_for
from tongxin.accounts.models import User
from tongxin.members.models import Person
from tongxin.orgs import services_departments as departments
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import SchoolDepartment
from tongxin.voice import services as voice
from tongxin.voice.choices import Rating, WishVisibility
from tongxin.voice.models import VoiceItem

from .data import voice as data
from .seed import DEMO_PASSWORD, DemoContext, person_of

WISH_COUNT = 76  # the seed: "we collected 76 New Year wishes"


def _day(start: dt.date, ctx: DemoContext, low: int, high: int) -> dt.date:
    return min(start + dt.timedelta(days=ctx.rng.randint(low, high)), ctx.today)


def _members(ctx: DemoContext, exclude: set[int]) -> list[Person]:
    return [p for p in ctx.people if p.membership_status == "member" and p.pk not in exclude]


def _departments(ctx: DemoContext, office: Actor) -> dict[str, tuple[SchoolDepartment, Actor]]:
    """Create the departments, each with one handler who gets a demo account."""
    result = {}
    taken = {user.person_id for user in User.objects.filter(person__school=ctx.school)}
    for order, (code, name, branch_index) in enumerate(data.DEPARTMENTS):
        department = departments.department_create(
            actor=office, school=ctx.school, name=name, code=code, sort_order=order
        )
        branch = ctx.branches[branch_index]
        person = next(p for p in ctx.people if p.node_id == branch.pk and p.pk not in taken)
        taken.add(person.pk)
        user, _password = accounts.account_create(
            actor=ctx.system, person=person, password=DEMO_PASSWORD, must_change=False
        )
        departments.department_handler_add(actor=office, department=department, user_id=user.pk)
        result[code] = (department, actor_for(user))
        if code == "JWC":
            ctx.logins.append(("Department handler", user.username, person.name))
            ctx.say(f"  department handler login: {user.username} ({name} · {person.name})")
    return result


def _actor_for_person(person: Person, accounts_by_person: dict[int, User]) -> Actor:
    user = accounts_by_person.get(person.pk)
    if user is not None:
        return actor_for(user)
    return Actor(user_id=None, person_id=person.pk, name=person.name)


def _wishes(
    ctx: DemoContext, office: Actor, members: list[Person], accounts_by_person: dict
) -> None:
    rng = ctx.rng
    wishers = rng.sample(members, WISH_COUNT)
    member_login = User.objects.filter(username="member").select_related("person").first()
    if member_login is not None and member_login.person not in wishers:
        wishers[0] = person_of(member_login)
    wishes = []
    for index, person in enumerate(wishers):
        wishes.append(
            voice.wish_submit(
                actor=_actor_for_person(person, accounts_by_person),
                person=person,
                text=data.WISHES[index % len(data.WISHES)],
                visibility=WishVisibility.WALL_ANONYMOUS
                if rng.random() < 0.6
                else WishVisibility.PRIVATE,
                submitted_on=ctx.cal.day(12, rng.randint(1, 25)),
            )
        )
    for index, wish in enumerate(rng.sample(wishes, 28)):
        decided = ctx.cal.day(1, rng.randint(4, 15))
        if index < 6:
            voice.wish_decline(
                actor=office, wish=wish, note=rng.choice(data.WISH_DECLINE_NOTES), on=decided
            )
            continue
        voice.wish_adopt(
            actor=office, wish=wish, note=rng.choice(data.WISH_ADOPT_NOTES), on=decided
        )
        if index < 22:
            voice.wish_fulfil(
                actor=office,
                wish=wish,
                note=rng.choice(data.WISH_FULFIL_NOTES),
                on=_day(decided, ctx, 7, 80),
            )


def _follow_up(
    ctx: DemoContext,
    office: Actor,
    item: VoiceItem,
    filer: Actor | None,
    routing: tuple[SchoolDepartment, Actor] | None,
    reply: str | None,
    start: dt.date,
    *,
    leave_unrated: bool = False,
    leave_waiting: bool = False,
) -> None:
    """Take an accepted item through routing, reply, rating (and a reopened round)."""
    rng = ctx.rng
    replier = office
    if routing is not None:
        department, replier = routing
        voice.voice_item_route(actor=office, item=item, department=department, on=start)
    answered = _day(start, ctx, 5, 42)
    if leave_waiting:
        return  # the latest items wait for their reply, the oldest of them past the deadline
    if reply is None and start < ctx.today - dt.timedelta(days=60):
        reply = data.LATE_REPLY  # nothing from the seed year is left unanswered
    if reply is None or answered >= ctx.today - dt.timedelta(days=3):
        return  # still waiting for the department: overdue once the deadline has passed
    voice.voice_item_reply(actor=replier, item=item, text=reply, on=answered)
    if leave_unrated:
        return  # the demo member has a reply to rate
    if filer is None or rng.random() < 0.15:
        if rng.random() < 0.6:
            voice.voice_item_close(
                actor=office, item=item, note=data.CLOSE_NOTE, on=_day(answered, ctx, 30, 40)
            )
        return
    rated = _day(answered, ctx, 1, 10)
    roll = rng.random()
    if roll < 0.12:
        item = voice.voice_item_rate(
            actor=filer,
            item=item,
            rating=Rating.UNSATISFIED,
            comment=rng.choice(data.REOPEN_COMMENTS),
            on=rated,
        )
        again = _day(rated, ctx, 7, 25)
        if again < ctx.today:
            voice.voice_item_reply(
                actor=replier, item=item, text=rng.choice(data.SECOND_REPLIES), on=again
            )
            voice.voice_item_rate(
                actor=filer, item=item, rating=Rating.BASICALLY_SATISFIED, on=_day(again, ctx, 1, 5)
            )
        return
    rating = Rating.SATISFIED if roll < 0.72 else Rating.BASICALLY_SATISFIED
    voice.voice_item_rate(actor=filer, item=item, rating=rating, on=rated)


def _items(
    ctx: DemoContext, office: Actor, routes: dict, members: list[Person], accounts_by_person: dict
) -> None:
    rng = ctx.rng
    liaisons = {
        person_of(user).node_id: actor_for(user)
        for user in User.objects.filter(username="liaison").select_related("person")
    }
    member_login = User.objects.filter(username="member").select_related("person").first()
    count = len(data.ITEMS)
    filers = rng.sample(members, count)
    mine = (count - 5, count - 4)  # the demo member's items: filed some weeks before today
    waiting = count - 3  # the last three wait for their reply (filed about 7, 4 and 2 weeks ago)
    if member_login is not None:
        for index in mine:
            filers[index] = person_of(member_login)
    # From the seed year's first week to a few days before today, evenly with some jitter.
    first = ctx.cal.day(9, 7)
    span = (ctx.today - dt.timedelta(days=12) - first).days
    for index, (kind, category, title, text, reply) in enumerate(data.ITEMS):
        person = filers[index]
        filed = first + dt.timedelta(days=int(index * span / (count - 1)) + rng.randint(0, 6))
        filer = _actor_for_person(person, accounts_by_person)
        entered_by = liaisons.get(person.node_id, filer) if index % 5 == 4 else filer
        item = voice.voice_item_file(
            actor=entered_by,
            person=person,
            kind=kind,
            category=category,
            title=title,
            text=text,
            is_anonymous_to_department=rng.random() < 0.25,
            filed_on=filed,
        )
        roll = rng.random()
        if index >= waiting:
            roll = 1.0  # neither withdrawn nor declined
        if roll < 0.06:
            voice.voice_item_withdraw(actor=filer, item=item, on=_day(filed, ctx, 1, 3))
            continue
        if roll < 0.13:
            voice.voice_item_decline(
                actor=office,
                item=item,
                reason=rng.choice(data.DECLINE_REASONS),
                on=_day(filed, ctx, 1, 4),
            )
            continue
        accepted = _day(filed, ctx, 1, 4)
        voice.voice_item_accept(actor=office, item=item, on=accepted)
        code = data.CATEGORY_DEPARTMENT[category]
        route = routes[code] if code else None
        _follow_up(
            ctx,
            office,
            item,
            filer,
            route,
            reply,
            accepted,
            leave_unrated=index == mine[1],
            leave_waiting=index >= waiting,
        )


def _visits(
    ctx: DemoContext, office: Actor, chair: Person, companions: list[Person], routes: dict
) -> None:
    rng = ctx.rng
    for branch_index, month, day, _year, participants, summary, raised in data.VISITS:
        branch = ctx.branches[branch_index]
        visited = ctx.cal.day(month, day)
        visit = voice.grassroots_visit_record(
            actor=office,
            node=branch,
            lead=chair,
            visitors=rng.sample(companions, 1),
            visited_on=visited,
            participants=participants,
            summary=summary,
            raised=[
                voice.RaisedItem(kind=kind, category=category, title=title, text=text)
                for kind, category, title, text, _reply in raised
            ],
        )
        for item, (_kind, category, _title, _text, reply) in zip(
            visit.items.order_by("id"), raised, strict=True
        ):
            code = data.CATEGORY_DEPARTMENT[category]
            _follow_up(
                ctx,
                office,
                item,
                None,
                routes[code] if code else None,
                reply,
                _day(visited, ctx, 2, 6),
            )


def seed(ctx: DemoContext) -> None:
    office_user = User.objects.select_related("person").get(username="office")
    office = actor_for(office_user)
    routes = _departments(ctx, office)
    accounts_by_person = {u.person_id: u for u in User.objects.filter(person__school=ctx.school)}
    # Department handlers speak for the school here, not as filers.
    handlers = {
        actor.person_id for _department, actor in routes.values() if actor.person_id is not None
    }
    members = _members(ctx, exclude=handlers)
    _wishes(ctx, office, members, accounts_by_person)
    _items(ctx, office, routes, members, accounts_by_person)
    companions = [
        person_of(user)
        for user in User.objects.filter(username__in=["finance", "audit"]).select_related("person")
    ]
    _visits(ctx, office, person_of(office_user), companions, routes)
    ctx.say(
        f"  {len(routes)} school departments, {WISH_COUNT} New Year wishes, "
        f"{len(data.ITEMS)} suggestions and requests, {len(data.VISITS)} grassroots visits"
    )
