"""Demo step: a year of activities shaped like the seed's 2020-2021 summary, played in the
demo's seed year (``ctx.cal``), all through the activities services, each step run at its own
moment on the activities' clock.

Party-history study sessions with attendance; the union cadre training; the women's day series
(study and a cinema outing with a waitlist that moves); the two-week dental check in May with
daily slots and 950 attendees; the youth teachers' tea party with the town HR bureau (a lottery
for 11 places); the children's day event (children signed up by their parents); the sports
meet with 416 athletes from the 15 branches under per-branch quotas. Three activities lie in
the weeks after today, so the demo has something open to sign up for.
"""

import datetime as dt

from tongxin.activities import clock, services
from tongxin.activities.models import Activity, SignUp
from tongxin.core.errors import DomainError
from tongxin.members.models import FamilyMember, Person

from . import activities_upcoming
from .activity_steps import (
    active_members,
    at,
    attend,
    close,
    confirmed,
    publish,
    sign_up,
    split_by_size,
)
from .data import activities as text
from .seed import DemoContext


def _study_sessions(ctx: DemoContext) -> None:
    members = active_members(ctx)
    for month, day, title, description in text.STUDY_SESSIONS:
        start = at(ctx, month, day, 14, 30)
        activity = publish(
            ctx,
            ctx.school,
            start - dt.timedelta(days=10),
            kind="study_session",
            title=title,
            description=description,
            place=text.STUDY_PLACE,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            sign_up_deadline=start - dt.timedelta(days=1),
            quota=120,
            budget_line=text.BUDGET_EDUCATION,
        )
        rows = sign_up(
            ctx,
            activity,
            ctx.rng.sample(members, ctx.rng.randint(95, 118)),
            start - dt.timedelta(days=9),
        )
        attend(
            ctx,
            activity,
            [r for r in rows if ctx.rng.random() < 0.93],
            start - dt.timedelta(minutes=15),
        )
        close(ctx, activity)
    for branch in (ctx.branches[0], ctx.branches[4], ctx.branches[9]):
        start = at(ctx, 4, 28, 15, 0)
        local = [p for p in members if p.node_id == branch.pk]
        activity = publish(
            ctx,
            branch,
            start - dt.timedelta(days=7),
            kind="study_session",
            title=text.BRANCH_STUDY,
            description=text.BRANCH_STUDY_DESCRIPTION,
            place=branch.name,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1, minutes=30),
            sign_up_deadline=start - dt.timedelta(hours=12),
        )
        rows = sign_up(
            ctx,
            activity,
            ctx.rng.sample(local, min(len(local), ctx.rng.randint(25, 40))),
            start - dt.timedelta(days=6),
        )
        attend(ctx, activity, [r for r in rows if ctx.rng.random() < 0.9], start)
        close(ctx, activity)


def _cadre_training(ctx: DemoContext) -> None:
    title, description, place = text.CADRE_TRAINING
    start = at(ctx, 1, 15, 9, 0)
    activity = publish(
        ctx,
        ctx.school,
        at(ctx, 1, 4),
        kind="training",
        title=title,
        description=description,
        place=place,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=6),
        sign_up_deadline=at(ctx, 1, 12, 18),
        quota=60,
        budget_line=text.BUDGET_TRAINING,
    )
    officers = ctx.rng.sample(active_members(ctx), 48)
    rows = sign_up(ctx, activity, officers, at(ctx, 1, 5))
    attend(ctx, activity, rows[:45], start)
    close(ctx, activity)


def _womens_day(ctx: DemoContext) -> None:
    women = [p for p in active_members(ctx) if p.gender == "female"]
    title, description, place = text.WOMEN_STUDY
    start = at(ctx, 3, 5, 14, 30)
    study = publish(
        ctx,
        ctx.school,
        at(ctx, 2, 26),
        kind="womens_day",
        title=title,
        description=description,
        place=place,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        sign_up_deadline=at(ctx, 3, 4, 18),
        gender="female",
    )
    rows = sign_up(ctx, study, ctx.rng.sample(women, 150), at(ctx, 2, 26, 10))
    attend(ctx, study, [r for r in rows if ctx.rng.random() < 0.9], start)
    close(ctx, study)

    title, description, place = text.WOMEN_CINEMA
    start = at(ctx, 3, 7, 14, 0)
    cinema = publish(
        ctx,
        ctx.school,
        at(ctx, 2, 27),
        kind="womens_day",
        title=title,
        description=description,
        place=place,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        sign_up_deadline=at(ctx, 3, 5, 12),
        quota=200,
        gender="female",
        offer_hours=12,
        estimated_cost_fen=200 * 4500,
        budget_line=text.BUDGET_CULTURE_SPORTS,
    )
    rows = sign_up(ctx, cinema, ctx.rng.sample(women, 228), at(ctx, 2, 27, 10))
    # Twelve people drop out; their places are offered down the waitlist; most accept.
    with clock.at(at(ctx, 3, 3, 20)):
        for row in ctx.rng.sample([r for r in rows if r.status == "confirmed"], 12):
            services.signup_cancel(actor=ctx.system, sign_up=row)
    with clock.at(at(ctx, 3, 4, 7, 30)):
        for row in SignUp.objects.filter(activity=cinema, status="offered").order_by("pk")[:9]:
            services.signup_accept_offer(actor=ctx.system, sign_up=row)
    services.activity_expire_offers(actor=ctx.system, now=at(ctx, 3, 4, 21))
    with clock.at(at(ctx, 3, 5, 8)):
        for row in SignUp.objects.filter(activity=cinema, status="offered").order_by("pk"):
            services.signup_accept_offer(actor=ctx.system, sign_up=row)
    came = [
        r
        for r in SignUp.objects.filter(activity=cinema, status="confirmed")
        if ctx.rng.random() < 0.96
    ]
    attend(ctx, cinema, came, start - dt.timedelta(minutes=20))
    close(ctx, cinema)


def _dental_check(ctx: DemoContext) -> None:
    title, description, place = text.DENTAL
    days = [
        at(ctx, 5, 10) + dt.timedelta(days=offset)
        for offset in range(12)
        if (10 + offset) not in (15, 16)
    ]
    activity = publish(
        ctx,
        ctx.school,
        at(ctx, 4, 26),
        kind="service_day",
        title=title,
        description=description,
        place=place,
        starts_at=days[0].replace(hour=8, minute=30),
        ends_at=days[-1].replace(hour=17),
        quota=None,
        sign_up_deadline=at(ctx, 5, 9, 18),
        staff_scope="all_staff",
        include_retirees=True,
        budget_line=text.BUDGET_SERVICES,
    )
    slots = []
    with clock.at(at(ctx, 4, 26, 10)):
        for number, day in enumerate(days, start=1):
            slots.append(
                services.activity_slot_add(
                    actor=ctx.system,
                    activity=activity,
                    starts_at=day.replace(hour=8, minute=30),
                    ends_at=day.replace(hour=17),
                    capacity=100,
                    label=text.DENTAL_SLOT.format(n=number),
                )
            )
    staff = [p for p in ctx.people if p.employment_status in ("active", "retired")]
    chosen = ctx.rng.sample(staff, 950)
    rows: dict[int, list[SignUp]] = {slot.pk: [] for slot in slots}
    for index, person in enumerate(chosen):
        slot = slots[index % len(slots)]
        with clock.at(at(ctx, 4, 27, 8) + dt.timedelta(minutes=index)):
            row = services.activity_sign_up(
                actor=ctx.system, activity=activity, person=person, slot=slot
            )
        rows[slot.pk].append(row)
    for slot in slots:
        attend(ctx, activity, rows[slot.pk], slot.starts_at + dt.timedelta(hours=1))
    close(ctx, activity)


def _tea_party(ctx: DemoContext) -> None:
    title, description, place = text.TEA_PARTY
    start = at(ctx, 4, 17, 15, 0)
    activity = publish(
        ctx,
        ctx.school,
        at(ctx, 4, 1),
        kind="visit",
        title=title,
        description=description,
        place=place,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        sign_up_deadline=at(ctx, 4, 12, 18),
        quota=11,
        allocation="lottery",
        lottery_at=at(ctx, 4, 13, 10),
        max_age=35,
        outside_co_organisers=text.TEA_PARTY_CO_ORGANISER,
    )
    young = [p for p in active_members(ctx) if p.birth_on and ctx.cal.y1 - p.birth_on.year <= 34]
    sign_up(ctx, activity, ctx.rng.sample(young, min(len(young), 27)), at(ctx, 4, 2, 9))
    with clock.at(at(ctx, 4, 13, 10)):
        draw = services.activity_draw_lottery(actor=ctx.system, activity=activity)
    attend(ctx, activity, SignUp.objects.filter(pk__in=draw.winner_ids), start)
    close(ctx, activity)


def _childrens_day(ctx: DemoContext) -> None:
    title, description, place = text.CHILDRENS_DAY
    start = at(ctx, 5, 29, 9, 30)
    activity = publish(
        ctx,
        ctx.school,
        at(ctx, 5, 17),
        kind="childrens_day",
        title=title,
        description=description,
        place=place,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        sign_up_deadline=at(ctx, 5, 26, 18),
        quota=80,
        staff_allowed=False,
        family_scope="children",
        child_min_age=3,
        child_max_age=12,
        budget_line=text.BUDGET_CULTURE_SPORTS,
    )
    children = list(
        FamilyMember.objects.filter(
            person__school=ctx.school, relation="child", birth_on__isnull=False
        )
        .select_related("person__node")
        .order_by("pk")
    )
    eligible = [
        c
        for c in children
        if c.birth_on is not None and 3 <= (start.date() - c.birth_on).days // 365 <= 12
    ]
    rows = []
    for index, child in enumerate(ctx.rng.sample(eligible, min(len(eligible), 64))):
        with clock.at(at(ctx, 5, 18, 9) + dt.timedelta(minutes=7 * index)):
            try:
                rows.append(
                    services.activity_sign_up(
                        actor=ctx.system,
                        activity=activity,
                        person=child.person,
                        family_member=child,
                        guardian_consent=True,
                    )
                )
            except DomainError:
                continue
    attend(ctx, activity, confirmed(rows)[: max(len(rows) - 5, 0)], start)
    close(ctx, activity)


def _sports_meet(ctx: DemoContext) -> None:
    title, description, place = text.SPORTS_MEET
    start = at(ctx, 11, 20, 8, 0)
    activity = publish(
        ctx,
        ctx.school,
        at(ctx, 10, 26),
        kind="sports",
        title=title,
        description=description,
        place=place,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=9),
        quota=480,
        sign_up_deadline=at(ctx, 11, 13, 18),
        budget_line=text.BUDGET_CULTURE_SPORTS,
    )
    with clock.at(at(ctx, 10, 26, 10)):
        services.activity_branch_quotas_set(
            actor=ctx.system, activity=activity, quotas={b.pk: 32 for b in ctx.branches}
        )
    members = active_members(ctx)
    shares = split_by_size(
        416, {b.pk: len([p for p in members if p.node_id == b.pk]) for b in ctx.branches}, 32
    )
    athletes: list[Person] = []
    for branch in ctx.branches:
        athletes.extend(
            ctx.rng.sample([p for p in members if p.node_id == branch.pk], shares[branch.pk])
        )
    rows = sign_up(ctx, activity, athletes, at(ctx, 10, 27, 9))
    attend(ctx, activity, confirmed(rows), start)
    close(ctx, activity)


def seed(ctx: DemoContext) -> None:
    _sports_meet(ctx)
    _cadre_training(ctx)
    _womens_day(ctx)
    _study_sessions(ctx)
    _tea_party(ctx)
    _dental_check(ctx)
    _childrens_day(ctx)
    activities_upcoming.seed(ctx)
    ctx.say(
        f"  {Activity.objects.filter(school=ctx.school).count()} activities, "
        f"{SignUp.objects.filter(activity__school=ctx.school, status='attended').count()} attendances"
    )
