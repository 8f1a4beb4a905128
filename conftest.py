"""Fixtures shared by every app's tests: the persona cast and its actors."""

import pytest
from django.core.cache import cache

from tongxin.testing.personas import Cast, build_cast


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """Cached grants and sessions must not leak from one test into the next."""
    cache.clear()


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()
