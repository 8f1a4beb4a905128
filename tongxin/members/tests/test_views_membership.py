import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tongxin.approvals.models import ApprovalRequest
from tongxin.core.models import AuditEvent
from tongxin.members import services
from tongxin.members.models import MembershipApplication, MembershipEvent, Person
from tongxin.testing.personas import PAGE_PERSONAS, SYSTEM, log_in


def _zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


def _change_url(cast, action, person="branch_a_member"):
    return reverse("members:membership-change", args=[cast.people[person].pk, action])


CHANGE_STATUS = {
    "office_admin": 200,
    "finance_officer": 403,
    "auditor": 403,
    "branch_a_chair": 403,
    "branch_a_liaison": 403,
    "branch_a_member": 403,
    "branch_b_member": 404,
    "outsider": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
@pytest.mark.parametrize("action", ["join", "transfer", "retire", "leave", "death"])
def test_change_pages_matrix(cast, client, persona, action):
    log_in(client, cast, persona)
    assert client.get(_change_url(cast, action)).status_code == CHANGE_STATUS[persona]


def test_unknown_change_is_not_found(cast, client):
    log_in(client, cast, "office_admin")
    assert client.get(_change_url(cast, "promote")).status_code == 404


def test_office_transfers_a_member(cast, client):
    log_in(client, cast, "office_admin")
    response = client.post(
        _change_url(cast, "transfer"),
        {"on": "2021-03-01", "to_node": cast.branch_b.pk, "note": "New post"},
    )
    person = Person.objects.get(pk=cast.people["branch_a_member"].pk)
    assert response["Location"] == reverse("members:person-detail", args=[person.pk])
    assert person.node_id == cast.branch_b.pk
    event = MembershipEvent.objects.get(person=person, kind="transferred")
    assert (event.from_node_id, event.to_node_id, event.note) == (
        cast.group_a1.pk,
        cast.branch_b.pk,
        "New post",
    )


def test_transfer_needs_a_branch_and_a_plausible_date(cast, client):
    log_in(client, cast, "office_admin")
    before = MembershipEvent.objects.count()
    response = client.post(_change_url(cast, "transfer"), {"on": "2021-03-01"})
    assert response.status_code == 200
    response = client.post(
        _change_url(cast, "transfer"), {"on": "2010-01-01", "to_node": cast.branch_b.pk}
    )
    expected = _zh("The date is before the current membership period began (%(date)s).") % {
        "date": "2015-09-01"
    }
    assert expected in response.content.decode()
    assert MembershipEvent.objects.count() == before


def test_retire_and_leave(cast, client):
    log_in(client, cast, "office_admin")
    client.post(_change_url(cast, "retire", "branch_b_member"), {"on": "2021-01-01"})
    person = Person.objects.get(pk=cast.people["branch_b_member"].pk)
    assert person.membership_status == "retained"
    client.post(_change_url(cast, "leave", "branch_b_member"), {"on": "2021-02-01"})
    assert Person.objects.get(pk=person.pk).membership_status == "left"
    response = client.post(_change_url(cast, "leave", "branch_b_member"), {"on": "2021-03-01"})
    assert _zh("%(name)s is not a member.") % {"name": "Member B"} in response.content.decode()


def test_join_a_non_member_and_death(cast, client):
    log_in(client, cast, "office_admin")
    client.post(_change_url(cast, "join", "branch_a_non_member"), {"on": "2021-05-01"})
    person = Person.objects.get(pk=cast.people["branch_a_non_member"].pk)
    assert (person.membership_status, person.joined_on) == ("member", dt.date(2021, 5, 1))
    client.post(_change_url(cast, "death", "branch_a_non_member"), {"on": "2021-06-01"})
    assert Person.objects.get(pk=person.pk).membership_status == "deceased"


@pytest.mark.parametrize("persona", ["branch_a_chair", "branch_a_member", "branch_b_member"])
def test_denied_post_changes_nothing(cast, client, persona):
    log_in(client, cast, persona)
    before = (MembershipEvent.objects.count(), AuditEvent.objects.count())
    response = client.post(_change_url(cast, "leave"), {"on": "2021-03-01"})
    assert response.status_code in (403, 404)
    assert (MembershipEvent.objects.count(), AuditEvent.objects.count()) == before
    assert Person.objects.get(pk=cast.people["branch_a_member"].pk).membership_status == "member"


def _application(cast):
    return services.membership_apply(actor=SYSTEM, person=cast.people["branch_a_non_member"])


APPLICATION_STATUS = {
    "office_admin": 200,
    "finance_officer": 200,
    "auditor": 200,
    "branch_a_chair": 200,
    "branch_a_liaison": 200,
    "branch_a_member": 404,
    "branch_b_member": 404,
    "outsider": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_application_page_matrix(cast, client, persona):
    application = _application(cast)
    log_in(client, cast, persona)
    response = client.get(reverse("members:application-detail", args=[application.pk]))
    assert response.status_code == APPLICATION_STATUS[persona]
    if response.status_code == 200:
        may_decide = persona in ("office_admin", "branch_a_chair")
        assert response.context["may_decide"] is may_decide


def test_application_decided_in_two_steps(cast, client):
    # given an application
    application = _application(cast)
    url = reverse("members:application-detail", args=[application.pk])
    # when the chair approves the branch step
    log_in(client, cast, "branch_a_chair")
    page = client.get(url).content.decode()
    assert _zh("Branch review") in page
    assert _zh("School union approval") in page
    client.post(url, {"outcome": "approve", "comment": "", "position": 1})
    assert ApprovalRequest.objects.get().current_position == 2
    # then the chair may no longer decide, and a stale post is refused
    assert client.get(url).context["may_decide"] is False
    assert client.post(url, {"outcome": "approve", "position": 1}).status_code == 403
    # when the office approves the school step
    log_in(client, cast, "office_admin")
    client.post(url, {"outcome": "approve", "comment": "Welcome", "position": 2})
    # then the person is a member
    assert Person.objects.get(pk=application.person_id).membership_status == "member"


def test_rejection_without_reason_shows_a_translated_error(cast, client):
    application = _application(cast)
    url = reverse("members:application-detail", args=[application.pk])
    log_in(client, cast, "branch_a_chair")
    response = client.post(url, {"outcome": "reject", "comment": "", "position": 1})
    assert _zh("Give a reason for the rejection.") in response.content.decode()
    assert ApprovalRequest.objects.get().status == "pending"


def test_stale_step_shows_a_translated_error(cast, client):
    application = _application(cast)
    url = reverse("members:application-detail", args=[application.pk])
    services.membership_application_decide(
        actor=cast.actor("branch_a_chair"), application=application, outcome="approve"
    )
    log_in(client, cast, "office_admin")
    response = client.post(url, {"outcome": "approve", "position": 1})
    assert (
        _zh("Someone else has decided this step in the meantime; reload the page.")
        in response.content.decode()
    )
    assert MembershipApplication.objects.get().person.membership_status == "applicant"


def test_liaison_cannot_decide(cast, client):
    application = _application(cast)
    log_in(client, cast, "branch_a_liaison")
    url = reverse("members:application-detail", args=[application.pk])
    assert client.post(url, {"outcome": "approve", "position": 1}).status_code == 403
    assert ApprovalRequest.objects.get().current_position == 1
