import pytest
from django.urls import reverse

from tongxin.members import services as members
from tongxin.testing.personas import PAGE_PERSONAS, SYSTEM, log_in

INBOX = reverse("approvals:inbox")

INBOX_STATUS = dict.fromkeys(PAGE_PERSONAS, 200) | {
    "branch_a_member": 403,
    "branch_b_member": 403,
    "outsider": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_inbox_matrix(cast, client, persona):
    log_in(client, cast, persona)
    assert client.get(INBOX).status_code == INBOX_STATUS[persona]


def _applicants(cast, count, node):
    for index in range(count):
        person = members.person_create(
            actor=SYSTEM,
            node=node,
            staff_number=f"P{index:03d}",
            name=f"Applicant {index}",
            gender="female",
        )
        members.membership_apply(actor=SYSTEM, person=person)


def test_inbox_links_each_request_to_its_page(cast, client):
    _applicants(cast, 1, cast.branch_a)
    _applicants_b = members.person_create(
        actor=SYSTEM, node=cast.branch_b, staff_number="Q001", name="Applicant B", gender="male"
    )
    members.membership_apply(actor=SYSTEM, person=_applicants_b)
    log_in(client, cast, "branch_a_chair")
    response = client.get(INBOX)
    rows = response.context["rows"]
    assert [item.title for item, _url in rows] == ["Applicant 0 (P000)"]
    assert rows[0][1].startswith("/people/applications/")
    log_in(client, cast, "office_admin")
    assert len(client.get(INBOX).context["rows"]) == 2


@pytest.mark.parametrize("extra", [2, 20])
def test_inbox_queries_do_not_grow(cast, client, django_assert_num_queries, extra):
    _applicants(cast, extra, cast.branch_a)
    log_in(client, cast, "office_admin")
    # user, roles (the session comes from the cache), steps, the actor's family, count, page
    with django_assert_num_queries(6):
        response = client.get(INBOX)
    assert len(response.context["rows"]) == extra
