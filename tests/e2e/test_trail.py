"""The audit committee checks the tamper-evident trail on a phone and on a desktop."""

import os
from pathlib import Path

from tests.e2e.conftest import log_in
from tongxin.testing.funds import fund_books


def test_audit_committee_verifies_the_trail(page, desktop_page, live_server, cast, tmp_path):
    fund_books(cast)
    shots = Path(os.environ.get("TONGXIN_SHOTS", tmp_path))
    for view, width in ((page, 375), (desktop_page, 1366)):
        view.set_viewport_size({"width": width, "height": 900})
        view.set_default_timeout(60_000)
        log_in(view, live_server.url, cast.users["auditor"].username)
        view.goto(f"{live_server.url}/funds/opinions/")
        view.get_by_test_id("trail-verify").click()
        view.wait_for_load_state("networkidle")
        assert view.get_by_test_id("trail-intact").first.is_visible()
        assert view.get_by_test_id("trail-broken").count() == 0
        assert view.evaluate("document.documentElement.scrollWidth") <= width
        view.screenshot(path=str(shots / f"trail-{width}.png"), full_page=True)
