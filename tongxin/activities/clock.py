"""The activities' clock: ``now()`` is ``timezone.now()`` unless a caller fixed the time.

Deadlines, offer windows and check-in windows are judged against this clock. The demo seeder
builds a past academic year through the real services by running each step ``at(moment)``;
nothing else sets it. The override lives in a context variable, so it never leaks into other
threads or requests.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_fixed: ContextVar[dt.datetime | None] = ContextVar("activities_clock", default=None)


def now() -> dt.datetime:
    return _fixed.get() or timezone.now()


@contextmanager
def at(moment: dt.datetime) -> Iterator[None]:
    """Run the block as if it were ``moment`` (an aware datetime)."""
    if timezone.is_naive(moment):
        raise ValueError("the clock needs an aware datetime")
    token = _fixed.set(moment)
    try:
        yield
    finally:
        _fixed.reset(token)
