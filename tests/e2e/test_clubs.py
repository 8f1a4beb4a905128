from tests.e2e.conftest import log_in
from tongxin.clubs import services
from tongxin.orgs.actor import Actor


def test_member_finds_a_club_and_joins_on_a_phone(page, live_server, cast):
    # given a school yoga club and a member on a 375 px screen
    services.club_create(actor=Actor.system(), node=cast.school, name="Yoga", kind="yoga")
    log_in(page, live_server.url, cast.users["branch_a_member"].username)
    # when they open "Clubs" from the tile on "Me" and join the yoga club
    page.get_by_test_id("tile-clubs").click()
    page.get_by_test_id("club-list").get_by_role("link", name="Yoga").click()
    page.get_by_test_id("club-join").click()
    page.wait_for_load_state("networkidle")
    # then the club page offers to leave, and "My clubs" lists it, without horizontal scrolling
    assert page.get_by_test_id("club-leave").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.goto(f"{live_server.url}/clubs/mine/")
    assert "Yoga" in page.get_by_test_id("my-club-list").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
