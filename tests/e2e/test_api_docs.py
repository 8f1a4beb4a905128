from urllib.parse import urlsplit


def test_api_docs_render_offline_from_our_own_static_files(desktop_page, live_server):
    # given a browser that records every request the page makes
    requested: list[str] = []
    desktop_page.on("request", lambda request: requested.append(request.url))
    # when the API docs page is opened
    desktop_page.goto(f"{live_server.url}/api/v1/docs")
    # then Swagger UI draws the operations from our schema
    desktop_page.get_by_text("/api/v1/members/people/{pk}/membership-node").first.wait_for()
    assert desktop_page.locator(".opblock").count() > 40
    # and nothing was fetched from another host (no CDN, no online validator)
    own_host = urlsplit(live_server.url).netloc
    hosts = {urlsplit(url).netloc for url in requested if url.startswith("http")}
    assert hosts == {own_host}
