"""Every page each persona can reach from their home, on a phone and on a desktop.

One breadth-first crawl per role over same-origin links (no log-out, no POST, no downloads),
with URL patterns that differ only by ids visited once, on a small union built through the
services. Each page must answer without a server error and read like a finished page: no
horizontal scrolling on the phone, no template syntax, no English left in the Chinese UI and no
raw codes where a person expects words. Set ``CRAWL_SHOTS=/some/dir`` to keep a screenshot of
every page visited (for looking at them, not for the assertions).
"""

import datetime as dt
import os
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.utils import timezone, translation
from django.utils.translation import trans_real
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import log_in
from tongxin.activities import services as activities
from tongxin.activities.tests.factories import make_activity
from tongxin.benefits import services as benefits
from tongxin.clubs import services as clubs
from tongxin.donations import services as donations
from tongxin.testing.care import file_visit
from tongxin.testing.funds import fund_books
from tongxin.testing.personas import SYSTEM, Cast
from tongxin.voice import services as voice

ROLES = (
    "office_admin",
    "finance_officer",
    "auditor",
    "branch_a_chair",
    "branch_a_liaison",
    "branch_a_member",
)
VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1366, "height": 900}}
MAX_PAGES_PER_ROLE = int(os.environ.get("CRAWL_MAX_PAGES", "60"))
SKIP = re.compile(
    r"/(logout|static|media|api|i18n|admin)/|export|download|\.(xlsx|docx|csv|pdf|ics)\b|"
    r"/calendar/feed|/attachments?/|/file/\d|/receipt\.|/print|/qr",
)

# Visible text that must not look like machine output.
RAW_CODES = [
    (re.compile(r"\b[a-z]+(?:_[a-z]+)+\.[a-z_]+\b|\b[a-z]+\.[a-z]+_[a-z_]+\b"), "event code"),
    (re.compile(r"(?<![\w-])[a-z]+_[a-z]+(?:_[a-z]+)*(?![\w-])"), "snake_case code"),
    (re.compile(r"\b[a-z_]+\.[a-z_]+:\d+\b"), "record reference"),
    (re.compile(r"\b(True|False|None)\b"), "Python value"),
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"), "ISO timestamp"),
]
# Records' own text that happens to equal a msgid (the test books' opening memo).
DATA_TEXT = {"Opening balance"}
LATIN_PHRASE = re.compile(r"[A-Za-z][A-Za-z ,'\u2019-]*[A-Za-z]")
TEMPLATE_SYNTAX = ("{#", "#}", "{{", "}}", "{%", "%}")

# Text runs of the page's visible elements (skipping code, inputs and hidden parts).
TEXT_RUNS_JS = """
() => {
  const runs = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const skip = "script,style,code,pre,kbd,samp,textarea,select,option,[hidden],[data-crawl-ignore]";
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    if (!text) continue;
    const el = node.parentElement;
    if (!el || el.closest(skip)) continue;
    const lang = el.closest("[lang]");
    if (lang && lang !== document.documentElement && !/^zh/i.test(lang.lang)) continue;
    if (!el.getClientRects().length) continue;
    runs.push(text);
  }
  return runs;
}
"""

# Elements that stick out of the phone's viewport and are not inside their own scroll box.
OVERFLOW_JS = """
() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width + 1) return [];
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (/(auto|scroll|hidden)/.test(style.overflowX) && p.clientWidth < p.scrollWidth + 1) {
        if (p.getBoundingClientRect().right <= width + 1) return true;
      }
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0 && !scrolls(el)) {
      const id = el.tagName.toLowerCase() + (el.className && typeof el.className === "string"
        ? "." + el.className.trim().split(/\\s+/).join(".") : "");
      out.push(id + " right=" + Math.round(box.right));
      if (out.length >= 5) break;
    }
  }
  return out.length ? out : ["document " + document.documentElement.scrollWidth];
}
"""


def _english_msgids() -> set[str]:
    """English msgids the Chinese catalogue translates: seen as visible text, one is missing."""
    catalog = trans_real.translation("zh-hans")._catalog
    ids = set()
    for key, value in catalog.items():
        if not isinstance(key, str) or "\x04" in key or not value or value == key:
            continue
        if "%(" in key or "{" in key or not re.search(r"[A-Za-z]{3}", key):
            continue
        if re.fullmatch(r"[A-Z0-9.\- ]+", key):  # abbreviations such as "API", "PDF"
            continue
        ids.add(key)
    return ids


def pattern_of(url: str) -> str:
    """The URL with ids replaced: pages that differ only by which record are visited once."""
    path = urlsplit(url).path
    path = re.sub(r"/\d+(?=/|$)", "/<id>", path)
    path = re.sub(r"/[0-9a-f]{8}-[0-9a-f-]{27,}(?=/|$)", "/<uuid>", path)
    return re.sub(r"/[A-Za-z0-9_-]{20,}(?=/|$)", "/<token>", path)


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)

    def add(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")


def _links(page: Page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download]):not([data-no-crawl])", "els => els.map(e => e.href)"
    )
    found = []
    for href in hrefs:
        url, _ = urldefrag(href)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != origin or SKIP.search(parts.path):
            continue
        found.append(url)
    return found


def _check_page(page: Page, where: str, msgids: set[str], out: Findings) -> None:
    # Folded parts of the page (history details, "more" actions) are read too.
    page.evaluate("document.querySelectorAll('main details').forEach(d => { d.open = true; })")
    body = page.locator("body").inner_text()
    for token in TEMPLATE_SYNTAX:
        if token in body:
            start = body.index(token)
            out.add(where, f"template syntax {body[max(0, start - 30) : start + 40]!r}")
            break
    runs = page.evaluate(TEXT_RUNS_JS)
    # A run that is a msgid, or holds one as a phrase among Chinese ("待办：Branch review").
    phrases = {phrase for run in runs for phrase in LATIN_PHRASE.findall(run)}
    english = sorted({text for text in {*runs, *phrases} if text in msgids})
    if english:
        out.add(where, f"untranslated {english[:5]}")
    for run in runs:
        for regex, label in RAW_CODES:
            match = regex.search(run)
            if match:
                out.add(where, f"{label} {match.group(0)!r} in {run[:60]!r}")
                break
    overflow = page.evaluate(OVERFLOW_JS)
    if overflow:
        out.add(where, f"horizontal overflow {overflow}")


def crawl(browser: Browser, base_url: str, username: str, msgids: set[str]) -> Findings:
    """Visit each page once on a phone, then look at it again on a desktop-wide window."""
    out = Findings()
    shots = os.environ.get("CRAWL_SHOTS")
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORTS["phone"])
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        log_in(page, base_url, username)
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
        queue = deque([f"{base_url}/"])
        seen: set[str] = set()
        while queue and len(out.visited) < MAX_PAGES_PER_ROLE:
            url = queue.popleft()
            pattern = pattern_of(url)
            if pattern in seen:
                continue
            seen.add(pattern)
            page.set_viewport_size(VIEWPORTS["phone"])
            response = page.goto(url, wait_until="load")
            status = response.status if response else 0
            out.visited.append(pattern)
            if status >= 500:
                out.add(f"{username} {pattern}", f"HTTP {status}")
                continue
            if status >= 400:
                continue
            for viewport, size in VIEWPORTS.items():
                page.set_viewport_size(size)
                if shots:
                    name = re.sub(r"[^A-Za-z0-9]+", "_", pattern).strip("_") or "home"
                    Path(shots).mkdir(parents=True, exist_ok=True)
                    page.screenshot(
                        path=f"{shots}/{username}-{viewport}-{name}.png", full_page=True
                    )
                _check_page(page, f"{username}@{viewport} {pattern}", msgids, out)
            queue.extend(link for link in _links(page, origin) if pattern_of(link) not in seen)
    finally:
        context.close()
    return out


def build_union(cast: Cast) -> None:
    """Enough records, made through the services, that lists and details are not empty."""
    fund_books(cast, year=2021)
    liaison = cast.actor("branch_a_liaison")
    member = cast.people["branch_a_member"]
    file_visit(liaison, member, "hospitalisation")
    file_visit(liaison, cast.people["branch_a_chair"], "childbirth")
    batch = benefits.benefit_batch_create(
        actor=SYSTEM,
        school=cast.school,
        title="Spring Festival gift pack",
        goods="Rice, oil and fruit",
        unit_cost_fen=50_000,
        cutoff_on=dt.date(2021, 1, 20),
        distribute_on=dt.date(2021, 2, 5),
        festival="spring_festival",
        supplier="Campus co-op",
    )
    benefits.benefit_batch_confirm(actor=SYSTEM, batch=batch)
    now = timezone.now().replace(second=0, microsecond=0)
    activity = make_activity(
        cast.school,
        title="Film evening",
        starts_at=now + dt.timedelta(days=7),
        ends_at=now + dt.timedelta(days=7, hours=3),
        sign_up_deadline=now + dt.timedelta(days=5),
    )
    activities.activity_sign_up(
        actor=cast.actor("branch_a_member"), activity=activity, person=member
    )
    clubs.club_create(
        actor=SYSTEM,
        node=cast.school,
        name="Lunchtime hoops",
        kind="basketball",
        description="Games",
    )
    campaign = donations.campaign_create(
        actor=cast.actor("office_admin"),
        organiser=cast.school,
        title="Poverty relief day drive",
        recipient="Provincial education foundation",
        starts_on=dt.date(2021, 6, 1),
        ends_on=dt.date(2099, 6, 30),
        target_fen=2_000_000,
    )
    donations.campaign_open(actor=cast.actor("office_admin"), campaign=campaign)
    voice.voice_item_file(
        actor=cast.actor("branch_a_member"),
        person=member,
        kind="suggestion",
        category="teaching",
        title="More study rooms",
        text="The library closes too early.",
    )


@pytest.mark.e2e
def test_every_reachable_page_reads_like_a_finished_page(browser, live_server, cast):
    # given a small union with records in every area
    build_union(cast)
    with translation.override("zh-hans"):
        msgids = _english_msgids() - DATA_TEXT
    # when each role crawls everything reachable from their home
    problems: list[str] = []
    patterns: list[str] = []
    for role in ROLES:
        found = crawl(browser, live_server.url, cast.users[role].username, msgids)
        problems.extend(found.problems)
        patterns.extend(found.visited)
    if os.environ.get("CRAWL_SHOTS"):
        Path(os.environ["CRAWL_SHOTS"], "visited.txt").write_text("\n".join(sorted(set(patterns))))
    # then no page fails, overflows, leaks template syntax, English or raw codes
    assert len(patterns) > len(ROLES) * 5
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(sorted(set(problems)))
