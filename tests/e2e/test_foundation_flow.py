"""The foundation's key flow in a real browser: log in → people list → person detail →
switch the language, on a phone as the union office uses it."""

from django.utils import translation
from django.utils.translation import gettext

from tests.e2e.conftest import log_in


def _in(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


def test_log_in_people_detail_and_switch_language(page, live_server, cast):
    # given the union office logs in on a phone (Chinese by default)
    log_in(page, live_server.url, cast.users["office_admin"].username)
    # when they open the menu and go to the people list
    page.get_by_test_id("nav-toggle").click()
    page.get_by_test_id("nav-group-people").locator("summary").click()
    page.get_by_test_id("nav-people").click()
    page.get_by_test_id("person-count").wait_for()
    # and open member A from the list
    page.get_by_test_id("person-cards").get_by_text("Member A").click()
    page.get_by_test_id("person-name").wait_for()
    assert "A1001" in page.get_by_test_id("person-name").inner_text()
    assert _in("zh-hans", "Membership history") in page.content()
    # when they switch to English
    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state("networkidle")
    # then the same person's page is shown in English
    assert page.url.endswith(f"/people/{cast.people['branch_a_member'].pk}/")
    assert "A1001" in page.get_by_test_id("person-name").inner_text()
    assert "Membership history" in page.content()
    assert _in("zh-hans", "Membership history") not in page.content()
