from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def test_menu_sections_open_by_keyboard_one_at_a_time(desktop_page, live_server, cast):
    page = desktop_page
    # given the office on a wide screen
    log_in(page, live_server.url, cast.users["office_admin"].username)
    care = page.get_by_test_id("nav-group-care")
    people = page.get_by_test_id("nav-group-people")
    # when they open a section from the keyboard
    care.locator("summary").focus()
    page.keyboard.press("Enter")
    # then its links show as a drop-down
    expect(page.get_by_test_id("nav-care-visits")).to_be_visible()
    # and opening another closes the first
    people.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("nav-people")).to_be_visible()
    expect(page.get_by_test_id("nav-care-visits")).to_be_hidden()
    # and Escape closes it, leaving the focus on its button
    page.get_by_test_id("nav-people").focus()
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("nav-people")).to_be_hidden()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"


def test_phone_menu_is_a_drawer_of_sections(page, live_server, cast):
    # given a liaison on a phone
    log_in(page, live_server.url, cast.users["branch_a_liaison"].username)
    # when they open the menu and a section
    page.get_by_test_id("nav-toggle").click()
    page.get_by_test_id("nav-group-care").locator("summary").click()
    # then the section's links are there, and nothing overflows the screen
    expect(page.get_by_test_id("nav-care-visits")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 376
