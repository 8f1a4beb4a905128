import pytest
from django.urls import reverse
from django.utils import timezone

from tongxin.participation import services
from tongxin.testing.personas import PAGE_PERSONAS, log_in

SUMMARY_STATUS = {
    # person-times of member A (group A1)
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
def test_summary_matrix(cast, client, persona):
    log_in(client, cast, persona)
    url = reverse("participation:person-summary", args=[cast.people["branch_a_member"].pk])
    assert client.get(url).status_code == SUMMARY_STATUS[persona]


@pytest.mark.parametrize("extra", [2, 20])
def test_summary_counts_by_kind_with_fixed_queries(cast, client, django_assert_num_queries, extra):
    # given member A with person-times this year on many occasions
    person = cast.people["branch_a_member"]
    occasions = [cast.school, cast.branch_a, cast.branch_b, cast.group_a1]
    today = timezone.localdate().replace(month=1, day=1)
    for index in range(extra):
        kind = ("activity", "study", "benefit", "club_session", "match")[index // 4]
        services.participation_record(
            person=person, kind=kind, occasion=occasions[index % 4], occurred_on=today
        )
    log_in(client, cast, "branch_a_member")
    url = reverse("participation:person-summary", args=[person.pk])
    # user, roles (the session comes from the cache), person, stats, latest
    with django_assert_num_queries(5):
        response = client.get(url, HTTP_HX_REQUEST="true")
    stats = response.context["stats"]
    assert sum(row["person_times"] for row in stats) == extra
    assert len(response.context["recent"]) == min(extra, 10)
