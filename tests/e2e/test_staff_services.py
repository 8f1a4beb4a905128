import datetime as dt

from tests.e2e.conftest import log_in
from tongxin.members import services as members
from tongxin.staff_services import services
from tongxin.testing.personas import SYSTEM


def _policy(cast):
    policy = services.insurance_policy_create(
        actor=SYSTEM,
        node=cast.school,
        name="Group accident insurance 2021",
        insurer="Test Life",
        starts_on=dt.date(2021, 1, 1),
        ends_on=dt.date(2021, 12, 31),
        premium_per_person_fen=8000,
        cover_items=[("Accidental death and disability", 34_000_000, False)],
    )
    services.insured_roster_import(actor=SYSTEM, policy=policy)
    return policy


def test_member_sees_cover_and_applies_for_a_school_place_on_a_phone(page, live_server, cast):
    # given an insured member with a child in kindergarten
    _policy(cast)
    members.family_member_add(
        actor=SYSTEM,
        person=cast.people["branch_a_member"],
        relation="child",
        name="Little A",
        birth_on=dt.date(2016, 3, 1),
        school_stage="kindergarten",
    )
    log_in(page, live_server.url, cast.users["branch_a_member"].username)
    # when they open their cover from "Me"
    page.get_by_test_id("tile-insurance").click()
    page.wait_for_load_state("networkidle")
    # then the main cover of 340,000 yuan is listed, without horizontal scrolling
    assert "340,000.00" in page.get_by_test_id("my-cover").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # and they apply for a primary-school place for their child
    page.goto(f"{live_server.url}/services/me/school-places/")
    page.get_by_test_id("place-apply-mine").click()
    page.locator("select[name=stage]").select_option("primary")
    page.locator("input[name=wished_school]").fill("Xiangcheng Primary")
    page.get_by_test_id("submit").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("place-status").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_liaison_files_a_claim_with_the_picker(page, live_server, cast):
    policy = _policy(cast)
    log_in(page, live_server.url, cast.users["branch_a_liaison"].username)
    page.goto(f"{live_server.url}/services/insurance/claims/new/")
    page.locator("input[name=person_query]").fill("A1001")
    page.locator("select[name=policy]").select_option(str(policy.pk))
    page.locator("input[name=incident_on]").fill("2021-05-02")
    page.locator("textarea[name=description]").fill("Sprained ankle")
    page.get_by_test_id("submit").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("claim-status").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
