"""Helpers for the demo's activities: moments on the demo calendar, and publishing, signing up,
checking in and closing through the activities services at those moments."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from tongxin.activities import clock, services
from tongxin.activities.models import Activity, SignUp
from tongxin.core.errors import DomainError
from tongxin.members.models import Person
from tongxin.orgs.models import OrgNode

from .seed import DemoContext


def at(ctx: DemoContext, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A moment of the seed year (September to December in its first calendar year, January to
    August in its second)."""
    return ctx.cal.moment(ctx.cal.day(month, day), hour, minute)


def publish(ctx: DemoContext, organiser: OrgNode, when: dt.datetime, **data: Any) -> Activity:
    with clock.at(when):
        activity = services.activity_create(actor=ctx.system, organiser=organiser, **data)
        return services.activity_publish(actor=ctx.system, activity=activity)


def sign_up(
    ctx: DemoContext,
    activity: Activity,
    people: Iterable[Person],
    start: dt.datetime,
    **extra: Any,
) -> list[SignUp]:
    """Each person signs up a few minutes after the previous one, from ``start``."""
    rows = []
    for index, person in enumerate(people):
        with clock.at(start + dt.timedelta(minutes=3 * index)):
            try:
                rows.append(
                    services.activity_sign_up(
                        actor=ctx.system, activity=activity, person=person, **extra
                    )
                )
            except DomainError:
                continue
    return rows


def attend(ctx: DemoContext, activity: Activity, rows: Iterable[SignUp], when: dt.datetime) -> int:
    count = 0
    with clock.at(when):
        for row in rows:
            services.signup_check_in(actor=ctx.system, activity=activity, code=row.check_in_code)
            count += 1
    return count


def close(ctx: DemoContext, activity: Activity) -> None:
    with clock.at(activity.ends_at + dt.timedelta(hours=13)):
        services.activity_close(actor=ctx.system, activity=activity)


def confirmed(rows: list[SignUp]) -> list[SignUp]:
    confirmed = set(
        SignUp.objects.filter(pk__in=[r.pk for r in rows], status="confirmed").values_list(
            "pk", flat=True
        )
    )
    return [row for row in rows if row.pk in confirmed]


def split_by_size(total: int, sizes: dict[int, int], cap: int) -> dict[int, int]:
    """Split ``total`` over branches in proportion to their size, at most ``cap`` each."""
    whole = sum(sizes.values())
    shares = {pk: min(cap, size, total * size // whole) for pk, size in sizes.items()}
    while sum(shares.values()) < total:
        room = [pk for pk in sizes if shares[pk] < min(cap, sizes[pk])]
        if not room:
            break
        pk = max(room, key=lambda key: sizes[key] - shares[key] * whole / total)
        shares[pk] += 1
    return shares


def active_members(ctx: DemoContext) -> list[Person]:
    return [
        p for p in ctx.people if p.membership_status == "member" and p.employment_status == "active"
    ]
