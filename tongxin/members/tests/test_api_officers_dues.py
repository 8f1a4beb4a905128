"""The officers and dues API, and the people list's query budget."""

import datetime as dt

import pytest

from tongxin.members import services
from tongxin.members.models import DuesRecord, Officer
from tongxin.orgs.models import RoleAssignment
from tongxin.testing.api import api_as, assert_error, query_count, table_counts
from tongxin.testing.personas import SYSTEM

MARCH = dt.date(2021, 3, 1)


@pytest.fixture
def committee_member(cast):
    return services.officer_appoint(
        actor=SYSTEM,
        node=cast.branch_a,
        person=cast.people["branch_a_member"],
        position="committee_member",
        started_on=dt.date(2020, 9, 1),
    )


# Officers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "count"),
    [
        ("office_admin", 1),
        ("branch_a_chair", 1),
        ("branch_a_member", 1),
        ("branch_b_member", 0),
        ("outsider", 0),
    ],
)
def test_officer_list_is_scoped(cast, committee_member, persona, count):
    # when
    response = api_as(cast, persona).get("/members/officers")
    # then
    assert response.json()["count"] == count


def test_officer_list_by_node_and_past_terms(cast, committee_member):
    # given
    office = api_as(cast, "office_admin")
    services.officer_end(actor=SYSTEM, officer=committee_member, ended_on=dt.date(2021, 1, 31))
    # when
    current = office.get("/members/officers", {"node_id": cast.branch_a.pk}).json()
    everything = office.get(
        "/members/officers", {"node_id": cast.branch_a.pk, "current_only": "false"}
    ).json()
    # then
    assert current["count"] == 0
    assert [(o["person_name"], o["position"], o["ended_on"]) for o in everything["items"]] == [
        ("Member A", "committee_member", "2021-01-31")
    ]


@pytest.mark.parametrize(
    ("persona", "status", "code"),
    [
        ("office_admin", 201, None),
        ("branch_a_chair", 201, None),
        ("branch_a_liaison", 403, "forbidden"),
        ("branch_b_member", 404, "not_found"),
        ("outsider", 404, "not_found"),
        ("anonymous", 401, "unauthenticated"),
    ],
)
def test_officer_appoint_matrix(cast, persona, status, code):
    # given
    client = api_as(cast, persona)
    before = table_counts()
    payload = {
        "node_id": cast.branch_a.pk,
        "person_id": cast.people["branch_a_member"].pk,
        "position": "liaison",
        "started_on": "2021-09-01",
    }
    # when
    response = client.post("/members/officers", payload)
    # then
    if code is None:
        assert response.status_code == status
        officer = Officer.objects.get(pk=response.json()["id"])
        assert (officer.person_id, officer.position, officer.started_on) == (
            cast.people["branch_a_member"].pk,
            "liaison",
            dt.date(2021, 9, 1),
        )
        # the member has an account, so the term carries the liaison role
        assert (
            RoleAssignment.objects.get(pk=response.json()["role_assignment_id"]).role == "liaison"
        )
    else:
        assert_error(response, status, code)
        assert table_counts() == before


def test_officer_appoint_refuses_a_backwards_term_and_a_duplicate(cast, committee_member):
    # given
    office = api_as(cast, "office_admin")
    before = table_counts()
    base = {"node_id": cast.branch_a.pk, "person_id": cast.people["branch_a_member"].pk}
    # when
    duplicate = office.post("/members/officers", {**base, "position": "committee_member"})
    backwards = office.post(
        "/members/officers",
        {**base, "position": "vice_chair", "started_on": "2021-09-01", "ended_on": "2021-08-01"},
    )
    unknown = office.post("/members/officers", {**base, "position": "emperor"})
    # then
    assert_error(duplicate, 400, "duplicate_officer", "person_id")
    assert_error(backwards, 400, "invalid", "ended_on")
    assert_error(unknown, 400, "invalid", "position")
    assert table_counts() == before


@pytest.mark.parametrize(
    ("persona", "status", "code"),
    [
        ("branch_a_chair", 200, None),
        ("branch_a_member", 403, "forbidden"),
        ("branch_b_member", 404, "not_found"),
        ("anonymous", 401, "unauthenticated"),
    ],
)
def test_officer_end_matrix(cast, committee_member, persona, status, code):
    # given
    client = api_as(cast, persona)
    before = table_counts()
    # when
    response = client.post(
        f"/members/officers/{committee_member.pk}/end", {"ended_on": "2021-06-30"}
    )
    # then
    committee_member.refresh_from_db()
    if code is None:
        assert response.status_code == status
        assert committee_member.ended_on == dt.date(2021, 6, 30)
    else:
        assert_error(response, status, code)
        assert table_counts() == before
        assert committee_member.ended_on is None


# Dues -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status", "created"),
    [("office_admin", 200, 7), ("finance_officer", 200, 7)],
)
def test_dues_compute_month_answers_how_many_rows_it_made(cast, persona, status, created):
    # when
    response = api_as(cast, persona).post(
        "/members/dues/compute", {"node_id": cast.school.pk, "month": "2021-03-01"}
    )
    again = api_as(cast, persona).post(
        "/members/dues/compute", {"node_id": cast.school.pk, "month": "2021-03-01"}
    )
    # then
    assert response.status_code == status
    assert response.json() == {"node_id": cast.school.pk, "month": "2021-03-01", "created": created}
    assert again.json()["created"] == 0
    record = DuesRecord.objects.get(person=cast.people["branch_a_member"], month=MARCH)
    # 0.5% of 5,678.90 yuan, the part under 10 yuan not counted: 28.35 yuan
    assert (record.counted_base_fen, record.amount_fen) == (567000, 2835)


@pytest.mark.parametrize(
    ("persona", "payload", "status", "code", "field"),
    [
        ("branch_a_chair", {"month": "2021-03-01"}, 403, "forbidden", None),
        ("branch_a_member", {"month": "2021-03-01"}, 404, "not_found", None),
        ("anonymous", {"month": "2021-03-01"}, 401, "unauthenticated", None),
        ("office_admin", {"month": "2021-03-15"}, 400, "invalid", "month"),
        ("office_admin", {"month": "2021-02-30"}, 400, "invalid", "month"),
        ("office_admin", {"month": 202103}, 400, "invalid", "month"),
    ],
)
def test_dues_compute_month_refusals_write_nothing(cast, persona, payload, status, code, field):
    # given
    client = api_as(cast, persona)
    before = table_counts()
    # when
    response = client.post("/members/dues/compute", {"node_id": cast.branch_a.pk, **payload})
    # then
    assert_error(response, status, code, field)
    assert table_counts() == before


@pytest.fixture
def march_dues(cast):
    services.dues_compute_month(actor=SYSTEM, node=cast.school, month=MARCH)
    services.dues_compute_month(actor=SYSTEM, node=cast.school, month=dt.date(2021, 4, 1))


@pytest.mark.parametrize(
    ("persona", "params", "count"),
    [
        ("office_admin", {}, 14),
        ("office_admin", {"month": "2021-03-01"}, 7),
        ("office_admin", {"node_id": "branch_a"}, 6),
        ("office_admin", {"person_id": "branch_a_member"}, 2),
        ("finance_officer", {}, 14),
        ("branch_a_chair", {}, 6),
        ("branch_a_member", {}, 2),
        ("branch_a_liaison", {"month": "2021-03-01"}, 1),
        ("outsider", {}, 0),
    ],
)
def test_dues_list_is_scoped_and_filtered(cast, march_dues, persona, params, count):
    # given
    ids = {
        "branch_a": cast.branch_a.pk,
        "branch_a_member": cast.people["branch_a_member"].pk,
    }
    query = {key: ids.get(value, value) for key, value in params.items()}
    # when
    response = api_as(cast, persona).get("/members/dues", query)
    # then
    assert response.json()["count"] == count
    assert all(isinstance(item["amount_fen"], int) for item in response.json()["items"])


def test_dues_of_another_branch_person_are_not_found(cast, march_dues):
    # when
    response = api_as(cast, "branch_a_chair").get(
        "/members/dues", {"person_id": cast.people["branch_b_member"].pk}
    )
    # then
    assert_error(response, 404, "not_found")


# Query budgets --------------------------------------------------------------------------------


def _hire(cast, first, count):
    for number in range(first, first + count):
        node = cast.group_a1 if number % 2 else cast.branch_b
        person = services.person_create(
            actor=SYSTEM,
            node=node,
            staff_number=f"Q{number:04d}",
            name=f"Person {number}",
            gender="female",
            wage_base_fen=400000 + number,
        )
        services.membership_join(actor=SYSTEM, person=person, on=dt.date(2020, 1, 1))
        services.officer_appoint(
            actor=SYSTEM, node=node, person=person, position="committee_member"
        )


@pytest.mark.parametrize("path", ["/members/people", "/members/officers", "/members/dues"])
def test_lists_run_the_same_number_of_queries_whatever_the_size(cast, path):
    # given
    office = api_as(cast, "office_admin")
    _hire(cast, 0, 1)
    services.dues_compute_month(actor=SYSTEM, node=cast.school, month=MARCH)
    small = query_count(office, path)
    # when
    _hire(cast, 1, 9)
    services.dues_compute_month(actor=SYSTEM, node=cast.school, month=dt.date(2021, 4, 1))
    large = query_count(office, path)
    # then
    assert office.get("/members/people").json()["count"] == 8 + 10
    assert large == small
