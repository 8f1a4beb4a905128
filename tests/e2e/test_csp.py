"""The strict Content-Security-Policy breaks nothing: pages, htmx and the small behaviours
moved out of inline handlers run with no policy violation."""

from playwright.sync_api import Page

from tests.e2e.conftest import log_in
from tongxin.clubs import services
from tongxin.orgs.actor import Actor


def _watch_violations(page: Page) -> list[str]:
    # The machine may be busy: this test is about the policy, not speed.
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_pages_run_under_the_policy_and_the_select_still_submits(page, live_server, cast):
    services.club_create(actor=Actor.system(), node=cast.school, name="Yoga", kind="yoga")
    violations = _watch_violations(page)
    log_in(page, live_server.url, cast.users["office_admin"].username)
    # a page with htmx-loaded panels: the person's record with its account panel
    page.goto(f"{live_server.url}/accounts/people/{cast.people['branch_a_member'].pk}/")
    page.get_by_test_id("account-facts").wait_for()
    # the clubs list: choosing a status submits the filter form (was an inline onchange)
    page.goto(f"{live_server.url}/clubs/office/")
    page.locator("#status-filter").select_option("archived")
    page.wait_for_url("**status=archived**")
    assert violations == []


def test_the_api_docs_run_under_the_policy(desktop_page, live_server):
    violations = _watch_violations(desktop_page)
    desktop_page.goto(f"{live_server.url}/api/v1/docs")
    desktop_page.locator("#operations-tag-members").wait_for()
    assert violations == []
