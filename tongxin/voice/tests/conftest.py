"""Voice fixtures: departments with handler personas, and items in each state, all built
through the services (so setup cannot skip a rule)."""

import datetime as dt
from collections.abc import Callable

import pytest

from tongxin.orgs.models import SchoolDepartment
from tongxin.testing.personas import Cast, add_department_handler
from tongxin.voice import services
from tongxin.voice.choices import ItemCategory, ItemKind
from tongxin.voice.models import VoiceItem


@pytest.fixture
def department(cast: Cast) -> SchoolDepartment:
    """The academic affairs office, answered for by the ``department_handler`` persona."""
    return add_department_handler(cast)


@pytest.fixture
def other_department(cast: Cast, department: SchoolDepartment) -> SchoolDepartment:
    """The logistics office, answered for by ``other_handler`` (not the first department's)."""
    return add_department_handler(
        cast, "other_handler", department_name="Logistics Office", code="LOG", staff_number="B2002"
    )


@pytest.fixture
def file_item(cast: Cast) -> Callable[..., VoiceItem]:
    """File an item as ``persona`` for themself (or for ``for_persona``)."""

    def _file(
        persona: str = "branch_a_member",
        *,
        for_persona: str | None = None,
        anonymous: bool = False,
        title: str = "Canteen opening hours",
        filed_on: dt.date | None = None,
    ) -> VoiceItem:
        return services.voice_item_file(
            actor=cast.actor(persona),
            person=cast.people[for_persona or persona],
            kind=ItemKind.REQUEST,
            category=ItemCategory.LOGISTICS_CANTEEN,
            title=title,
            text="Please keep the canteen open until 19:30 on teaching days.",
            is_anonymous_to_department=anonymous,
            filed_on=filed_on,
        )

    return _file


@pytest.fixture
def submitted_item(file_item: Callable[..., VoiceItem]) -> VoiceItem:
    return file_item()


@pytest.fixture
def accepted_item(cast: Cast, submitted_item: VoiceItem) -> VoiceItem:
    return services.voice_item_accept(actor=cast.actor("office_admin"), item=submitted_item)


@pytest.fixture
def routed_item(cast: Cast, accepted_item: VoiceItem, department: SchoolDepartment) -> VoiceItem:
    return services.voice_item_route(
        actor=cast.actor("office_admin"), item=accepted_item, department=department
    )


@pytest.fixture
def replied_item(cast: Cast, routed_item: VoiceItem) -> VoiceItem:
    return services.voice_item_reply(
        actor=cast.actor("department_handler"),
        item=routed_item,
        text="The canteen will stay open until 19:30 from next month.",
    )
