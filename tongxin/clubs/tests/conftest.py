import pytest
from django.utils import translation

from .factories import make_club


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def club_a(cast):
    """A branch A basketball club."""
    return make_club(cast.branch_a, name="Branch A basketball")


@pytest.fixture
def school_club(cast):
    return make_club(cast.school, name="Yoga", kind="yoga")
