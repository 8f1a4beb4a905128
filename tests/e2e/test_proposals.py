"""A proposal from a representative's phone to the rated reply, through the real pages."""

from playwright.sync_api import Browser, Page

from tests.e2e.conftest import CHROMIUM_ARGS, PHONE, log_in  # noqa: F401
from tongxin.proposals.models import Proposal
from tongxin.proposals.tests.conftest import collection, congress, department  # noqa: F401


def _page(browser: Browser, base_url: str, username: str, viewport: dict) -> Page:
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    # A loaded CI machine can take a while for the first page of a live server.
    context.set_default_timeout(30_000)
    context.set_default_navigation_timeout(30_000)
    page = context.new_page()
    log_in(page, base_url, username)
    return page


def _no_overflow(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_proposal_from_phone_to_rated_reply(browser, live_server, cast, collection, department):  # noqa: F811
    url = live_server.url
    # given a representative on a 375 px screen, who drafts from the tile on "Me"
    proposer = _page(browser, url, cast.users["branch_a_member"].username, PHONE)
    proposer.get_by_test_id("tile-proposals").click()
    proposer.get_by_test_id("proposal-new").click()
    proposer.locator("input[name=title]").fill("Longer library hours")
    proposer.locator("select[name=category]").select_option("teaching_research")
    proposer.locator("textarea[name=reasons]").fill("The library closes at 17:00.")
    proposer.locator("textarea[name=measures]").fill("Open until 21:00 on weekdays.")
    proposer.get_by_test_id("submit").click()
    _no_overflow(proposer)
    # when they send it for co-signing, inviting two representatives
    proposer.get_by_test_id("proposal-send").click()
    proposer.locator("input[name=invitees]").first.check()
    proposer.get_by_test_id("submit").click()
    proposer.wait_for_load_state("networkidle")
    proposal = Proposal.objects.get()
    assert proposal.status == "co_signing"
    detail = f"{url}/proposals/{proposal.pk}/"
    # and two representatives co-sign it on their phones
    for name in ("branch_b_member", "rep_b2"):
        signer = _page(browser, url, cast.users[name].username, PHONE)
        signer.goto(detail)
        signer.get_by_test_id("proposal-co-sign").click()
        signer.wait_for_load_state("networkidle")
        _no_overflow(signer)
        signer.context.close()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.number) == ("submitted", 1)
    # then the committee accepts it and assigns the lead department
    committee = _page(
        browser, url, cast.users["committee"].username, {"width": 1366, "height": 900}
    )
    committee.goto(detail)
    committee.get_by_test_id("proposal-accept").click()
    committee.locator("select[name=lead_department]").select_option(str(department.pk))
    committee.get_by_test_id("submit").click()
    committee.wait_for_load_state("networkidle")
    assert committee.get_by_test_id("departments").is_visible()
    committee.context.close()
    # and the department replies
    handler = _page(browser, url, cast.users["department_handler"].username, PHONE)
    handler.goto(f"{url}/proposals/department/")
    handler.get_by_role("link", name="1. Longer library hours").click()
    handler.get_by_test_id("proposal-reply").click()
    handler.locator("textarea[name=text]").fill("From March the library opens until 21:00.")
    handler.get_by_test_id("submit").click()
    handler.wait_for_load_state("networkidle")
    assert handler.get_by_test_id("reply").is_visible()
    handler.context.close()
    # and the proposer rates the reply on the phone, which closes the proposal
    proposer.goto(detail)
    proposer.get_by_test_id("proposal-rate").click()
    proposer.locator("input[name=rating][value=satisfied]").check()
    proposer.get_by_test_id("submit").click()
    proposer.wait_for_load_state("networkidle")
    _no_overflow(proposer)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.rating) == ("closed", "satisfied")
    proposer.context.close()
