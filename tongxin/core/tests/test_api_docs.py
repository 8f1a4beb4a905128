"""The API's schema and docs page: public, and served without any CDN."""

import json
import re
from html.parser import HTMLParser

from django.contrib.staticfiles import finders
from django.test import Client

_EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def test_docs_page_references_no_external_host() -> None:
    # when
    response = Client().get("/api/v1/docs")
    # then
    assert response.status_code == 200
    html = response.content.decode()
    links = _Links()
    links.feed(html)
    assert links.urls, html
    assert [url for url in links.urls if _EXTERNAL.match(url)] == []
    assert "cdn" not in html.lower()


def test_docs_page_loads_swagger_ui_from_our_static_files() -> None:
    # when
    html = Client().get("/api/v1/docs").content.decode()
    links = _Links()
    links.feed(html)
    # then
    static = sorted(
        url.removeprefix("/static/") for url in links.urls if url.startswith("/static/")
    )
    assert static == [
        "core/api-docs.js",
        "vendor/swagger-ui/swagger-ui-bundle.js",
        "vendor/swagger-ui/swagger-ui.css",
    ]
    assert all(finders.find(path) for path in static), "run `make assets` (npm ci + copy)"


def test_docs_page_turns_off_the_online_validator() -> None:
    # when
    html = Client().get("/api/v1/docs").content.decode()
    # then
    settings_json = re.search(
        r'<script id="swagger-settings" type="application/json">(.*?)</script>', html, re.S
    )
    assert settings_json is not None
    settings = json.loads(settings_json.group(1))
    assert settings["validatorUrl"] is None
    assert settings["url"] == "/api/v1/openapi.json"


def test_schema_is_served_without_credentials() -> None:
    # when
    response = Client().get("/api/v1/openapi.json")
    # then
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Tongxin API"
    assert "/api/v1/members/people" in schema["paths"]
