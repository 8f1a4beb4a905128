import datetime as dt

from django.utils import timezone

from tests.e2e.conftest import log_in
from tongxin.testing.care import PDF
from tongxin.testing.funds import fund_books


def _as(browser, live_server, cast, persona):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, live_server.url, cast.users[persona].username)
    return context, page


def _approve(page, url):
    page.goto(url)
    page.get_by_test_id("decision-form").locator("input[value=approve]").check()
    page.get_by_test_id("decide").click()
    page.wait_for_load_state("networkidle")


def test_liaison_files_office_and_finance_approve_ledger_shows_payment(
    page, browser, live_server, cast
):
    # given open books this year with money in branch A's fund
    today = timezone.localdate()
    fund_books(cast, year=today.year, branch_funds_fen=1_000_000)
    event_on = today - dt.timedelta(days=3)
    # when the liaison files a hospitalisation visit with the discharge record, on a phone
    log_in(page, live_server.url, cast.users["branch_a_liaison"].username)
    page.goto(f"{live_server.url}/care/visits/new/")
    page.locator("input[name=staff_number]").fill("A1001")
    page.locator("select[name=kind]").select_option("hospitalisation")
    page.locator("input[name=event_on]").fill(event_on.isoformat())
    page.locator("input[name=amount]").fill("300")
    page.locator("textarea[name=diagnosis]").fill("Appendicitis")
    page.locator("select[name=label_1]").select_option("住院证明或出院记录")
    page.locator("input[name=file_1]").set_input_files(
        {"name": "record.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_test_id("submit").click()
    page.wait_for_load_state("networkidle")
    assert "¥300.00" in page.get_by_test_id("visit-amount").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    visit_url = page.url
    # and the office approves the branch and school steps, finance the payment
    context, office = _as(browser, live_server, cast, "office_admin")
    _approve(office, visit_url)
    _approve(office, visit_url)
    context.close()
    context, finance = _as(browser, live_server, cast, "finance_officer")
    _approve(finance, visit_url)
    assert finance.get_by_test_id("visit-paid-on").inner_text() == today.isoformat()
    # then the funds ledger shows the payment from branch A's fund
    finance.goto(f"{live_server.url}/funds/ledger/?year={today.year}")
    ledger = finance.locator("main").inner_text()
    assert "Member A" in ledger
    assert "300.00" in ledger
    context.close()


def test_member_applies_from_the_me_page_on_a_phone(page, live_server, cast):
    today = timezone.localdate()
    fund_books(cast, year=today.year, branch_funds_fen=1_000_000)
    log_in(page, live_server.url, cast.users["branch_a_member"].username)
    page.get_by_test_id("tile-care-mine").click()
    page.get_by_test_id("visit-apply").click()
    page.locator("select[name=kind]").select_option("childbirth")
    page.locator("input[name=event_on]").fill((today - dt.timedelta(days=2)).isoformat())
    page.locator("input[name=amount]").fill("500")
    page.locator("input[name=documents_to_follow]").check()
    page.get_by_test_id("submit").click()
    page.wait_for_load_state("networkidle")
    assert "¥500.00" in page.get_by_test_id("visit-amount").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.goto(f"{live_server.url}/care/mine/")
    assert page.get_by_test_id("my-visits").locator("li").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
