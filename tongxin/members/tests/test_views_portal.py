import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tongxin.members import services
from tongxin.members.models import FamilyMember, MembershipApplication, Person
from tongxin.testing.personas import PAGE_PERSONAS, SYSTEM, log_in

ME = reverse("members:me")


def _zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_me_matrix(cast, client, persona):
    log_in(client, cast, persona)
    response = client.get(ME)
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    content = response.content.decode()
    if persona == "outsider":
        assert 'data-testid="no-person"' in content
    else:
        # each person sees their own record, with the other apps' tiles block in place
        assert cast.people[persona].staff_number in content
        assert 'data-testid="me-tiles"' in content
        assert 'data-testid="my-profile"' in content


def test_member_sees_only_self_and_family(cast, client):
    # given member A with a child
    person = cast.people["branch_a_member"]
    child = services.family_member_add(actor=SYSTEM, person=person, relation="child", name="Kid A")
    other = services.family_member_add(
        actor=SYSTEM, person=cast.people["branch_b_member"], relation="child", name="Kid B"
    )
    log_in(client, cast, "branch_a_member")
    # then their own page shows their child; other people's pages and family are "not found"
    assert "Kid A" in client.get(reverse("members:me-family")).content.decode()
    assert "Kid B" not in client.get(reverse("members:me-family")).content.decode()
    assert (
        client.get(
            reverse("members:person-detail", args=[cast.people["branch_b_member"].pk])
        ).status_code
        == 404
    )
    assert client.get(reverse("members:family-member-edit", args=[other.pk])).status_code == 404
    assert client.get(reverse("members:family-member-edit", args=[child.pk])).status_code == 200
    assert client.get(reverse("members:person-list")).status_code == 403


def test_member_edits_own_contact(cast, client):
    log_in(client, cast, "branch_a_member")
    url = reverse("members:me-contact")
    response = client.post(url, {"phone": "139 1234 5678", "email": "a@example.edu.cn"})
    assert response["Location"] == ME
    person = Person.objects.get(pk=cast.people["branch_a_member"].pk)
    assert (person.phone, person.email) == ("13912345678", "a@example.edu.cn")
    response = client.post(url, {"phone": "555", "email": ""})
    assert (
        _zh("A mobile number has 11 digits and starts with 13 to 19.") in response.content.decode()
    )
    assert Person.objects.get(pk=person.pk).phone == "13912345678"


def test_member_manages_own_family(cast, client):
    # given member A on their page
    log_in(client, cast, "branch_a_member")
    person = cast.people["branch_a_member"]
    # when they add a child with a school stage
    response = client.post(
        reverse("members:family-member-add", args=[person.pk]),
        {
            "relation": "child",
            "name": "Xiao Ming",
            "gender": "male",
            "birth_on": "2014-05-01",
            "school_stage": "primary",
        },
    )
    assert response["Location"] == reverse("members:me-family")
    child = FamilyMember.objects.get(person=person)
    # when they correct and then remove the entry
    client.post(
        reverse("members:family-member-edit", args=[child.pk]),
        {
            "relation": "child",
            "name": "Xiao Ming",
            "gender": "male",
            "birth_on": "2014-06-01",
            "school_stage": "primary",
        },
    )
    assert FamilyMember.objects.get(pk=child.pk).birth_on == dt.date(2014, 6, 1)
    client.post(reverse("members:family-member-remove", args=[child.pk]))
    # then it is gone
    assert not FamilyMember.objects.filter(person=person).exists()


def test_family_form_errors_are_translated(cast, client):
    log_in(client, cast, "branch_a_member")
    response = client.post(
        reverse("members:family-member-add", args=[cast.people["branch_a_member"].pk]),
        {"relation": "spouse", "name": "Partner", "school_stage": "primary"},
    )
    assert _zh("Only a child has a school stage.") in response.content.decode()
    assert not FamilyMember.objects.exists()


def test_member_cannot_remove_another_persons_family(cast, client):
    other = services.family_member_add(
        actor=SYSTEM, person=cast.people["branch_b_member"], relation="spouse", name="Partner B"
    )
    log_in(client, cast, "branch_a_member")
    assert client.post(reverse("members:family-member-remove", args=[other.pk])).status_code == 404
    assert FamilyMember.objects.filter(pk=other.pk).exists()


def test_apply_to_join(cast, client):
    # given the newcomer with an account
    from tongxin.accounts import services as accounts

    person = cast.people["branch_a_non_member"]
    user, _password = accounts.account_create(actor=SYSTEM, person=person, must_change=False)
    client.force_login(user)
    assert 'data-testid="apply"' in client.get(ME).content.decode()
    # when they apply
    response = client.post(reverse("members:me-apply"), {"statement": "I wish to join."})
    # then the application is under way and shown on their page with its steps
    assert response["Location"] == ME
    assert MembershipApplication.objects.get(person=person).statement == "I wish to join."
    page = client.get(ME).content.decode()
    assert 'data-testid="my-application"' in page
    assert _zh("Branch review") in page
    # and a second application is refused with a message
    response = client.post(reverse("members:me-apply"), {"statement": ""})
    assert (
        _zh("%(name)s is already a member or has applied.") % {"name": person.name}
        in response.content.decode()
    )
    assert MembershipApplication.objects.count() == 1


def test_member_cannot_apply_page_offer(cast, client):
    log_in(client, cast, "branch_a_member")
    assert 'data-testid="apply"' not in client.get(ME).content.decode()


def test_me_landing_page_needs_no_query_of_its_own(cast, client, django_assert_num_queries):
    # given a member whose grants are cached by a first visit
    log_in(client, cast, "branch_a_member")
    client.get(ME)
    # then "Me" costs only the session's user (loaded with the person and branch)
    with django_assert_num_queries(1):
        response = client.get(ME)
    assert response.context["person"].pk == cast.people["branch_a_member"].pk


@pytest.mark.parametrize("extra", [2, 20])
def test_me_sections_queries_do_not_grow(cast, client, django_assert_num_queries, extra):
    person = cast.people["branch_a_member"]
    for index in range(extra):
        services.family_member_add(
            actor=SYSTEM, person=person, relation="child", name=f"Child {index}"
        )
    services.dues_compute_month(actor=SYSTEM, node=cast.school, month=dt.date(2021, 7, 1))
    log_in(client, cast, "branch_a_member")
    client.get(ME)
    # user, family
    with django_assert_num_queries(2):
        response = client.get(reverse("members:me-family"))
    assert len(response.context["family"]) == extra
    # user, dues
    with django_assert_num_queries(2):
        response = client.get(reverse("members:me-dues"))
    assert len(response.context["dues"]) == 1
    # user, events, offices
    with django_assert_num_queries(3):
        response = client.get(reverse("members:me-membership"))
    assert len(response.context["history"]) == 1


@pytest.mark.parametrize("section", ["me-family", "me-membership", "me-dues"])
def test_sections_need_a_person(cast, client, section):
    log_in(client, cast, "outsider")
    assert client.get(reverse(f"members:{section}"))["Location"] == ME
    client.logout()
    assert client.get(reverse(f"members:{section}")).status_code == 302
