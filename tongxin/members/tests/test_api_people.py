"""The people API: who sees whom, filters, creating, changing and revealing ID numbers."""

import datetime as dt

import pytest

from tongxin.core.models import AuditEvent
from tongxin.core.validators import id_number_check_digit
from tongxin.members import events
from tongxin.members.models import Person
from tongxin.testing.api import api_as, assert_error, table_counts

STAFF_NUMBERS = {
    "office_admin": "S0001",
    "finance_officer": "S0002",
    "auditor": "S0003",
    "branch_a_chair": "A0001",
    "branch_a_liaison": "A0002",
    "branch_a_member": "A1001",
    "branch_a_non_member": "A1002",
    "branch_b_member": "B1001",
}
SCHOOL = sorted(STAFF_NUMBERS.values())
BRANCH_A = ["A0001", "A0002", "A1001", "A1002"]


def _numbers(response):
    assert response.status_code == 200, response.content
    return [person["staff_number"] for person in response.json()["items"]]


# Reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("office_admin", SCHOOL),
        ("finance_officer", SCHOOL),
        ("auditor", SCHOOL),
        ("branch_a_chair", BRANCH_A),
        ("branch_a_liaison", BRANCH_A),
        ("branch_a_member", ["A1001"]),
        ("branch_b_member", ["B1001"]),
        ("outsider", []),
    ],
)
def test_person_list_shows_what_the_caller_may_see(cast, persona, visible):
    # when
    response = api_as(cast, persona).get("/members/people")
    # then
    assert _numbers(response) == visible
    assert response.json()["count"] == len(visible)


def test_person_list_of_anonymous_is_401(cast):
    # when
    response = api_as(cast, "anonymous").get("/members/people")
    # then
    assert_error(response, 401, "unauthenticated")


@pytest.mark.parametrize(
    ("params", "visible"),
    [
        ({"node_id": "branch_a"}, BRANCH_A),
        ({"node_id": "group_a1"}, ["A1001"]),
        ({"membership_status": "none"}, ["A1002"]),
        ({"membership_status": "member", "gender": "female"}, ["A0002", "B1001", "S0001", "S0003"]),
        ({"employment_status": "retired"}, []),
        (
            {"age_band": "40_49"},
            ["A0001", "A0002", "A1001", "A1002", "B1001", "S0001", "S0002", "S0003"],
        ),
        ({"age_band": "under_30"}, []),
        ({"q": "A10"}, ["A1001", "A1002"]),
        ({"q": "S000"}, ["S0001", "S0002", "S0003"]),
        ({"q": "138000010"}, ["A1001", "A1002"]),
    ],
)
def test_person_list_filters(cast, params, visible):
    # given
    nodes = {"branch_a": cast.branch_a.pk, "group_a1": cast.group_a1.pk}
    query = {key: nodes.get(value, value) for key, value in params.items()}
    # when
    response = api_as(cast, "office_admin").get("/members/people", query)
    # then
    assert _numbers(response) == visible


def test_person_list_filtered_by_another_branch_is_empty_for_a_chair(cast):
    # when
    response = api_as(cast, "branch_a_chair").get("/members/people", {"node_id": cast.branch_b.pk})
    # then
    assert _numbers(response) == []


@pytest.mark.parametrize(
    ("persona", "target", "status"),
    [
        ("office_admin", "branch_b_member", 200),
        ("branch_a_chair", "branch_a_member", 200),
        ("branch_a_chair", "branch_b_member", 404),
        ("branch_a_liaison", "branch_b_member", 404),
        ("branch_a_member", "branch_a_member", 200),
        ("branch_a_member", "branch_a_chair", 404),
        ("branch_b_member", "branch_a_member", 404),
        ("outsider", "branch_a_member", 404),
        ("anonymous", "branch_a_member", 401),
    ],
)
def test_person_get_matrix(cast, persona, target, status):
    # given
    person = cast.people[target]
    # when
    response = api_as(cast, persona).get(f"/members/people/{person.pk}")
    # then
    assert response.status_code == status
    if status == 200:
        assert response.json()["staff_number"] == person.staff_number
        assert response.json()["id_number_masked"] == person.id_number_masked
        assert "id_number" not in response.json()


# Creating -------------------------------------------------------------------------------------


def _new_person(node_id, **extra):
    return {
        "node_id": node_id,
        "staff_number": "A2001",
        "name": "Wang Fang",
        "gender": "female",
        **extra,
    }


@pytest.mark.parametrize(
    ("persona", "status", "code"),
    [
        ("office_admin", 201, None),
        ("branch_a_chair", 403, "forbidden"),
        ("finance_officer", 403, "forbidden"),
        ("branch_a_member", 404, "not_found"),
        ("outsider", 404, "not_found"),
        ("anonymous", 401, "unauthenticated"),
    ],
)
def test_person_create_matrix(cast, persona, status, code):
    # given
    client = api_as(cast, persona)
    before = table_counts()
    # when
    response = client.post("/members/people", _new_person(cast.branch_a.pk))
    # then
    if code is None:
        assert response.status_code == status
        person = Person.objects.get(pk=response.json()["id"])
        assert (person.staff_number, person.node_id, person.membership_status) == (
            "A2001",
            cast.branch_a.pk,
            "none",
        )
    else:
        assert_error(response, status, code)
        assert table_counts() == before


def test_person_create_cleans_the_fields_like_the_pages(cast):
    # given a valid ID number of a woman born on 3 March 1990
    first17 = "44010119900303002"
    id_number = first17 + id_number_check_digit(first17)
    payload = _new_person(
        cast.group_a1.pk,
        phone="+86 139-1234-5678",
        email="Wang.Fang@Example.EDU",
        id_number=id_number.lower(),
        wage_base_fen=812345,
        hire_on="2010-09-01",
    )
    # when
    response = api_as(cast, "office_admin").post("/members/people", payload)
    # then
    body = response.json()
    assert response.status_code == 201, body
    assert (body["phone"], body["email"], body["birth_on"], body["hire_on"]) == (
        "13912345678",
        "wang.fang@example.edu",
        "1990-03-03",
        "2010-09-01",
    )
    assert body["id_number_masked"] == f"440***********{id_number[-4:]}"
    assert Person.objects.get(pk=body["id"]).wage_base_fen == 812345


@pytest.mark.parametrize(
    ("extra", "code", "field"),
    [
        ({"staff_number": "A1001"}, "duplicate_staff_number", "staff_number"),
        ({"staff_number": "bad number!"}, "invalid", "staff_number"),
        ({"phone": "12345"}, "invalid_phone", "phone"),
        ({"email": "not-an-email"}, "invalid", "email"),
        ({"id_number": "440101198001010018"}, "invalid_id_number", "id_number"),
        (
            {"id_number": "440101198001010017", "gender": "male"},
            "duplicate_id_number",
            "id_number",
        ),
        ({"birth_on": "2190-01-01"}, "invalid_date", "birth_on"),
    ],
)
def test_person_create_refuses_bad_data_and_writes_nothing(cast, extra, code, field):
    # given
    office = api_as(cast, "office_admin")
    before = table_counts()
    # when
    response = office.post("/members/people", _new_person(cast.branch_a.pk, **extra))
    # then
    assert_error(response, 400, code, field)
    assert table_counts() == before


def test_person_create_on_an_unknown_or_unsuitable_node(cast):
    # given
    office = api_as(cast, "office_admin")
    before = table_counts()
    # when
    unknown = office.post("/members/people", _new_person(987654))
    # then
    assert_error(unknown, 404, "not_found")
    assert table_counts() == before


# Changing -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "target", "changes", "status", "code"),
    [
        ("office_admin", "branch_b_member", {"name": "Member Bee"}, 200, None),
        ("branch_a_chair", "branch_a_member", {"department": "Physics"}, 200, None),
        ("branch_a_member", "branch_a_member", {"phone": "13700001111"}, 200, None),
        ("branch_a_member", "branch_a_member", {"name": "Self Made"}, 403, "forbidden"),
        ("branch_a_liaison", "branch_a_member", {"department": "X"}, 403, "forbidden"),
        ("branch_a_chair", "branch_b_member", {"department": "X"}, 404, "not_found"),
        ("branch_a_member", "branch_a_chair", {"phone": "13700001111"}, 404, "not_found"),
        (
            "branch_a_chair",
            "branch_a_member",
            {"id_number": "440101198001010017"},
            403,
            "forbidden",
        ),
        ("outsider", "branch_a_member", {"phone": "13700001111"}, 404, "not_found"),
        ("anonymous", "branch_a_member", {"phone": "13700001111"}, 401, "unauthenticated"),
    ],
)
def test_person_update_matrix(cast, persona, target, changes, status, code):
    # given
    person = cast.people[target]
    client = api_as(cast, persona)
    before = table_counts()
    # when
    response = client.patch(f"/members/people/{person.pk}", changes)
    # then
    person.refresh_from_db()
    if code is None:
        assert response.status_code == status
        field, value = next(iter(changes.items()))
        assert getattr(person, field) == value
        assert (
            AuditEvent.objects.filter(event=events.PERSON_UPDATED, target_id=str(person.pk)).count()
            == 1
        )
    else:
        assert_error(response, status, code)
        assert table_counts() == before
        assert person.name == cast.people[target].name


def test_person_update_changes_only_the_fields_sent(cast):
    # given
    person = cast.people["branch_a_member"]
    # when
    response = api_as(cast, "office_admin").patch(
        f"/members/people/{person.pk}", {"birth_on": None, "department": "Chemistry"}
    )
    # then
    person.refresh_from_db()
    assert response.status_code == 200
    assert (person.birth_on, person.department, person.phone) == (None, "Chemistry", "13800001001")


def test_person_update_refuses_the_branch_field(cast):
    # given
    person = cast.people["branch_a_member"]
    office = api_as(cast, "office_admin")
    before = table_counts()
    # when
    response = office.patch(f"/members/people/{person.pk}", {"node_id": cast.branch_b.pk})
    # then
    assert_error(response, 400, "invalid", "node_id")
    assert table_counts() == before


# Revealing the ID number ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status", "code"),
    [
        ("office_admin", 200, None),
        ("branch_a_chair", 403, "forbidden"),
        ("branch_a_member", 403, "forbidden"),
        ("finance_officer", 403, "forbidden"),
        ("branch_b_member", 404, "not_found"),
        ("outsider", 404, "not_found"),
        ("anonymous", 401, "unauthenticated"),
    ],
)
def test_person_reveal_id_number_matrix(cast, persona, status, code):
    # given
    person = cast.people["branch_a_member"]
    client = api_as(cast, persona)
    before = table_counts()
    # when
    response = client.post(f"/members/people/{person.pk}/reveal-id-number")
    # then
    if code is None:
        assert response.json() == {"person_id": person.pk, "id_number": "440101198001010017"}
        read = AuditEvent.objects.get(event=events.PERSON_ID_NUMBER_VIEWED)
        assert (read.is_sensitive_read, read.actor_user_id) == (True, cast.users[persona].pk)
    else:
        assert_error(response, status, code)
        assert table_counts() == before


def test_people_born_on_a_date_are_serialised_as_iso_dates(cast):
    # when
    body = api_as(cast, "branch_a_member").get(
        f"/members/people/{cast.people['branch_a_member'].pk}"
    )
    # then
    assert dt.date.fromisoformat(body.json()["birth_on"]) == dt.date(1980, 1, 1)
