"""Demo: three activities in the weeks after the demo's today (``ctx.cal.now``), so the demo
has something open to sign up for: a study session, a lottery for a health talk, and a full
cinema evening with a waitlist."""

import datetime as dt

from tongxin.accounts.models import User

from .activity_steps import active_members, publish, sign_up
from .data import activities as text
from .seed import DemoContext, person_of


def seed(ctx: DemoContext) -> None:
    now = ctx.cal.now
    member = User.objects.filter(username="member").select_related("person__node").first()
    members = active_members(ctx)
    title, description, place = text.UPCOMING_STUDY
    start = (now + dt.timedelta(days=12)).replace(hour=14, minute=30)
    study = publish(
        ctx,
        ctx.school,
        now - dt.timedelta(days=2),
        kind="study_session",
        title=title,
        description=description,
        place=place,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        sign_up_deadline=start - dt.timedelta(days=1),
        quota=120,
    )
    sign_up(ctx, study, ctx.rng.sample(members, 40), now - dt.timedelta(days=1))
    if member is not None:
        sign_up(ctx, study, [person_of(member)], now - dt.timedelta(hours=2))
    title, description, place = text.UPCOMING_HEALTH
    start = (now + dt.timedelta(days=9)).replace(hour=15, minute=0)
    health = publish(
        ctx,
        ctx.school,
        now - dt.timedelta(days=1),
        kind="service_day",
        title=title,
        description=description,
        place=place,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        quota=40,
        allocation="lottery",
        sign_up_deadline=start - dt.timedelta(days=3),
        lottery_at=start - dt.timedelta(days=2, hours=20),
        staff_scope="all_staff",
    )
    sign_up(ctx, health, ctx.rng.sample(members, 55), now - dt.timedelta(hours=20))
    title, description, place = text.UPCOMING_CINEMA
    start = (now + dt.timedelta(days=6)).replace(hour=19, minute=0)
    cinema = publish(
        ctx,
        ctx.school,
        now - dt.timedelta(days=3),
        kind="culture",
        title=title,
        description=description,
        place=place,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2, minutes=30),
        sign_up_deadline=start - dt.timedelta(days=1),
        quota=30,
        offer_hours=24,
    )
    others = [p for p in members if member is None or p.pk != member.person_id]
    sign_up(ctx, cinema, ctx.rng.sample(others, 34), now - dt.timedelta(days=2))
