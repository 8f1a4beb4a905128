from tests.e2e.conftest import log_in


def test_member_sees_own_record_on_a_phone(page, live_server, cast):
    # given a member with an account
    # when they log in on a 375 px screen
    log_in(page, live_server.url, cast.users["branch_a_member"].username)
    # then they land on their own record, without horizontal scrolling
    assert page.get_by_test_id("my-profile").is_visible()
    assert "A1001" in page.get_by_test_id("my-profile").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
