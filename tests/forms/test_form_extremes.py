"""Every form on every page, posted with extreme values one field at a time: no 5xx.

The URL conf is walked; each page is opened as the first persona that may see it (the office,
finance, a branch chair, a member), its ``<form>`` elements are read from the HTML, and each
field in turn carries extreme values while the others keep what the page filled in: huge and
negative numbers, year 10000, long non-ASCII text, impossible dates, and NUL once per form.
Whatever the page answers (a form error, a refusal, a redirect), it must not be a server error.

Ids in URLs are 1 or 2: the world below is built first in a fresh sequence of ids (PostgreSQL's
sequences are set back the way SQLite's are), so most detail pages open on a real row.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tongxin.members import services as members
from tongxin.testing.care import file_visit
from tongxin.testing.funds import fund_books
from tongxin.testing.personas import SYSTEM, Cast, build_cast
from tongxin.testing.submissions import make_call

PERSONAS = ("office_admin", "finance_officer", "branch_a_chair", "branch_a_member")
LONG_TEXT = "\u540c\u5fc3" * 1500
# By the kind of input: numbers huge, negative and as a year; text long and non-ASCII; dates
# before and after what a date holds. Choices get a number no list offers.
EXTREMES = {
    "number": ("1e30", "-99999999999999999999", "10000"),
    "text": ("1e30", "-99999999999999999999", "10000", LONG_TEXT),
    "textarea": (LONG_TEXT,),
    "date": ("0001-01-01", "10000-01-01"),
    "datetime-local": ("0001-01-01T00:00", "10000-01-01T00:00"),
    "month": ("0000-01", "10000-01"),
    "select": ("99999999999999999999", "10000"),
    "hidden": ("99999999999999999999",),
}
SKIPPED_PREFIXES = ("admin/", "api/", "i18n/", "accounts/logout", "healthz")
SKIPPED_TYPES = {"submit", "button", "reset", "image", "file"}


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)


class _FormReader(HTMLParser):
    """The forms of a page: where they go, and each field with the value the page gave it."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.forms: list[Form] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            method = a.get("method", "get").lower()
            self.forms.append(Form(a.get("action") or self.url, method))
        if not self.forms or not a.get("name"):
            return
        form, name = self.forms[-1], a["name"]
        if tag == "input" and a.get("type", "text") not in SKIPPED_TYPES:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a and name in form.fields:
                return
            form.fields[name] = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            form.kinds[name] = kind
        elif tag == "select":
            self._select = name
            form.fields.setdefault(name, "")
            form.kinds[name] = "select"
        elif tag == "option" and self._select:
            if "selected" in a or not form.fields.get(self._select):
                form.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            form.fields[name] = ""
            form.kinds[name] = "textarea"

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1].fields[self._textarea] += data


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def _url(route: str) -> str | None:
    """A concrete URL for a route: ids 1, other parameters a word; regex routes are skipped."""
    if route.startswith("^") or route.startswith(SKIPPED_PREFIXES):
        return None
    url = "/" + route
    while "<" in url:
        start, end = url.index("<"), url.index(">")
        converter = url[start + 1 : end].split(":")[0]
        url = url[:start] + ("1" if converter == "int" else "x") + url[end + 1 :]
    return url


def _restart_id_sequences() -> None:
    """Let new rows take ids from 1 on PostgreSQL too (its sequences outlive rolled-back tests)."""
    if connection.vendor != "postgresql":
        return
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _world() -> Cast:
    """The cast, open books with budgets, a care visit, a relative and an open call."""
    _restart_id_sequences()
    cast = build_cast()
    fund_books(cast, branch_funds_fen=500_000)
    member = cast.people["branch_a_member"]
    members.family_member_add(
        actor=SYSTEM, person=member, relation="child", name="Kid", birth_on=dt.date(2012, 5, 1)
    )
    file_visit(cast.actor("branch_a_member"), member)
    make_call(cast)
    return cast


def _variants(form: Form) -> Iterator[tuple[str, dict[str, str]]]:
    editable = [n for n in form.fields if n != "csrfmiddlewaretoken"]
    for name in editable:
        for value in EXTREMES.get(form.kinds.get(name, "text"), ()):
            yield f"{name}={value[:20]!r}", {**form.fields, name: value}
    if editable:
        yield "NUL", {**form.fields, editable[0]: "a\x00b"}


def _open(clients: dict[str, Client], url: str) -> tuple[Client, str] | None:
    """The first persona's client for whom ``url`` is a page with a form, and the page."""
    for client in clients.values():
        response = client.get(url)
        if response.status_code >= 500:
            raise AssertionError(f"GET {url}: {response.status_code}")
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and content_type.startswith("text/html"):
            page = response.content.decode()
            if "<form" in page:
                return client, page
    return None


@pytest.mark.django_db
def test_no_form_fails_on_extreme_values() -> None:
    # given the world, and a logged-in client per persona
    cast = _world()
    clients = {}
    for persona in PERSONAS:
        clients[persona] = Client(raise_request_exception=False)
        clients[persona].force_login(cast.users[persona])
    problems: list[str] = []
    forms_seen = posted = 0
    seen_actions: set[tuple[str, str, tuple[str, ...]]] = set()
    for route, _pattern in _patterns(get_resolver()):
        url = _url(route)
        opened = _open(clients, url) if url else None
        if opened is None:
            continue
        client, page = opened
        reader = _FormReader(url or "/")
        reader.feed(page)
        for form in reader.forms:
            key = (form.action, form.method, tuple(sorted(form.fields)))
            if form.action.startswith(("/i18n/", "/accounts/logout")) or key in seen_actions:
                continue
            seen_actions.add(key)
            forms_seen += 1
            # when each field in turn carries extreme values
            for label, data in _variants(form):
                send = client.post if form.method == "post" else client.get
                response = send(form.action, data)
                posted += 1
                # then the page answers with anything but a server error
                if response.status_code >= 500:
                    problems.append(f"{form.method.upper()} {form.action} {label}: 500")
    print(f"{forms_seen} forms, {posted} requests with extreme values")  # noqa: T201
    assert forms_seen > 40, forms_seen
    assert posted > 500, posted
    assert not problems, "\n".join(problems[:60])
