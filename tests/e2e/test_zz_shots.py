import os
from tests.e2e.conftest import log_in
from tests.e2e.test_crawl import build_union
from tongxin.care.models import CareVisit

OUT = os.environ.get("SHOTS", "/tmp/pages/shots")


def test_shots(browser, live_server, cast):
    build_union(cast)
    visit = CareVisit.objects.order_by("pk").first()
    pages = {
        "office_admin": ["/", "/care/visits/", f"/care/visits/{visit.pk}/", f"/people/{cast.people['branch_a_member'].pk}/"],
        "branch_a_chair": ["/"],
        "branch_a_liaison": ["/", "/care/visits/new/"],
        "branch_a_member": ["/me/", "/activities/mine/"],
    }
    os.makedirs(OUT, exist_ok=True)
    for role, urls in pages.items():
        for name, size in {"phone": (375, 812), "desktop": (1366, 900)}.items():
            ctx = browser.new_context(locale="zh-CN", viewport={"width": size[0], "height": size[1]})
            page = ctx.new_page()
            log_in(page, live_server.url, cast.users[role].username)
            for url in urls:
                page.goto(live_server.url + url)
                page.wait_for_load_state("networkidle")
                slug = url.strip("/").replace("/", "_") or "home"
                page.screenshot(path=f"{OUT}/{role}-{name}-{slug}.png", full_page=True)
                if url == "/" and name == "desktop" and page.locator("details.nav-group").count():
                    page.locator("details.nav-group summary").nth(2 if page.locator("details.nav-group").count() > 2 else 0).click()
                    page.screenshot(path=f"{OUT}/{role}-{name}-{slug}-menu.png")
                if url == "/" and name == "phone":
                    page.get_by_test_id("nav-toggle").click()
                    if page.locator("details.nav-group").count():
                        page.locator("details.nav-group summary").first.click()
                    page.screenshot(path=f"{OUT}/{role}-{name}-{slug}-menu.png")
            ctx.close()
