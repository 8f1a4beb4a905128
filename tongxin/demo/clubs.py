"""Demo step "clubs": the seed's six standing clubs of the school union through the
clubs services: leaders, 20–60 members each (a few leave during the term), a spring term of
weekly sessions (activities of kind ``club_session``) with sign-ups, check-ins and no-shows,
yearly budgets and some spending paid from the school's fund, one over budget with the union
office's written reason. The demo "member" login leads the running club.
"""

import datetime as dt

from tongxin.accounts.models import User
from tongxin.activities import clock
from tongxin.activities import services as activities
from tongxin.activities.models import SignUp
from tongxin.clubs import services
from tongxin.clubs.models import Club, ClubSession
from tongxin.members.models import Person

from .activity_steps import active_members, at, attend, close, sign_up
from .data import clubs as text
from .seed import DemoContext


def _time(text_time: str) -> dt.time:
    return dt.time.fromisoformat(text_time)


def _leader_person(ctx: DemoContext) -> Person | None:
    user = User.objects.filter(username="member").select_related("person").first()
    return user.person if user else None


def _sessions(ctx: DemoContext, club: Club, members: dict[int, tuple[Person, dt.date | None]]):  # type: ignore[no-untyped-def]
    sessions = ClubSession.objects.filter(club=club).select_related("activity").order_by("on")
    for session in sessions:
        activity = session.activity
        present = [person for person, left in members.values() if left is None or left > session.on]
        wanted = ctx.rng.randint(len(present) // 5, len(present) // 3)
        people = ctx.rng.sample(present, min(wanted, activity.quota or wanted))
        rows = sign_up(ctx, activity, people, activity.starts_at - dt.timedelta(days=2))
        confirmed = set(
            SignUp.objects.filter(pk__in=[r.pk for r in rows], status="confirmed").values_list(
                "pk", flat=True
            )
        )
        came = [r for r in rows if r.pk in confirmed and ctx.rng.random() < 0.88]
        attend(ctx, activity, came, activity.starts_at + dt.timedelta(minutes=10))
        close(ctx, activity)
    return sessions


def seed(ctx: DemoContext) -> None:
    if ctx.school is None:
        raise RuntimeError("the clubs step runs after the people step")
    funds = ctx.extra.get("funds", {})
    office = funds.get("actors", {}).get("office", ctx.system)
    pool = active_members(ctx)
    member_login = _leader_person(ctx)
    first_on, last_on = (ctx.cal.on(d) for d in text.TERM)
    join_from = ctx.cal.day(2, 22)
    total_members = total_sessions = 0
    for index, spec in enumerate(text.CLUBS):
        name, kind, description, place, weekday, start, end, places, budget, expenses = spec
        with clock.at(at(ctx, 2, 20)):
            club = services.club_create(
                actor=office,
                node=ctx.school,
                name=name,
                kind=kind,
                description=description,
                place=place,
            )
            for year in sorted({ctx.cal.y1, ctx.today.year}):  # the seed year's and today's
                services.club_budget_set(
                    actor=office, club=club, year=year, amount_fen=budget * 100
                )
            people = ctx.rng.sample(pool, ctx.rng.randint(20, 60))
            if kind == "running" and member_login is not None:
                people = [member_login, *[p for p in people if p.pk != member_login.pk]]
            for leader in people[: 1 + index % 2]:
                services.club_leader_add(
                    actor=office, club=club, person=leader, starts_on=join_from
                )
        members: dict[int, tuple[Person, dt.date | None]] = {}
        for person in people:
            on = join_from + dt.timedelta(days=ctx.rng.randint(0, 10))
            with clock.at(at(ctx, on.month, on.day, 12)):
                services.club_join(actor=ctx.system, club=club, person=person, on=on)
            members[person.pk] = (person, None)
        with clock.at(at(ctx, 2, 26)):
            services.club_series_create(
                actor=office,
                club=club,
                weekday=weekday,
                starts_at=_time(start),
                ends_at=_time(end),
                place=place,
                first_on=first_on,
                last_on=last_on,
                capacity=places,
                title=text.SESSION_TITLE.format(name=name),
            )
        for person in ctx.rng.sample(people[2:], 3):
            left = ctx.cal.day(5, ctx.rng.randint(1, 20))
            with clock.at(at(ctx, left.month, left.day, 12)):
                services.club_leave(actor=ctx.system, club=club, person=person, on=left)
            members[person.pk] = (person, left)
        sessions = _sessions(ctx, club, members)
        for day, item, payee, yuan in expenses:
            when = ctx.cal.on(day)
            with clock.at(at(ctx, when.month, when.day, 15)):
                services.club_expense_post(
                    actor=office,
                    club=club,
                    description=item,
                    amount_fen=yuan * 100,
                    incurred_on=when,
                    payee=payee,
                    override_reason=text.OVERRIDE_REASON if kind == "running" else "",
                )
        if kind == "football":
            item, payee, yuan = text.SESSION_COST
            session = sessions[len(sessions) // 2]
            with clock.at(session.activity.ends_at):
                activities.activity_cost_post(
                    actor=office,
                    activity=session.activity,
                    description=item,
                    payee=payee,
                    amount_fen=yuan * 100,
                    incurred_on=session.on,
                )
        total_members += len(people)
        total_sessions += len(sessions)
    ctx.say(f"  {len(text.CLUBS)} clubs, {total_members} members, {total_sessions} sessions")
