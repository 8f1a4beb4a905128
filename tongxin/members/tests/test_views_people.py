import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tongxin.core.models import AuditEvent
from tongxin.members import services
from tongxin.members.models import Person
from tongxin.testing.personas import ID_NUMBERS, PAGE_PERSONAS, SYSTEM, log_in

LIST = reverse("members:person-list")


def _zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


def _add_people(cast, count, node=None):
    for index in range(count):
        person = services.person_create(
            actor=SYSTEM,
            node=node or cast.branch_a,
            staff_number=f"X{index:04d}",
            name=f"Extra {index}",
            gender="male" if index % 2 else "female",
            birth_on=dt.date(1990, 1, 1),
        )
        services.family_member_add(
            actor=SYSTEM, person=person, relation="spouse", name=f"Spouse {index}"
        )


LIST_STATUS = {
    "office_admin": 200,
    "finance_officer": 200,
    "auditor": 200,
    "branch_a_chair": 200,
    "branch_a_liaison": 200,
    "branch_a_member": 403,
    "branch_b_member": 403,
    "outsider": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_list_matrix(cast, client, persona):
    log_in(client, cast, persona)
    response = client.get(LIST)
    assert response.status_code == LIST_STATUS[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


def _listed(response):
    return {person.staff_number for person in response.context["page_obj"]}


def test_chair_lists_only_branch_a(cast, client):
    log_in(client, cast, "branch_a_chair")
    assert _listed(client.get(LIST)) == {"A0001", "A0002", "A1001", "A1002"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("membership_status=none", {"A1002"}),
        ("gender=female&node={branch_b}", {"B1001"}),
        ("node={group_a1}", {"A1001"}),
        ("q=A100", {"A1001", "A1002"}),
        ("q=newcomer", {"A1002"}),
        ("employment_status=retired", set()),
        ("age_band=30_39", {"A1002"}),
        ("age_band=40_49", {"S0001", "S0002", "S0003", "A0001", "A0002", "A1001", "B1001"}),
    ],
)
def test_filters(cast, client, monkeypatch, query, expected):
    # given the cast (all born 1980 except the newcomer, born 1985), seen in July 2021
    monkeypatch.setattr("tongxin.members.queries.timezone.localdate", lambda: dt.date(2021, 7, 15))
    log_in(client, cast, "office_admin")
    query = query.format(branch_b=cast.branch_b.pk, group_a1=cast.group_a1.pk)
    # then each filter narrows the list
    response = client.get(f"{LIST}?{query}")
    assert _listed(response) == expected


def test_htmx_refresh_returns_only_the_rows(cast, client):
    log_in(client, cast, "office_admin")
    response = client.get(f"{LIST}?gender=male", HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert 'data-testid="person-table"' in content
    assert response.templates[0].name == "members/_person_rows.html"


def test_paging(cast, client, settings):
    settings.TONGXIN_PAGE_SIZE = 3
    log_in(client, cast, "office_admin")
    first = client.get(LIST)
    third = client.get(f"{LIST}?page=3")
    beyond = client.get(f"{LIST}?page=99")
    assert len(first.context["page_obj"]) == 3
    assert len(third.context["page_obj"]) == 2
    assert beyond.context["page_obj"].number == 3


@pytest.mark.parametrize("extra", [2, 20])
def test_list_queries_do_not_grow(cast, client, django_assert_num_queries, extra):
    _add_people(cast, extra)
    log_in(client, cast, "office_admin")
    # user, roles (the session comes from the cache), branch choices, count, page
    with django_assert_num_queries(5):
        response = client.get(LIST)
    assert response.status_code == 200


DETAIL_STATUS = {
    # person = member A (in group A1); member B's record is tested below
    "office_admin": 200,
    "finance_officer": 200,
    "auditor": 200,
    "branch_a_chair": 200,
    "branch_a_liaison": 200,
    "branch_a_member": 200,
    "branch_b_member": 404,
    "outsider": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_detail_matrix(cast, client, persona):
    log_in(client, cast, persona)
    url = reverse("members:person-detail", args=[cast.people["branch_a_member"].pk])
    assert client.get(url).status_code == DETAIL_STATUS[persona]


@pytest.mark.parametrize(
    "url_name", ["members:person-detail", "members:person-edit", "members:family-member-add"]
)
def test_branch_a_chair_gets_404_for_branch_b_people(cast, client, url_name):
    log_in(client, cast, "branch_a_chair")
    url = reverse(url_name, args=[cast.people["branch_b_member"].pk])
    missing = reverse(url_name, args=[999999])
    assert client.get(url).status_code == 404
    assert client.get(missing).status_code == 404
    assert client.post(url, {"name": "Hijacked"}).status_code == 404
    assert Person.objects.get(pk=cast.people["branch_b_member"].pk).name == "Member B"


@pytest.mark.parametrize("extra", [2, 20])
def test_detail_queries_do_not_grow(cast, client, django_assert_num_queries, extra):
    # given a person with many family members, events and offices
    person = cast.people["branch_a_member"]
    for index in range(extra):
        services.family_member_add(
            actor=SYSTEM, person=person, relation="child", name=f"Child {index}"
        )
        services.officer_appoint(
            actor=SYSTEM,
            node=cast.branch_a,
            person=person,
            position="committee_member",
            started_on=dt.date(2000 + index, 1, 1),
            ended_on=dt.date(2000 + index, 12, 31),
        )
    log_in(client, cast, "office_admin")
    url = reverse("members:person-detail", args=[person.pk])
    # user, roles (the session comes from the cache), person, family, events, periods, offices, dues, history
    with django_assert_num_queries(9):
        response = client.get(url)
    assert len(response.context["family"]) == extra


EDIT_STATUS = {
    "office_admin": 200,
    "finance_officer": 403,
    "auditor": 403,
    "branch_a_chair": 200,
    "branch_a_liaison": 403,
    "branch_a_member": 403,
    "branch_b_member": 404,
    "outsider": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_edit_matrix_and_denied_post_changes_nothing(cast, client, persona):
    log_in(client, cast, persona)
    person = cast.people["branch_a_member"]
    url = reverse("members:person-edit", args=[person.pk])
    assert client.get(url).status_code == EDIT_STATUS[persona]
    response = client.post(url, {"staff_number": "A1001", "name": "Renamed", "gender": "male"})
    name = Person.objects.get(pk=person.pk).name
    if EDIT_STATUS[persona] == 200:
        assert response.status_code == 302
        assert name == "Renamed"
    else:
        assert response.status_code in (302, 403, 404)
        assert name == "Member A"


def test_edit_shows_translated_errors(cast, client):
    # given the office editing member A with a staff number already in use and a bad phone
    log_in(client, cast, "office_admin")
    url = reverse("members:person-edit", args=[cast.people["branch_a_member"].pk])
    response = client.post(
        url, {"staff_number": "B1001", "name": "Member A", "gender": "male", "phone": "123"}
    )
    # then the page shows the reason in Chinese and nothing changed
    assert response.status_code == 200
    assert (
        _zh("A mobile number has 11 digits and starts with 13 to 19.") in response.content.decode()
    )
    response = client.post(url, {"staff_number": "B1001", "name": "Member A", "gender": "male"})
    assert (
        _zh("Staff number %(number)s is already in use.") % {"number": "B1001"}
        in response.content.decode()
    )
    assert Person.objects.get(pk=cast.people["branch_a_member"].pk).staff_number == "A1001"


CREATE_STATUS = dict.fromkeys(PAGE_PERSONAS, 403) | {"office_admin": 200, "anonymous": 302}


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_create_matrix(cast, client, persona):
    log_in(client, cast, persona)
    assert client.get(reverse("members:person-create")).status_code == CREATE_STATUS[persona]


def test_create_adds_a_person(cast, client):
    log_in(client, cast, "office_admin")
    response = client.post(
        reverse("members:person-create"),
        {
            "node": cast.branch_b.pk,
            "staff_number": "B2001",
            "name": "New Teacher",
            "gender": "female",
            "employment_status": "active",
            "wage_base": "6,001.50",
            "id_number": "",
        },
    )
    person = Person.objects.get(staff_number="B2001")
    assert response["Location"] == reverse("members:person-detail", args=[person.pk])
    assert (person.node_id, person.wage_base_fen, person.membership_status) == (
        cast.branch_b.pk,
        600150,
        "none",
    )


def test_create_refuses_a_bad_amount(cast, client):
    log_in(client, cast, "office_admin")
    response = client.post(
        reverse("members:person-create"),
        {
            "node": cast.branch_b.pk,
            "staff_number": "B2001",
            "name": "N",
            "gender": "female",
            "employment_status": "active",
            "wage_base": "12.345",
        },
    )
    assert _zh("An amount may have at most two decimal places.") in response.content.decode()
    assert not Person.objects.filter(staff_number="B2001").exists()


def test_reveal_id_number_is_logged(cast, client):
    # given the office on member A's page (masked number)
    person = cast.people["branch_a_member"]
    log_in(client, cast, "office_admin")
    page = client.get(reverse("members:person-detail", args=[person.pk])).content.decode()
    assert ID_NUMBERS["A1001"] not in page
    assert 'data-testid="reveal-id"' in page
    # when they press "show (logged)"
    url = reverse("members:person-reveal-id-number", args=[person.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    # then the number comes back and the read is in the person's history
    assert ID_NUMBERS["A1001"] in response.content.decode()
    assert (
        AuditEvent.objects.filter(event="person.id_number_viewed", is_sensitive_read=True).count()
        == 1
    )


@pytest.mark.parametrize(("persona", "status"), [("branch_a_chair", 403), ("branch_b_member", 404)])
def test_reveal_denied(cast, client, persona, status):
    log_in(client, cast, persona)
    url = reverse("members:person-reveal-id-number", args=[cast.people["branch_a_member"].pk])
    response = client.post(url)
    assert response.status_code == status
    assert ID_NUMBERS["A1001"] not in response.content.decode()
    assert not AuditEvent.objects.filter(event="person.id_number_viewed").exists()


def test_picker_lists_people_in_scope(cast, client):
    log_in(client, cast, "branch_a_chair")
    response = client.get(reverse("members:person-pick"), {"person_query": "member"})
    assert [p.staff_number for p in response.context["people"]] == ["A1001"]
    log_in(client, cast, "branch_a_member")
    assert client.get(reverse("members:person-pick"), {"q": "A"}).status_code == 403
