import pytest
from django.utils import translation

from tongxin.activities.models import Activity

from .factories import make_activity


@pytest.fixture
def activity(cast) -> Activity:
    """A published school-wide culture activity with 10 places, open to members."""
    return make_activity(cast.school)


@pytest.fixture(autouse=True)
def _english():
    """Services answer in the active language; the rule tests compare the English msgids.
    (Pages are tested in Chinese, through gettext.)"""
    with translation.override("en"):
        yield
