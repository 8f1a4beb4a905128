import datetime as dt

from tests.e2e.conftest import log_in
from tongxin.donations import services
from tongxin.testing.funds import fund_books


def _open_campaign(cast):
    fund_books(cast, year=2021, school_budget=None, branch_budget=None)
    office = cast.actor("office_admin")
    campaign = services.campaign_create(
        actor=office,
        organiser=cast.school,
        title="Poverty relief day drive",
        recipient="Provincial education foundation",
        starts_on=dt.date(2021, 6, 1),
        ends_on=dt.date(2021, 6, 30),
        target_fen=2_000_000,
    )
    return services.campaign_open(actor=office, campaign=campaign)


def test_member_reports_a_donation_on_a_phone_and_gets_a_receipt(page, live_server, cast):
    # given an open drive and a member on a 375 px screen
    campaign = _open_campaign(cast)
    log_in(page, live_server.url, cast.users["branch_a_member"].username)
    # when they report their bank transfer from the donations tile
    page.get_by_test_id("tile-donations").click()
    assert campaign.title in page.get_by_test_id("open-campaigns").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_test_id("report-link").click()
    page.locator("input[name=amount]").fill("88")
    page.locator("input[name=donated_on]").fill("2021-06-15")
    page.get_by_test_id("submit").click()
    page.wait_for_load_state("networkidle")
    # then it is listed as awaiting confirmation, without a receipt yet
    assert page.get_by_test_id("my-donations").locator("li").count() == 1
    assert page.get_by_test_id("receipt-link").count() == 0
    # and once the liaison confirms it, the receipt page shows its number
    donation = campaign.donations.get()
    services.donation_confirm(actor=cast.actor("branch_a_liaison"), donations=[donation])
    page.reload()
    page.get_by_test_id("receipt-link").click()
    donation.refresh_from_db()
    assert page.get_by_test_id("receipt-number").inner_text() == donation.receipt_number
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
