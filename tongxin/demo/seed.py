"""The demo union, built step by step through the services.

``run`` is idempotent: if the demo school already exists, nothing is added. Every step takes the
shared ``DemoContext`` (the school, its branches, people and accounts, a seeded random generator
and the demo's calendar) so later steps can build on earlier ones.

Deterministic: every random choice comes from ``ctx.rng`` (or a ``random.Random`` with a fixed
seed), and every date from the calendar, which is anchored on one day (``today``, the real date
unless given). The seed school's year (its 2020-2021 work summary) is played as the last
academic year (September to August) completed before ``today``; the academic year after it is
the current one, underway on ``today``. Two builds with the same ``today`` give the same union.
"""

import datetime as dt
import random
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol
from unittest import mock

from django.utils import timezone

from tongxin.accounts.models import User
from tongxin.members.models import Person
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

DEMO_SCHOOL_CODE = "demo"
DEMO_PASSWORD = "tongxin2021"  # noqa: S105 - printed for the demo on purpose


class Writer(Protocol):
    """Where the seeder reports: a text stream or a management command's ``self.stdout``."""

    def write(self, text: str, /) -> object: ...


def seed_year_of(today: dt.date) -> int:
    """The calendar year the seed's academic year starts in: the last academic year (1 September
    to 31 August) that ended before ``today``."""
    return today.year - 1 if today.month >= 9 else today.year - 2


@dataclass(frozen=True)
class DemoCalendar:
    """The demo's dates, all computed from ``today``.

    ``y0``/``y1``: the calendar years of the seed's academic year (September ``y0`` to August
    ``y1``); the current academic year starts on 1 September ``y1``. ``day(month, day)`` is a day
    of the seed year (September to December in ``y0``, January to August in ``y1``); ``report_day``
    is the day the seed year's figures are taken on (mid-July, as the work summary).
    """

    today: dt.date

    @property
    def y0(self) -> int:
        return seed_year_of(self.today)

    @property
    def y1(self) -> int:
        return self.y0 + 1

    @property
    def seed_start(self) -> dt.date:
        return dt.date(self.y0, 9, 1)

    @property
    def seed_end(self) -> dt.date:
        return dt.date(self.y1, 8, 31)

    @property
    def current_start(self) -> dt.date:
        return dt.date(self.y1, 9, 1)

    @property
    def report_day(self) -> dt.date:
        return dt.date(self.y1, 7, 15)

    def day(self, month: int, day: int) -> dt.date:
        return dt.date(self.y0 if month >= 9 else self.y1, month, day)

    def on(self, month_day: str) -> dt.date:
        """``"MM-DD"`` in the seed year."""
        month, day = month_day.split("-")
        return self.day(int(month), int(day))

    def moment(self, on: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
        """An aware moment of ``on`` in the project's time zone."""
        return timezone.make_aware(dt.datetime(on.year, on.month, on.day, hour, minute))  # noqa: DTZ001

    @property
    def now(self) -> dt.datetime:
        """The demo's "now": ``today`` at 10:00."""
        return self.moment(self.today, 10)

    def years_label(self) -> str:
        return f"{self.y0}-{self.y1}"


@dataclass
class DemoContext:
    out: Writer
    today: dt.date = field(default_factory=timezone.localdate)
    rng: random.Random = field(default_factory=lambda: random.Random(20202021))
    scale: float = 1.0  # tests build a smaller staff (the seed's figures need the full one)
    system: Actor = field(default_factory=Actor.system)
    school_node: OrgNode | None = None  # set by the people step, which runs first
    branches: list[OrgNode] = field(default_factory=list)
    people: list[Any] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role label, username, note)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def school(self) -> OrgNode:
        """The demo school union; every step after the people step builds on it."""
        if self.school_node is None:
            raise RuntimeError("The people step has not created the school yet.")
        return self.school_node

    @property
    def cal(self) -> DemoCalendar:
        return DemoCalendar(self.today)

    def say(self, text: str) -> None:
        self.out.write(text + "\n")


def person_of(user: User) -> Person:
    """The staff person behind a demo login (every login but the system admin has one)."""
    if user.person is None:
        raise ValueError(f"The demo login {user.username} has no person.")
    return user.person


def _steps() -> list[tuple[str, Callable[[DemoContext], None]]]:
    from . import (
        activities,
        benefits,
        care,
        clubs,
        congress,
        donations,
        funds,
        people,
        proposals,
        quizzes,
        staff_services,
        submissions,
        voice,
    )

    return [
        ("people", people.seed),
        ("funds", funds.seed),
        ("activities", activities.seed),
        ("quizzes", quizzes.seed),
        ("submissions", submissions.seed),
        ("clubs", clubs.seed),
        ("benefits", benefits.seed),
        ("staff_services", staff_services.seed),
        ("donations", donations.seed),
        ("voice", voice.seed),
        ("care", care.seed),
        ("congress", congress.seed),
        ("proposals", proposals.seed),
    ]


@contextmanager
def seeded_draws(rng: random.Random) -> Iterator[None]:
    """The services' own random draws, taken from ``rng`` while the demo is built.

    A quiz attempt's questions (``quizzes.sampling.new_seed``) and a lottery's seed
    (``secrets`` in ``activities.services.lottery``) come from the operating system in real use;
    here they come from the demo's generator, so later steps (which answer the questions drawn,
    check in the winners) make the same choices on every build.
    """
    from tongxin.activities.services import lottery
    from tongxin.quizzes.services import attempts

    class _LotterySecrets:
        @staticmethod
        def randbits(bits: int) -> int:
            return rng.getrandbits(bits)

    def new_seed() -> int:
        return rng.randrange(1, 2**31 - 1)

    with (
        mock.patch.object(attempts, "new_seed", new=new_seed),
        mock.patch.object(lottery, "secrets", new=_LotterySecrets),
    ):
        yield


@contextmanager
def shifted_clock(today: dt.date) -> Iterator[None]:
    """While the demo is built for another day than the real one, the services' clock
    (``django.utils.timezone.now``) runs that many days away from the real time, so their
    "not in the future" and "not yet open" rules judge the demo's dates against its today."""
    real = timezone.now
    offset = today - timezone.localdate()
    if not offset:
        yield
        return

    def now() -> dt.datetime:
        return real() + offset

    with mock.patch.object(timezone, "now", new=now):
        yield


def run(
    out: Writer,
    today: dt.date | None = None,
    only: Collection[str] | None = None,
    scale: float = 1.0,
) -> DemoContext | None:
    """Build the demo union unless it exists; return the context, or None if it existed.

    ``today`` anchors the calendar (the real date in the project's time zone by default; tests
    and ``seed_demo --today`` pin it, and the services' clock is shifted to match). ``only``
    names the steps to run and ``scale`` shrinks the staff (tests build a part of the demo; the
    later steps and the seed's figures need every step before them and the full staff)."""
    ctx = DemoContext(out=out, today=today or timezone.localdate(), scale=scale)
    if OrgNode.objects.filter(code=DEMO_SCHOOL_CODE, parent__isnull=True).exists():
        ctx.say("The demo union is already loaded; nothing added.")
        return None
    cal = ctx.cal
    ctx.say(
        f"Seed year {cal.seed_start} to {cal.seed_end}; "
        f"current year from {cal.current_start}; today {cal.today}."
    )
    # Services seed their own draws (quiz questions, lotteries) from a generator of their own,
    # so later steps leave the earlier steps' draws unchanged.
    draws = random.Random(20210901)
    with shifted_clock(ctx.today), seeded_draws(draws):
        for name, step in _steps():
            if only is not None and name not in only:
                continue
            ctx.say(f"- {name} …")
            started = time.monotonic()
            # Steps call durable services (each its own transaction), so they are not wrapped in
            # one; the demo is meant for a fresh database.
            step(ctx)
            ctx.say(f"  ({time.monotonic() - started:.1f} s)")
    return ctx
