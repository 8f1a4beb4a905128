import pytest
from django.utils import translation

from .factories import make_congress


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def congress(cast):
    """Nine formal representatives (the branch A and B member personas among them)."""
    return make_congress(cast)
