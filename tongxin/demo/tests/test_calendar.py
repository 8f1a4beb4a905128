"""The demo's calendar: every date comes from one anchor day, and the seed school's year is the
last academic year (September to August) completed before it."""

import datetime as dt
import random

import pytest
from django.utils import timezone

from tongxin.demo import benefits, funds, quizzes
from tongxin.demo.seed import DemoCalendar, DemoContext, seed_year_of, seeded_draws, shifted_clock


class _Out:
    def write(self, text: str) -> None:
        pass


def _ctx(today: dt.date, seed: int = 20202021) -> DemoContext:
    return DemoContext(out=_Out(), today=today, rng=random.Random(seed))


@pytest.mark.parametrize(
    ("today", "first_year"),
    [
        (dt.date(2026, 12, 7), 2025),  # the brief's day: 2025-09-01 .. 2026-08-31
        (dt.date(2027, 3, 15), 2025),  # the 2026-2027 year is not over yet
        (dt.date(2027, 10, 1), 2026),
        (dt.date(2026, 8, 31), 2024),  # 2025-2026 ends today: not completed before today
        (dt.date(2026, 9, 1), 2025),
    ],
)
def test_seed_year_is_the_last_completed_academic_year(today, first_year):
    assert seed_year_of(today) == first_year
    cal = DemoCalendar(today)
    assert cal.seed_start == dt.date(first_year, 9, 1)
    assert cal.seed_end == dt.date(first_year + 1, 8, 31)
    assert cal.seed_end < today
    assert cal.current_start == dt.date(first_year + 1, 9, 1) <= today


def test_days_fall_in_the_seed_year_by_month():
    cal = DemoCalendar(dt.date(2026, 12, 7))
    assert cal.day(9, 1) == dt.date(2025, 9, 1)
    assert cal.day(12, 31) == dt.date(2025, 12, 31)
    assert cal.day(1, 1) == dt.date(2026, 1, 1)
    assert cal.on("08-31") == dt.date(2026, 8, 31)
    assert cal.report_day == dt.date(2026, 7, 15)
    assert cal.now == timezone.make_aware(dt.datetime(2026, 12, 7, 10))


def test_dues_run_from_the_seed_years_september_through_the_current_month():
    months = funds._months(_ctx(dt.date(2026, 12, 7)))
    assert months[0] == dt.date(2025, 9, 1)
    assert months[-1] == dt.date(2026, 12, 1)
    assert len(months) == 16


def test_allocated_funds_arrive_up_to_today():
    quarters = funds._quarters(_ctx(dt.date(2026, 12, 7)))
    assert quarters == [
        (2025, 3, dt.date(2025, 10, 15)),
        (2025, 4, dt.date(2026, 1, 12)),
        (2026, 1, dt.date(2026, 4, 14)),
        (2026, 2, dt.date(2026, 7, 13)),
        (2026, 3, dt.date(2026, 10, 15)),
    ]


@pytest.mark.parametrize(
    ("today", "years"),
    [
        (dt.date(2026, 12, 7), (2025, 2026)),
        (dt.date(2027, 3, 15), (2025, 2026, 2027)),  # today's fiscal year gets its own budget
        (dt.date(2027, 10, 1), (2026, 2027)),
    ],
)
def test_budgets_cover_the_seed_year_and_today(today, years):
    assert funds.years(_ctx(today)) == years
    assert today.year in years


@pytest.mark.parametrize(
    ("today", "season", "year"),
    [
        (dt.date(2026, 12, 7), "winter", 2027),  # New Year's Day gifts before 1 January 2027
        (dt.date(2027, 1, 10), "winter", 2027),
        (dt.date(2027, 3, 15), "spring", 2027),
        (dt.date(2027, 6, 1), "summer", 2027),
        (dt.date(2027, 10, 1), "autumn", 2027),
    ],
)
def test_the_current_batch_follows_the_season(today, season, year):
    assert benefits._season(today) == (season, year)


@pytest.mark.parametrize("seed", range(200))
def test_quiz_attempts_end_before_the_quiz_closes(seed):
    """The old demo failed about one run in sixteen: a hand-in after 22:00 on the last day."""
    ctx = _ctx(dt.date(2026, 12, 7), seed)
    opens = quizzes.at(ctx, 5, 10, 8)
    closes = quizzes.at(ctx, 5, 14, 22)
    for _attempt in range(50):
        start = quizzes._moment(ctx, opens, 5, 10)
        assert opens <= start
        assert start + dt.timedelta(minutes=10) <= closes


def test_the_services_clock_is_shifted_to_the_demo_day():
    day = timezone.localdate() - dt.timedelta(days=400)
    with shifted_clock(day):
        assert timezone.localdate() == day
        assert abs(timezone.now() - timezone.make_aware(dt.datetime.combine(day, dt.time()))) < (
            dt.timedelta(days=1, minutes=1)
        )
    assert timezone.localdate() != day


def test_services_draws_come_from_the_demo_generator():
    from tongxin.activities.services import lottery
    from tongxin.quizzes.services import attempts

    def draws(seed: int) -> tuple[list[int], int]:
        with seeded_draws(random.Random(seed)):
            return [attempts.new_seed() for _ in range(5)], lottery.secrets.randbits(128)

    assert draws(1) == draws(1)
    assert draws(1) != draws(2)
    assert all(1 <= seed < 2**31 - 1 for seed in draws(3)[0])
