import datetime as dt

from tests.e2e.conftest import log_in
from tongxin.funds import services
from tongxin.testing.funds import fund_books


def _year(cast):
    books = fund_books(cast)
    rule = services.allocation_rule_set(
        actor=cast.actor("finance_officer"),
        school=cast.school,
        fiscal_year=books.year,
        method="per_member",
        per_member_fen=5_000,
        base_fen=10_000,
        counted_on=dt.date(books.year, 1, 1),
    )
    services.allocation_post(
        actor=cast.actor("office_admin"), rule=rule, entry_on=dt.date(books.year, 3, 1)
    )
    return books


def test_branch_chair_records_spending_on_a_phone(page, live_server, cast):
    # given branch A with its 250-yuan allocation
    books = _year(cast)
    log_in(page, live_server.url, cast.users["branch_a_chair"].username)
    # when the chair opens the funds overview on a 375 px screen and records an expense
    page.goto(f"{live_server.url}/funds/?year={books.year}")
    assert page.get_by_test_id("fund-balance").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_test_id("record-expense").click()
    page.locator("select[name=category]").select_option("expense.staff_activities.culture_sports")
    page.locator("input[name=amount]").fill("120.50")
    page.locator("input[name=on]").fill(f"{books.year}-05-01")
    page.locator("input[name=memo]").fill("Badminton shuttles")
    page.get_by_test_id("submit").click()
    page.wait_for_load_state("networkidle")
    # then the entry is posted and shown
    assert page.get_by_test_id("entry-memo").inner_text() == "Badminton shuttles"
    assert books.account(cast.branch_a).balance_fen == 25_000 - 12_050


def test_member_reads_the_disclosure_from_the_me_page(page, live_server, cast):
    books = _year(cast)
    log_in(page, live_server.url, cast.users["branch_b_member"].username)
    page.get_by_test_id("tile-funds-disclosure").click()
    page.goto(f"{live_server.url}/funds/disclosure/?year={books.year}")
    assert page.get_by_test_id("income-total").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
