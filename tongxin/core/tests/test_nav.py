"""The header menu: the work grouped in sections, each shown only to those who can use it."""

import re

import pytest
from django.urls import reverse

from tongxin.testing.personas import log_in

pytestmark = pytest.mark.django_db


def _sections(client) -> list[str]:  # type: ignore[no-untyped-def]
    page = client.get(reverse("members:me")).content.decode()
    return re.findall(r'data-testid="nav-group-([a-z]+)"', page)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office_admin", ["work", "people", "care", "activities", "voice", "funds"]),
        ("branch_a_liaison", ["work", "people", "care", "activities", "voice"]),
        ("branch_a_member", ["work"]),
    ],
)
def test_menu_shows_only_the_sections_the_actor_can_use(client, cast, persona, expected):
    # given a persona logged in
    log_in(client, cast, persona)
    # when any page is shown
    sections = _sections(client)
    # then the menu has exactly the sections with a link they may follow
    assert sections == expected


def test_every_menu_link_sits_in_a_section(client, cast):
    # given the office, who sees the most links
    log_in(client, cast, "office_admin")
    page = client.get(reverse("members:me")).content.decode()
    # when the menu is read
    menu = page[page.index('class="nav-links"') : page.index('data-testid="logout"')]
    top_level = re.sub(r'<details class="nav-group".*?</details>', "", menu, flags=re.S)
    # then only "Me" stands outside the sections
    assert re.findall(r"<a [^>]*data-testid=\"(nav-[a-z-]+)\"", top_level) == ["nav-me"]
