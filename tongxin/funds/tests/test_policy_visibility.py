"""Branch officers see the policy they file against (the school's, hung on the school node):
page and API, through ``orgs.access.scope_governing``."""

import pytest
from django.test import Client

from tongxin.funds.models import PolicySet
from tongxin.testing.api import api_as
from tongxin.testing.personas import PASSWORD

BASE = "/funds"

# persona → sees the school's policy (page and API)
EXPECTED = {
    "office_admin": True,
    "finance_officer": True,
    "auditor": True,
    "branch_a_chair": True,
    "branch_a_liaison": True,
    "branch_a_member": False,
    "branch_b_member": False,
    "outsider": False,
}


@pytest.mark.django_db
def test_policy_visibility_matrix(books):
    cast = books.cast
    policy = PolicySet.objects.get(school=cast.school)
    for persona, sees in EXPECTED.items():
        # the API list and detail
        api = api_as(cast, persona)
        listed = api.get(f"{BASE}/policies")
        if sees:
            assert [p["id"] for p in listed.json()["items"]] == [policy.pk], persona
        else:
            assert listed.status_code in (200, 403), persona
            if listed.status_code == 200:
                assert listed.json()["items"] == [], persona
        # the page
        client = Client()
        assert client.login(username=cast.users[persona].username, password=PASSWORD)
        page = client.get("/funds/policy/")
        detail = client.get(f"/funds/policy/{policy.pk}/")
        if sees:
            assert page.status_code == 200, persona
            assert page.context["policy"] == policy, persona
            assert page.context["standards"], persona
            assert not page.context["can_manage"] or persona in ("office_admin", "finance_officer")
            assert detail.status_code == 200, persona
        else:
            assert page.status_code in (403, 404), persona
            assert detail.status_code in (403, 404), persona
