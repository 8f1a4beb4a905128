"""The office console and the member portal on a 375 px phone, in Chinese, through a real browser."""

from django.utils import translation
from django.utils.translation import gettext

from tests.e2e.conftest import log_in
from tongxin.members.models import FamilyMember
from tongxin.testing.personas import ID_NUMBERS


def _zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 375


def test_office_pages_fit_a_phone(page, live_server, cast):
    # given the union office logged in on a phone
    log_in(page, live_server.url, cast.users["office_admin"].username)
    # then the console pages fit the screen
    assert page.get_by_test_id("my-scope").is_visible()
    for path in (
        "/",
        "/people/",
        f"/people/{cast.people['branch_a_member'].pk}/",
        "/orgs/",
        f"/orgs/{cast.branch_a.pk}/",
        "/dues/",
        "/approvals/",
    ):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert _no_horizontal_scroll(page), path


def test_office_searches_and_reveals_an_id_number(page, live_server, cast):
    log_in(page, live_server.url, cast.users["office_admin"].username)
    page.goto(f"{live_server.url}/people/")
    # when the office types in the search box, the list narrows in place and the URL follows
    page.locator("input[name=q]").press_sequentially("member", delay=50)
    page.wait_for_url("**/people/?q=member")
    page.get_by_test_id("person-count").wait_for()
    # "Member A", "Member B" and "Audit Member"
    assert page.get_by_test_id("person-cards").locator("a").count() == 3
    # when they open member A and press "show (logged)"
    page.goto(f"{live_server.url}/people/{cast.people['branch_a_member'].pk}/")
    page.get_by_test_id("reveal-id").click()
    # then the clear number replaces the masked one, and the button is gone
    page.get_by_text(ID_NUMBERS["A1001"]).wait_for()
    assert page.get_by_test_id("reveal-id").count() == 0


def test_member_adds_and_removes_a_child_on_a_phone(page, live_server, cast):
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server.url, cast.users["branch_a_member"].username)
    # when member A adds a child from "Me"
    page.get_by_test_id("tile-family").click()
    page.get_by_test_id("add-family").click()
    page.locator("select[name=relation]").select_option("child")
    page.locator("input[name=name]").fill("Xiao Ming")
    page.locator("select[name=school_stage]").select_option("primary")
    page.get_by_test_id("submit").click()
    page.wait_for_load_state("networkidle")
    # then the child is listed on "Me", which still fits the phone
    assert "Xiao Ming" in page.get_by_test_id("my-family").inner_text()
    assert _zh("Primary school") in page.get_by_test_id("my-family").inner_text()
    assert _no_horizontal_scroll(page)
    # when they remove the entry (and confirm)
    page.get_by_test_id("remove-family").click()
    page.wait_for_load_state("networkidle")
    assert FamilyMember.objects.count() == 0


def test_english_switch_keeps_the_page(page, live_server, cast):
    page.goto(f"{live_server.url}/accounts/login/")
    assert _zh("Log in to Tongxin") in page.content()
    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/accounts/login/")
    assert "Log in to Tongxin" in page.content()
