"""The kernel's input guards, one per class of server error found by fuzzing: a huge offset,
a non-ASCII typed code, a huge amount, a year no date can hold, a protected delete and NUL."""

import datetime as dt
import functools
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tongxin.care import services as care
from tongxin.core.crypto import same_secret
from tongxin.core.errors import ValidationFailed
from tongxin.core.forms import YearField, YuanField
from tongxin.core.money import MAX_FEN, MAX_YUAN, parse_yuan
from tongxin.core.years import MAX_YEAR, MIN_YEAR, parse_year
from tongxin.members import services as members
from tongxin.members.models import FamilyMember
from tongxin.testing.api import api_as, assert_error, table_counts

ROOT = Path(__file__).resolve().parents[2]


# Money -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1e30", "100000000.01", "-100000000.01", "9" * 40, "1E+9999"])
def test_parse_yuan_refuses_amounts_beyond_the_bound(text):
    with pytest.raises(ValidationFailed) as caught:
        parse_yuan(text)
    assert caught.value.code == "invalid_amount"


@pytest.mark.parametrize("text", ["NaN", "Infinity", "sNaN", "-inf", "1.001"])
def test_parse_yuan_refuses_what_is_not_an_amount(text):
    with pytest.raises(ValidationFailed):
        parse_yuan(text)


def test_parse_yuan_accepts_the_bound_itself():
    assert parse_yuan(f"{MAX_YUAN:,}.00") == MAX_FEN
    assert parse_yuan(Decimal("0.01")) == 1
    assert MAX_FEN * 10**6 < 2**63  # a million maximal amounts still sum inside 64 bits


def test_yuan_field_answers_a_form_error_in_words():
    field = YuanField()
    with translation.override("zh-hans"), pytest.raises(forms.ValidationError) as caught:
        field.clean("1e30")
    with translation.override("zh-hans"):
        expected = gettext("An amount may be at most %(max)s yuan.") % {"max": f"{MAX_YUAN:,}"}
    assert caught.value.messages == [expected]


# Years -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2021", 2021),
        (2021, 2021),
        (" 1900 ", MIN_YEAR),
        (str(MAX_YEAR), MAX_YEAR),
        ("0", None),
        ("10000", None),
        ("-5", None),
        ("99999999999999999999", None),
        ("2021\x00", None),
        ("\u0662\u0660\u0662\u0661", None),  # Arabic-Indic digits: isdigit() but not a year
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_year(given, expected):
    assert parse_year(given) == expected


def test_parse_year_falls_back_to_the_default():
    assert parse_year("10000", 2021) == 2021


def test_year_field_keeps_narrower_bounds_inside_the_kernels():
    field = YearField(min_value=1990, max_value=9999)
    assert (field.min_value, field.max_value) == (1990, MAX_YEAR)
    with pytest.raises(forms.ValidationError, match="2199"):
        field.clean("10000")


# Typed codes -----------------------------------------------------------------------------


def test_same_secret_compares_any_text():
    assert same_secret("ABC123", "ABC123")
    assert not same_secret("\u540c\u5fc3", "ABC123")  # non-ASCII: hmac on str would raise
    assert not same_secret("\ud800", "ABC123")


def test_no_app_compares_secrets_as_str():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "tongxin").rglob("*.py")
        if "compare_digest(" in path.read_text(encoding="utf-8")
        and path.name != "crypto.py"
        and "tests" not in path.parts
    ]
    assert not offenders, "compare secrets with core.crypto.same_secret"


# The API: offsets, years -----------------------------------------------------------------


@functools.cache
def _schema() -> dict:
    from tongxin.api import api

    return api.get_openapi_schema()


def _operations_with(parameter: str) -> list[str]:
    schema = _schema()
    return sorted(
        path.removeprefix("/api/v1")
        for path, item in schema["paths"].items()
        if "get" in item
        and "{" not in path
        and any(p["name"] == parameter for p in item["get"].get("parameters", []))
    )


@pytest.mark.django_db
def test_a_huge_offset_is_refused_by_every_list(cast):
    api = api_as(cast, "office_admin")
    paths = _operations_with("offset")
    assert len(paths) > 30
    for path in paths:
        assert_error(api.get(path, {"offset": 10**30}), 400, "invalid", "offset")


@pytest.mark.django_db
@pytest.mark.parametrize("year", [0, 10000, -5, 10**20])
def test_a_year_out_of_range_is_refused_by_every_year_filter(cast, year):
    api = api_as(cast, "office_admin")
    for name in ("year", "fiscal_year", "academic_year"):
        for path in _operations_with(name):
            response = api.get(path, {name: year, "node_id": cast.school.pk, "school_id": 1})
            assert response.status_code == 400, (path, response.content[:300])
            assert response.json()["code"] == "invalid"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/voice/visits/", "/voice/wishes/wall/", "/funds/budgets/", "/funds/disclosure/"]
)
@pytest.mark.parametrize("year", ["0", "10000", "-5", "99999999999999999999"])
def test_a_year_out_of_range_on_a_page_shows_the_default_year(cast, url, year):
    client = Client()
    client.force_login(cast.users["office_admin"])
    response = client.get(url, {"year": year})
    assert response.status_code in (200, 403), (url, response.status_code)


# Protected deletes -----------------------------------------------------------------------


@pytest.fixture
def child_with_a_waiver(cast):
    system = cast.actor("system")
    person = cast.people["branch_a_member"]
    child = members.family_member_add(
        actor=system, person=person, relation="child", name="Kid", birth_on=dt.date(2010, 1, 1)
    )
    members.membership_record_death(actor=system, person=person, on=dt.date(2021, 5, 1))
    person.refresh_from_db()
    care.tuition_waiver_request(
        actor=cast.actor("office_admin"),
        person=person,
        child=child,
        school_year=2021,
        requested_on=dt.date(2021, 8, 1),
    )
    return child


@pytest.mark.django_db
def test_removing_a_relative_records_refer_to_is_a_conflict_that_changes_nothing(
    cast, child_with_a_waiver
):
    api = api_as(cast, "office_admin")
    before = table_counts()
    response = api.delete(f"/members/family-members/{child_with_a_waiver.pk}")
    assert_error(response, 409, "in_use")
    assert table_counts() == before
    assert FamilyMember.objects.filter(pk=child_with_a_waiver.pk).exists()


@pytest.mark.django_db
def test_removing_a_relative_records_refer_to_on_the_page_is_refused_in_words(
    cast, child_with_a_waiver
):
    client = Client()
    client.force_login(cast.users["office_admin"])
    before = table_counts()
    response = client.post(f"/people/family/{child_with_a_waiver.pk}/remove/", follow=True)
    assert response.status_code == 200
    with translation.override("zh-hans"):
        expected = gettext("Other records still refer to this, so it cannot be deleted.")
    assert expected in response.content.decode()
    assert table_counts() == before


# NUL -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_page_request_with_nul_is_refused_before_any_view(cast):
    client = Client()
    client.force_login(cast.users["office_admin"])
    before = table_counts()
    assert client.get("/voice/items/", {"q": "a\x00b"}).status_code == 400
    response = client.post("/people/family/1/remove/", {"name": "\x00"})
    assert response.status_code == 400
    with translation.override("zh-hans"):
        assert gettext("Text may not contain NUL characters.") in response.content.decode()
    assert table_counts() == before
