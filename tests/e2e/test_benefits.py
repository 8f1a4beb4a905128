"""Holiday benefits in a phone-sized browser: the liaison signs for a member on the pickup
list; the member sees their receipt's QR code and confirms it."""

import datetime as dt

import pytest

from tests.e2e.conftest import log_in
from tongxin.benefits import services
from tongxin.benefits.models import BenefitReceipt
from tongxin.testing.funds import fund_books
from tongxin.testing.personas import SYSTEM


@pytest.fixture
def batch(cast):
    fund_books(cast, year=2021)
    draft = services.benefit_batch_create(
        actor=SYSTEM,
        school=cast.school,
        title="Spring Festival gift pack",
        goods="Rice and oil",
        unit_cost_fen=30_000,
        cutoff_on=dt.date(2021, 1, 20),
        distribute_on=dt.date(2021, 2, 5),
        festival="spring_festival",
    )
    return services.benefit_batch_confirm(actor=SYSTEM, batch=draft)


def test_liaison_signs_for_a_member_on_a_phone(page, live_server, cast, batch):
    # given the liaison of branch A on a 375 px screen, on the branch's pickup list
    log_in(page, live_server.url, cast.users["branch_a_liaison"].username)
    page.goto(f"{live_server.url}/benefits/{batch.pk}/branches/{cast.branch_a.pk}/")
    rows = page.get_by_test_id("pickup-row")
    assert rows.count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # when they sign for the first member, naming who collected
    rows.first.locator("input[name=proxy_name]").fill("Wang")
    rows.first.get_by_test_id("sign-for").click()
    page.wait_for_load_state("networkidle")
    # then the row shows signed
    assert page.get_by_test_id("receipt-status").first.inner_text() == "已签收"
    assert BenefitReceipt.objects.filter(batch=batch, proxy_name="Wang").count() == 1


def test_member_sees_the_qr_code_and_confirms(page, live_server, cast, batch):
    log_in(page, live_server.url, cast.users["branch_a_member"].username)
    page.get_by_test_id("tile-benefits").click()
    page.get_by_test_id("my-receipt").first.click()
    assert page.get_by_test_id("qr-code").locator("svg").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_test_id("receipt-confirm").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("receipt-signed").is_visible()
