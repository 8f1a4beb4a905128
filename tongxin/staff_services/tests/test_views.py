import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.staff_services import services
from tongxin.staff_services.models import InsuranceClaim, InsuredPerson, SchoolPlaceApplication
from tongxin.testing.personas import log_in

from .factories import make_applications, make_claims, make_members


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("persona", "policies", "claims", "places"),
    [
        ("office_admin", 200, 200, 200),
        ("finance_officer", 200, 200, 403),
        ("auditor", 200, 200, 403),
        ("branch_a_liaison", 403, 200, 200),
        ("branch_a_chair", 403, 200, 200),
        ("branch_a_member", 403, 403, 403),
        ("outsider", 403, 403, 403),
    ],
)
def test_console_pages_by_persona(cast, client, policy, persona, policies, claims, places):
    log_in(client, cast, persona)
    assert client.get(reverse("staff_services:policy-list")).status_code == policies
    assert client.get(reverse("staff_services:claim-list")).status_code == claims
    assert client.get(reverse("staff_services:place-list")).status_code == places
    assert client.get(reverse("staff_services:place-summary")).status_code == places


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("staff_services:insurance-mine"))
    assert response.status_code == 302


def test_office_creates_a_policy_imports_and_posts(cast, client, books):
    log_in(client, cast, "office_admin")
    response = client.post(
        reverse("staff_services:policy-create"),
        {
            "name": "Group accident 2021",
            "insurer": "Test Life",
            "starts_on": "2021-01-01",
            "ends_on": "2021-12-31",
            "premium_per_person_fen": "80",
        },
    )
    assert response.status_code == 302
    policy = services.insurance_policy_create.__globals__["InsurancePolicy"].objects.get()
    client.post(
        reverse("staff_services:cover-item-add", args=[policy.pk]),
        {"name": "Accidental death", "amount_fen": "340,000"},
    )
    assert policy.cover_items.get().amount_fen == 34_000_000
    client.post(reverse("staff_services:roster-import", args=[policy.pk]), {"node": ""})
    assert InsuredPerson.objects.filter(policy=policy).count() == 7
    client.post(
        reverse("staff_services:premium-post", args=[policy.pk]), {"entry_on": "2021-01-05"}
    )
    policy.refresh_from_db()
    assert policy.premium_posted_fen == 7 * 8_000
    page = client.get(reverse("staff_services:policy-detail", args=[policy.pk]))
    assert page.status_code == 200
    assert b'data-testid="premium-post"' not in page.content


def test_bad_policy_form_shows_errors_and_changes_nothing(cast, client):
    log_in(client, cast, "office_admin")
    response = client.post(
        reverse("staff_services:policy-create"),
        {
            "name": "P",
            "insurer": "I",
            "starts_on": "2021-12-31",
            "ends_on": "2021-01-01",
            "premium_per_person_fen": "-5",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    response = client.post(
        reverse("staff_services:policy-create"),
        {
            "name": "P",
            "insurer": "I",
            "starts_on": "2021-12-31",
            "ends_on": "2021-01-01",
            "premium_per_person_fen": "abc",
        },
    )
    assert "premium_per_person_fen" in response.context["form"].errors
    response = client.post(
        reverse("staff_services:policy-create"),
        {
            "name": "P",
            "insurer": "I",
            "starts_on": "2021-12-31",
            "ends_on": "2021-01-01",
            "premium_per_person_fen": "5",
        },
    )
    assert "ends_on" in response.context["form"].errors
    assert not services.insurance_policy_create.__globals__["InsurancePolicy"].objects.exists()


def test_liaison_files_a_claim_and_office_settles_it(cast, client, insured_policy):
    log_in(client, cast, "branch_a_liaison")
    response = client.post(
        reverse("staff_services:claim-file"),
        {
            "person_query": "A1001",
            "policy": insured_policy.pk,
            "incident_on": "2021-05-02",
            "description": "Sprained ankle at the sports meet",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    claim = InsuranceClaim.objects.get()
    # Branch B's member is not the liaison's: the form says nobody matches.
    response = client.post(
        reverse("staff_services:claim-file"),
        {
            "person_query": "B1001",
            "policy": insured_policy.pk,
            "incident_on": "2021-05-02",
            "description": "x",
        },
    )
    assert response.status_code == 200
    assert InsuranceClaim.objects.count() == 1
    log_in(client, cast, "office_admin")
    client.post(reverse("staff_services:claim-submit", args=[claim.pk]), {"note": "Sent"})
    client.post(
        reverse("staff_services:claim-settle", args=[claim.pk]),
        {"outcome": "paid", "paid_fen": "1,200.50"},
    )
    claim.refresh_from_db()
    assert (claim.status, claim.paid_fen) == ("paid", 120_050)
    log_in(client, cast, "branch_a_member")
    mine = client.get(reverse("staff_services:insurance-mine"))
    assert b"1,200.50" in mine.content
    assert client.get(reverse("staff_services:claim-detail", args=[claim.pk])).status_code == 200
    log_in(client, cast, "branch_b_member")
    assert client.get(reverse("staff_services:claim-detail", args=[claim.pk])).status_code == 404


def test_member_applies_for_own_child_and_sees_the_outcome(cast, client, child, add_child):
    add_child("branch_b_member", name="Not mine")
    log_in(client, cast, "branch_a_member")
    page = client.get(reverse("staff_services:place-apply-mine"))
    assert [c for c, _label in page.context["form"].fields["child"].choices] == [child.pk]
    response = client.post(
        reverse("staff_services:place-apply-mine"),
        {"child": child.pk, "stage": "primary", "wished_school": "Xiangcheng Primary"},
    )
    assert response.status_code == 302
    application = SchoolPlaceApplication.objects.get()
    log_in(client, cast, "office_admin")
    client.post(reverse("staff_services:place-forward", args=[application.pk]))
    client.post(
        reverse("staff_services:place-decide", args=[application.pk]),
        {"outcome": "placed", "outcome_school": "Xiangcheng Primary"},
    )
    application.refresh_from_db()
    assert application.status == "placed"
    log_in(client, cast, "branch_a_member")
    mine = client.get(reverse("staff_services:place-mine"))
    assert b"Xiangcheng Primary" in mine.content
    # Another member cannot see it.
    log_in(client, cast, "branch_b_member")
    assert (
        client.get(reverse("staff_services:place-detail", args=[application.pk])).status_code == 404
    )


def test_liaison_applies_for_a_branch_members_child(cast, client, child):
    log_in(client, cast, "branch_a_liaison")
    response = client.post(reverse("staff_services:place-apply"), {"person_query": "A1001"})
    assert response.status_code == 302
    response = client.post(
        response["Location"], {"child": child.pk, "stage": "kindergarten", "wished_school": "K"}
    )
    assert response.status_code == 302
    assert SchoolPlaceApplication.objects.get().submitted_by == cast.users["branch_a_liaison"]
    other = cast.people["branch_b_member"].pk
    assert client.get(reverse("staff_services:place-apply") + f"?person={other}").status_code == 404


def test_export_is_an_xlsx(cast, client, application, insured_policy):
    log_in(client, cast, "office_admin")
    response = client.get(reverse("staff_services:place-export") + "?year=2021")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    roster = client.get(reverse("staff_services:roster-export", args=[insured_policy.pk]))
    assert roster.status_code == 200
    log_in(client, cast, "branch_a_liaison")
    assert client.get(reverse("staff_services:place-export")).status_code == 403


def test_claim_board_runs_fixed_queries(cast, client, insured_policy):
    log_in(client, cast, "office_admin")
    url = reverse("staff_services:claim-list")
    make_claims(cast, insured_policy, 1)
    client.get(url)
    few = _queries(client, url)
    make_claims(cast, insured_policy, 20)
    assert _queries(client, url) == few


def test_place_board_runs_fixed_queries(cast, client):
    log_in(client, cast, "office_admin")
    url = reverse("staff_services:place-list")
    make_applications(cast, 1)
    client.get(url)
    few = _queries(client, url)
    make_applications(cast, 15, start=1)
    assert _queries(client, url) == few
    summary = reverse("staff_services:place-summary")
    assert _queries(client, summary) <= few


def test_roster_and_my_pages_run_fixed_queries(cast, client, policy):
    log_in(client, cast, "office_admin")
    url = reverse("staff_services:roster", args=[policy.pk])
    services.insured_person_add(
        actor=cast.actor("office_admin"), policy=policy, person=cast.people["branch_a_member"]
    )
    client.get(url)
    few = _queries(client, url)
    make_members(cast, 12)
    services.insured_roster_import(actor=cast.actor("office_admin"), policy=policy)
    assert _queries(client, url) == few
    insured_policy = policy
    log_in(client, cast, "branch_a_member")
    mine = reverse("staff_services:insurance-mine")
    make_claims(cast, insured_policy, 1)
    client.get(mine)
    few = _queries(client, mine)
    make_claims(cast, insured_policy, 14)
    assert _queries(client, mine) == few
    places = reverse("staff_services:place-mine")
    make_applications(cast, 1)
    client.get(places)
    few_places = _queries(client, places)
    make_applications(cast, 14, start=1)
    assert _queries(client, places) == few_places


def test_liaison_sees_only_their_branch_on_the_roster(cast, client, insured_policy):
    log_in(client, cast, "branch_a_liaison")
    response = client.get(reverse("staff_services:roster", args=[insured_policy.pk]))
    names = {row.person.name for row in response.context["page_obj"]}
    assert names == {"Chair A", "Liaison A", "Member A"}
    assert b'data-testid="roster-import"' not in response.content


def test_me_page_shows_the_tiles(cast, client):
    log_in(client, cast, "branch_a_member")
    response = client.get(reverse("members:me"))
    assert b'data-testid="tile-insurance"' in response.content
    assert b'data-testid="tile-school-places"' in response.content


def test_remove_form_with_refund(cast, client, posted_policy):
    insured = InsuredPerson.objects.get(person=cast.people["branch_b_member"])
    log_in(client, cast, "office_admin")
    response = client.post(
        reverse("staff_services:insured-remove", args=[insured.pk]),
        {"removed_on": "2021-07-01", "note": "Left", "refund_fen": "40"},
    )
    assert response.status_code == 302
    insured.refresh_from_db()
    assert (insured.removed_on, insured.refund_fen) == (dt.date(2021, 7, 1), 4_000)
    response = client.post(
        reverse("staff_services:insured-remove", args=[insured.pk]),
        {"removed_on": "2021-08-01", "refund_fen": "-1"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("persona", "links"),
    [
        ("office_admin", {"nav-policies", "nav-claims", "nav-school-places"}),
        ("finance_officer", {"nav-policies", "nav-claims"}),
        ("branch_a_liaison", {"nav-claims", "nav-school-places"}),
        ("branch_a_member", set()),
    ],
)
def test_nav_links_match_the_pages_one_may_open(cast, client, persona, links):
    log_in(client, cast, persona)
    content = client.get(reverse("members:me")).content.decode()
    shown = {
        name
        for name in ("nav-policies", "nav-claims", "nav-school-places")
        if f'data-testid="{name}"' in content
    }
    assert shown == links


def test_bureau_list_has_the_columns_the_bureau_needs(cast, client, application):
    import io

    from openpyxl import load_workbook

    log_in(client, cast, "office_admin")
    response = client.get(reverse("staff_services:place-export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    from django.utils import translation

    from tongxin.members.choices import SchoolStage

    with translation.override("zh-hans"):
        primary = str(SchoolStage.PRIMARY.label)
    assert rows[1][:6] == (
        "Child",
        "Member A",
        "A1001",
        "Group A1",
        primary,
        "Xiangcheng Primary School",
    )
