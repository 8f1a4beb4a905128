"""Separation of duties and the budget override, as a person sees them (phone and desktop)."""

import os

from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.e2e.conftest import log_in
from tongxin.care import services
from tongxin.testing.care import file_visit
from tongxin.testing.funds import fund_books

SHOTS = os.environ.get("TONGXIN_SCREENSHOTS", "")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def _open(browser, live_server, cast, persona, width):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    log_in(page, live_server.url, cast.users[persona].username)
    return context, page


def test_the_chair_sees_why_and_the_office_authorises_beyond_the_budget(browser, live_server, cast):
    # given this year's books without a branch budget, a visit the chair filed for himself
    # and another at the finance step
    today = timezone.localdate()
    fund_books(cast, year=today.year, branch_budget=None, branch_funds_fen=1_000_000)
    own = file_visit(
        cast.actor("branch_a_chair"), cast.people["branch_a_chair"], event_on=today, filed_on=today
    )
    other = file_visit(
        cast.actor("branch_a_liaison"),
        cast.people["branch_a_member"],
        event_on=today,
        filed_on=today,
    )
    for persona in ("branch_a_chair", "office_admin"):
        other = services.care_visit_decide(
            actor=cast.actor(persona), visit=other, outcome="approve"
        )
    with translation.override("zh-hans"):
        why = gettext("You filed this; it must be decided by someone else.")
        offer = gettext("Authorise payment beyond the budget")
    for width in (375, 1366):
        # when the chair opens his own visit
        context, page = _open(browser, live_server, cast, "branch_a_chair", width)
        page.goto(f"{live_server.url}/care/visits/{own.pk}/")
        # then he is told why and offered no decision
        assert page.get_by_test_id("decide-blocker").inner_text() == why
        assert page.get_by_test_id("decision-form").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        _shot(page, f"chair_own_visit_{width}")
        context.close()
        # and the office sees the way to pay beyond the budget
        context, page = _open(browser, live_server, cast, "office_admin", width)
        page.goto(f"{live_server.url}/care/visits/{other.pk}/")
        page.get_by_test_id("budget-override-offer").locator("summary").click()
        assert offer in page.get_by_test_id("budget-override-offer").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        _shot(page, f"office_override_{width}")
        context.close()
    # when the office authorises it, finance pays
    context, page = _open(browser, live_server, cast, "office_admin", 375)
    page.goto(f"{live_server.url}/care/visits/{other.pk}/")
    page.get_by_test_id("budget-override-offer").locator("summary").click()
    page.locator("textarea[name=reason]").fill("2026 budget not yet approved")
    page.get_by_test_id("budget-override-form").locator("button").click()
    page.wait_for_load_state("networkidle")
    assert "2026 budget not yet approved" in page.get_by_test_id("budget-override").inner_text()
    _shot(page, "office_authorised_375")
    context.close()
    context, page = _open(browser, live_server, cast, "finance_officer", 375)
    page.goto(f"{live_server.url}/care/visits/{other.pk}/")
    page.get_by_test_id("decision-form").locator("input[value=approve]").check()
    page.get_by_test_id("decide").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("visit-paid-on").inner_text() == today.isoformat()
    _shot(page, "finance_paid_375")
    context.close()
