from tests.e2e.conftest import log_in


def test_member_files_a_request_and_makes_a_wish_on_a_phone(page, live_server, cast):
    # given a member on a 375 px screen
    log_in(page, live_server.url, cast.users["branch_a_member"].username)
    # when they file a request from the tile on "Me"
    page.get_by_test_id("tile-item-file").click()
    page.locator("input[name=kind][value=request]").check()
    page.locator("select[name=category]").select_option("logistics_canteen")
    page.locator("input[name=title]").fill("Canteen hours")
    page.locator("textarea[name=text]").fill("Please keep the canteen open until 19:30.")
    page.get_by_test_id("submit").click()
    page.wait_for_load_state("networkidle")
    # then the item page shows it with its first step, without horizontal scrolling
    assert page.get_by_test_id("item-status").is_visible()
    assert page.get_by_test_id("timeline").locator("li").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # and a wish put on the wall appears there
    page.goto(f"{live_server.url}/voice/wishes/new/")
    page.locator("textarea[name=text]").fill("A staff choir.")
    page.locator("input[name=visibility][value=wall_anonymous]").check()
    page.get_by_test_id("submit").click()
    page.goto(f"{live_server.url}/voice/wishes/wall/")
    assert "A staff choir." in page.get_by_test_id("wish-wall").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
