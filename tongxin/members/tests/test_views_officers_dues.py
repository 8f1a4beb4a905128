import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from tongxin.members import services
from tongxin.members.models import DuesRecord, Officer
from tongxin.orgs.models import RoleAssignment
from tongxin.testing.personas import PAGE_PERSONAS, SYSTEM, log_in

JULY = dt.date(2021, 7, 1)
DUES = reverse("members:dues")


def _zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


APPOINT_STATUS = {
    "office_admin": 200,
    "finance_officer": 403,
    "auditor": 403,
    "branch_a_chair": 200,
    "branch_a_liaison": 403,
    "branch_a_member": 404,
    "branch_b_member": 404,
    "outsider": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_appoint_page_matrix(cast, client, persona):
    log_in(client, cast, persona)
    url = reverse("members:officer-appoint", args=[cast.branch_a.pk])
    assert client.get(url).status_code == APPOINT_STATUS[persona]


def test_chair_appoints_a_liaison_picked_from_the_list(cast, client):
    log_in(client, cast, "branch_a_chair")
    url = reverse("members:officer-appoint", args=[cast.branch_a.pk])
    person = cast.people["branch_a_member"]
    response = client.post(
        url,
        {
            "person_query": "Member",
            "person": person.pk,
            "position": "liaison",
            "started_on": "2021-09-01",
        },
    )
    assert response["Location"] == reverse("orgs:node-detail", args=[cast.branch_a.pk])
    officer = Officer.objects.get(person=person)
    assert officer.role_assignment.role == "liaison"


def test_staff_number_typed_without_javascript_is_enough(cast, client):
    log_in(client, cast, "office_admin")
    url = reverse("members:officer-appoint", args=[cast.branch_b.pk])
    client.post(url, {"person_query": "B1001", "position": "committee_member"})
    assert Officer.objects.get().person_id == cast.people["branch_b_member"].pk


def test_chair_may_not_appoint_a_chair(cast, client):
    # given the branch-A chair posting a chair appointment (not offered to them)
    log_in(client, cast, "branch_a_chair")
    url = reverse("members:officer-appoint", args=[cast.branch_a.pk])
    response = client.post(url, {"person_query": "A1001", "position": "chair"})
    # then the form says why, in Chinese, and nothing is written
    assert _zh("You may not appoint to this position here.") in response.content.decode()
    assert not Officer.objects.exists()
    assert not RoleAssignment.objects.filter(
        role="branch_chair", user=cast.users["branch_a_member"]
    ).exists()


def test_picking_someone_outside_the_scope(cast, client):
    log_in(client, cast, "branch_a_chair")
    url = reverse("members:officer-appoint", args=[cast.branch_a.pk])
    response = client.post(url, {"person_query": "B1001", "position": "liaison"})
    assert (
        _zh("Nobody you may see matches “%(text)s”.") % {"text": "B1001"}
        in response.content.decode()
    )
    assert not Officer.objects.exists()


def test_end_term_page_and_post(cast, client):
    officer = services.officer_appoint(
        actor=SYSTEM, node=cast.branch_a, person=cast.people["branch_a_member"], position="liaison"
    )
    url = reverse("members:officer-end", args=[officer.pk])
    log_in(client, cast, "branch_a_liaison")
    assert client.get(url).status_code == 403
    log_in(client, cast, "branch_b_member")
    assert client.get(url).status_code == 404
    log_in(client, cast, "branch_a_chair")
    today = timezone.localdate().isoformat()
    client.post(url, {"ended_on": today})
    officer.refresh_from_db()
    assert officer.ended_on.isoformat() == today
    assert RoleAssignment.objects.get(pk=officer.role_assignment_id).ends_on.isoformat() == today


DUES_STATUS = {
    "office_admin": 200,
    "finance_officer": 200,
    "auditor": 200,
    "branch_a_chair": 200,
    "branch_a_liaison": 403,
    "branch_a_member": 403,
    "branch_b_member": 403,
    "outsider": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_dues_page_matrix(cast, client, persona):
    log_in(client, cast, persona)
    assert client.get(DUES).status_code == DUES_STATUS[persona]


def test_finance_computes_a_month_and_sees_totals(cast, client):
    log_in(client, cast, "finance_officer")
    response = client.post(DUES, {"compute-month": "2021-07", "compute-node": cast.school.pk})
    assert response.status_code == 302
    assert DuesRecord.objects.filter(month=JULY).count() == 7
    page = client.get(response["Location"])
    totals = page.context["totals"]
    assert (totals.records, totals.amount_fen) == (7, 7 * 2835)
    assert 'data-testid="dues-total-amount">198.45<' in page.content.decode()


def test_compute_refuses_a_future_month(cast, client):
    log_in(client, cast, "office_admin")
    response = client.post(DUES, {"compute-month": "2199-01", "compute-node": cast.school.pk})
    assert (
        _zh("Dues can only be computed for the current month or a past one.")
        in response.content.decode()
    )
    assert not DuesRecord.objects.exists()


@pytest.mark.parametrize("persona", ["auditor", "branch_a_chair"])
def test_dues_viewers_cannot_compute(cast, client, persona):
    log_in(client, cast, persona)
    response = client.post(DUES, {"compute-month": "2021-07", "compute-node": cast.school.pk})
    assert response.status_code == 403
    assert not DuesRecord.objects.exists()


def test_chair_sees_own_branch_totals_only(cast, client):
    services.dues_compute_month(actor=SYSTEM, node=cast.school, month=JULY)
    log_in(client, cast, "branch_a_chair")
    response = client.get(DUES, {"month": "2021-07"})
    assert response.context["totals"].records == 3
    assert {row["node_id"] for row in response.context["totals"].rows} == {
        cast.branch_a.pk,
        cast.group_a1.pk,
    }


@pytest.mark.parametrize("extra", [2, 20])
def test_dues_queries_do_not_grow(cast, client, django_assert_num_queries, extra):
    for index in range(extra):
        person = services.person_create(
            actor=SYSTEM,
            node=cast.branch_b,
            staff_number=f"D{index:03d}",
            name=f"Due {index}",
            gender="male",
            wage_base_fen=500000,
        )
        services.membership_join(actor=SYSTEM, person=person, on=dt.date(2020, 1, 1))
    services.dues_compute_month(actor=SYSTEM, node=cast.school, month=JULY)
    log_in(client, cast, "office_admin")
    # user, roles (the session comes from the cache), nodes for the filter, node for computing, totals, count, page
    with django_assert_num_queries(7):
        response = client.get(DUES, {"month": "2021-07"})
    assert response.context["totals"].records == 7 + extra


def test_bad_month_filter_explains_and_shows_this_month(cast, client):
    log_in(client, cast, "office_admin")
    response = client.get(DUES, {"month": "2021-13"})
    assert response.status_code == 200
    assert _zh("Enter a month as year-month, e.g. 2021-07.") in response.content.decode()
    assert response.context["month"] == timezone.localdate().replace(day=1)
