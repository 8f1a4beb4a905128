from urllib.parse import urlsplit


def test_api_docs_render_offline_from_our_own_static_files(desktop_page, live_server):
    # given a browser that records every request the page makes
    requested: list[str] = []
    desktop_page.on("request", lambda request: requested.append(request.url))
    # when the API docs page is opened
    desktop_page.goto(f"{live_server.url}/api/v1/docs")
    # then Swagger UI lists every app's tag, folded, and draws a tag's operations when opened
    desktop_page.locator("#operations-tag-members").wait_for()
    assert desktop_page.locator(".opblock-tag").count() >= 9
    desktop_page.locator("#operations-tag-members").click()
    desktop_page.get_by_text("/api/v1/members/people/{pk}/membership-node").first.wait_for()
    assert desktop_page.locator(".opblock").count() > 20
    # and nothing was fetched from another host (no CDN, no online validator)
    own_host = urlsplit(live_server.url).netloc
    hosts = {urlsplit(url).netloc for url in requested if url.startswith("http")}
    assert hosts == {own_host}
