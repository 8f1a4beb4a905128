"""Fixtures shared by every app's tests: the persona cast and its actors."""

import pytest

from tongxin.testing.personas import Cast, build_cast


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()
