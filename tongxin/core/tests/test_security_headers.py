"""Security headers on pages and API answers, templates fit for a strict CSP, and field keys
checked at start-up."""

import pathlib
import re

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from tongxin.core.crypto import validate_keys
from tongxin.testing.api import api_as
from tongxin.testing.personas import log_in

ROOT = pathlib.Path(__file__).resolve().parents[3]
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"""[\s"'](on[a-z]+|hx-on[:\w-]*)\s*=""", re.IGNORECASE)


def _csp(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_a_personal_page_has_a_strict_csp_and_is_not_stored(cast, client):
    log_in(client, cast, "branch_a_member")
    response = client.get("/me/")
    assert response.status_code == 200
    policy = _csp(response)
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "no-store" in response["Cache-Control"]


def test_the_login_page_has_the_csp_too(db, client):
    response = client.get("/accounts/login/")
    assert _csp(response)["script-src"] == "'self'"


@pytest.mark.parametrize("persona", ["branch_a_member", "anonymous"])
def test_every_api_answer_is_not_stored(cast, persona):
    response = api_as(cast, persona).get("/accounts/me")
    assert response.status_code in (200, 401)
    assert "no-store" in response["Cache-Control"]


def _templates() -> list[pathlib.Path]:
    return sorted(ROOT.glob("tongxin/**/templates/**/*.html"))


def test_no_template_has_inline_script_or_event_handler_attributes():
    assert _templates()
    problems = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for match in SCRIPT_TAG.finditer(text):
            if "src=" not in match.group(1):
                problems.append(f"{path.relative_to(ROOT)}: inline <script>")
        for match in HANDLER_ATTRIBUTE.finditer(text):
            problems.append(f"{path.relative_to(ROOT)}: {match.group(1)}= attribute")
    assert problems == []


def test_the_scan_would_catch_them():
    assert SCRIPT_TAG.search("<script>alert(1)</script>")
    assert HANDLER_ATTRIBUTE.search('<select onchange="this.form.submit()">')
    assert HANDLER_ATTRIBUTE.search('<button hx-on:click="x()">')
    assert not HANDLER_ATTRIBUTE.search('<option value="on">')


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"TONGXIN_FIELD_KEYS": []}, "TONGXIN_FIELD_KEYS"),
        ({"TONGXIN_FIELD_KEYS": ["not-a-key"]}, "TONGXIN_FIELD_KEYS: key 1"),
        ({"TONGXIN_LOOKUP_KEY": ""}, "TONGXIN_LOOKUP_KEY"),
    ],
)
def test_unusable_field_keys_stop_the_start(overrides, named):
    with override_settings(**overrides), pytest.raises(ImproperlyConfigured) as info:
        apps.get_app_config("core").ready()
    assert named in str(info.value)


def test_the_test_keys_are_accepted():
    validate_keys()
