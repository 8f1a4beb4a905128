import pytest

from tongxin.activities.models import Activity

from .factories import make_activity


@pytest.fixture
def activity(cast) -> Activity:
    """A published school-wide culture activity with 10 places, open to members."""
    return make_activity(cast.school)
