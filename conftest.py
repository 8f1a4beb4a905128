"""Fixtures shared by every app's tests: the persona cast and its actors."""

import pytest
from django.core.cache import cache
from django.db import connection

from tongxin.testing.personas import Cast, build_cast


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """Cached grants and sessions must not leak from one test into the next."""
    cache.clear()


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``only_on(vendor)``: a test of one database's own mechanism (SQLite's online backup,
    pg_dump) runs in that database's CI leg; its twin covers the other leg. It is deselected,
    not skipped, where the other database runs."""
    keep, other = [], []
    for item in items:
        marker = item.get_closest_marker("only_on")
        (other if marker is not None and marker.args[0] != connection.vendor else keep).append(item)
    if other:
        config.hook.pytest_deselected(items=other)
        items[:] = keep
