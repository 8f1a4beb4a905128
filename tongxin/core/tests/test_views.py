"""Project-level pages: the start page, the language switch, error pages, the history panel."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tongxin.members import services as members
from tongxin.testing.personas import PAGE_PERSONAS, SYSTEM, log_in
from tongxin.views import server_error

HOME = reverse("home")

HOME_RESULT = {
    "office_admin": 200,
    "finance_officer": 200,
    "auditor": 200,
    "branch_a_chair": 200,
    "branch_a_liaison": 200,
    "branch_a_member": reverse("members:me"),
    "branch_b_member": reverse("members:me"),
    "outsider": reverse("members:me"),
    "anonymous": reverse("accounts:login"),
}


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_home_routes_each_user(cast, client, persona):
    log_in(client, cast, persona)
    response = client.get(HOME)
    expected = HOME_RESULT[persona]
    if expected == 200:
        assert response.status_code == 200
        assert 'data-testid="my-scope"' in response.content.decode()
    else:
        assert response["Location"] == expected


def test_dashboard_counts_the_scope(cast, client):
    members.membership_apply(actor=SYSTEM, person=cast.people["branch_a_non_member"])
    log_in(client, cast, "branch_a_chair")
    context = client.get(HOME).context
    # branch A: chair, liaison and member A are members; the newcomer has applied
    assert context["counts"] == {"people": 4, "members": 3, "retained": 0, "applicants": 1}
    assert context["waiting"] == 1
    assert [node.name for _label, node in context["grants"]] == ["Branch A"]


@pytest.mark.parametrize("extra", [2, 20])
def test_dashboard_queries_do_not_grow(cast, client, django_assert_num_queries, extra):
    for index in range(extra):
        person = members.person_create(
            actor=SYSTEM,
            node=cast.branch_b,
            staff_number=f"H{index:03d}",
            name=f"H {index}",
            gender="male",
        )
        members.membership_apply(actor=SYSTEM, person=person)
    log_in(client, cast, "office_admin")
    # user, roles (the session comes from the cache), counts, my nodes, approval steps, my
    # family (requests that concern them are not theirs to decide), waiting count
    with django_assert_num_queries(7):
        response = client.get(HOME)
    assert response.context["waiting"] == extra


def test_chinese_by_default_and_english_switch_keeps_the_page(cast, client):
    # given an anonymous visitor on the log-in page (Chinese by default)
    page = client.get(reverse("accounts:login"))
    with translation.override("zh-hans"):
        chinese = gettext("Log in to Tongxin")
    assert chinese in page.content.decode()
    assert page["Content-Language"] == "zh-hans"
    # when they switch to English
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/accounts/login/?next=/me/"}
    )
    # then they stay on the same page, now in English
    assert response["Location"] == "/accounts/login/?next=/me/"
    english = client.get("/accounts/login/")
    assert english["Content-Language"] == "en"
    assert "Log in to Tongxin" in english.content.decode()


def test_language_switch_for_a_logged_in_user(cast, client):
    log_in(client, cast, "branch_a_member")
    client.post(reverse("set_language"), {"language": "en", "next": "/me/"})
    assert client.get(reverse("members:me"))["Content-Language"] == "en"
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/me/"})
    assert client.get(reverse("members:me"))["Content-Language"] == "zh-hans"


def test_unknown_page_is_a_friendly_404(cast, client):
    log_in(client, cast, "branch_a_member")
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    with translation.override("zh-hans"):
        assert (
            gettext("This page does not exist, or you do not have access to it.")
            in response.content.decode()
        )


def test_unknown_page_never_lists_the_routes(client, db, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 404
    content = response.content.decode()
    assert "URLconf" not in content
    with translation.override("zh-hans"):
        assert gettext("Back to the start page") in content


def test_server_error_page_is_translated_and_styled(rf):
    request = rf.get("/")
    with translation.override("zh-hans"):
        response = server_error(request)
        content = response.content.decode()
        assert response.status_code == 500
        assert gettext("Something went wrong") in content
        assert gettext("The error has been logged. Please try again later.") in content
    assert "css/tongxin.css" in content
    assert 'lang="zh-hans"' in content


def test_healthz(client, db):
    assert client.get(reverse("healthz")).content == b"ok"


def test_history_panel_shows_labels_and_field_names(cast, client):
    # given a change to member A's record
    person = cast.people["branch_a_member"]
    members.person_update(actor=SYSTEM, person=person, changes={"department": "Physics"})
    # when the office opens the record
    log_in(client, cast, "office_admin")
    content = client.get(reverse("members:person-detail", args=[person.pk])).content.decode()
    # then the history reads in words, with the field's name and both values
    with translation.override("zh-hans"):
        assert gettext("Record changed") in content
        assert gettext("department") in content
    assert "Physics" in content
    assert "person.updated" not in content


def test_member_join_date_is_shown(cast, client):
    members.membership_join(
        actor=SYSTEM, person=cast.people["branch_a_non_member"], on=dt.date(2021, 5, 1)
    )
    log_in(client, cast, "office_admin")
    url = reverse("members:person-detail", args=[cast.people["branch_a_non_member"].pk])
    assert "2021-05-01" in client.get(url).content.decode()


def test_history_panel_shows_sensitive_reads(cast, client):
    # given the office has revealed member A's ID number
    person = cast.people["branch_a_member"]
    members.person_reveal_id_number(actor=cast.actor("office_admin"), person=person)
    # when the office opens the record
    log_in(client, cast, "office_admin")
    content = client.get(reverse("members:person-detail", args=[person.pk])).content.decode()
    # then the read is in the history, naming the field read
    with translation.override("zh-hans"):
        for text in ("ID number viewed", "sensitive read", "Fields read", "ID number"):
            assert gettext(text) in content
