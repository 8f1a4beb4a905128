import os

from tests.e2e.conftest import log_in
from tongxin.congress import services
from tongxin.congress.models import Ballot
from tongxin.congress.tests.factories import SYSTEM, make_congress

SHOTS = os.environ.get("TONGXIN_SHOTS", "")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_representatives_check_in_and_vote_on_phones_and_the_hall_shows_the_result(
    page, desktop_page, live_server, cast
):
    # given a term of nine representatives and a planned session (a busy machine: be patient)
    for each in (page, desktop_page):
        each.set_default_timeout(60_000)
    congress = make_congress(cast)
    from django.utils import timezone

    session = services.session_create(
        actor=SYSTEM, term=congress.term, title="First session", starts_at=timezone.now()
    )
    # when a representative opens the congress from "Me" and checks in with the door's QR link
    log_in(page, live_server.url, cast.users["branch_a_member"].username)
    page.get_by_test_id("tile-congress").click()
    page.get_by_test_id("check-in-link").click()
    page.goto(
        f"{live_server.url}/congress/sessions/{session.pk}/check-in/?code={session.check_in_code}"
    )
    _shot(page, "congress-check-in-375")
    page.get_by_test_id("check-in").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("checked-in").is_visible()
    # and the secretariat ticks the others present, opens the session and a motion
    for rep in congress.reps[1:]:
        services.session_check_in_by_list(actor=SYSTEM, session=session, representative=rep)
    services.session_open(actor=SYSTEM, session=session)
    poll = services.motion_create(actor=SYSTEM, session=session, title="Welfare plan")
    services.poll_open(actor=SYSTEM, poll=poll)
    # then the representative votes yes on the phone and gets a receipt
    page.goto(f"{live_server.url}/congress/")
    page.get_by_test_id("vote-link").click()
    _shot(page, "congress-vote-375")
    page.get_by_test_id("choice-yes").check()
    page.get_by_test_id("cast").click()
    receipt = page.get_by_test_id("receipt").inner_text().strip()
    _shot(page, "congress-receipt-375")
    assert Ballot.objects.filter(poll=poll, receipt=receipt).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # and the hall screen shows the vote counted: 1 yes, not adopted (of 9 seated)
    log_in(desktop_page, live_server.url, cast.users["office_admin"].username)
    desktop_page.goto(f"{live_server.url}/congress/sessions/{session.pk}/hall/")
    assert desktop_page.get_by_test_id("hall-present").inner_text().strip() == "9"
    services.poll_close(actor=SYSTEM, poll=poll)
    # (a locator wait: the page's Content-Security-Policy forbids evaluating a string)
    desktop_page.get_by_test_id("motion-result").wait_for(timeout=10_000)
    assert desktop_page.get_by_test_id("yes").inner_text().strip() == "1"
    _shot(desktop_page, "congress-hall-1280")
    # and the representative finds their receipt in the bulletin
    page.goto(f"{live_server.url}/congress/polls/{poll.pk}/result/?receipt={receipt}")
    assert page.get_by_test_id("receipt-found").is_visible()
    _shot(page, "congress-result-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
