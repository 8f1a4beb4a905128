"""Activity costs posted through the funds ledger: permissions, budget control, reversal and
bad input (which changes nothing)."""

import datetime as dt

import pytest
from django.db.models import Max

from tongxin.activities import services
from tongxin.activities.models import ActivityCost
from tongxin.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.funds.models import FundAccount, JournalEntry
from tongxin.testing.funds import fund_books

from .factories import SYSTEM, make_activity

ON = dt.date(2021, 6, 1)
KEY = "expense.staff_activities.culture_sports"
OK = "ok"
PERSONAS = (
    "office_admin",
    "finance_officer",
    "auditor",
    "branch_a_chair",
    "branch_a_liaison",
    "branch_a_member",
    "branch_b_member",
    "outsider",
    "anonymous",
)


def fingerprint():
    return (
        ActivityCost.objects.count(),
        tuple(ActivityCost.objects.order_by("pk").values_list("pk", "reversed_at")),
        JournalEntry.objects.count(),
        tuple(FundAccount.objects.order_by("pk").values_list("pk", "balance_fen")),
        AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0,
    )


@pytest.fixture
def books(cast):
    return fund_books(cast, branch_funds_fen=500_000)


@pytest.fixture
def branch_activity(cast, books):
    return make_activity(cast.branch_a, estimated_cost_fen=50_000)


@pytest.fixture
def school_activity(cast, books):
    return make_activity(cast.school, estimated_cost_fen=50_000)


def post(actor, activity, **overrides):
    data = {
        "description": "Balls and nets",
        "amount_fen": 12_000,
        "incurred_on": ON,
        "category_key": KEY,
        "payee": "Sports shop",
    }
    data.update(overrides)
    return services.activity_cost_post(actor=actor, activity=activity, **data)


def balance(node, kind="fund"):
    return FundAccount.objects.get(node=node, kind=kind).balance_fen


def test_post_pays_from_the_organisers_fund_with_the_cost_as_source(cast, branch_activity):
    before = balance(cast.branch_a)
    cost = post(cast.actor("branch_a_chair"), branch_activity)
    assert cost.journal_entry is not None
    assert cost.journal_entry.source_type == "activities.activitycost"
    assert cost.journal_entry.source_id == str(cost.pk)
    assert cost.paying_node == cast.branch_a
    assert balance(cast.branch_a) == before - 12_000
    assert AuditEvent.objects.filter(event="activity_cost.posted", target_id=str(cost.pk)).exists()


def test_group_organiser_pays_from_its_branch(cast, books):
    activity = make_activity(cast.group_a1)
    cost = post(SYSTEM, activity)
    assert cost.paying_node == cast.branch_a


def test_co_organising_branch_may_pay(cast, books):
    activity = make_activity(cast.school, co_organiser_ids=[cast.branch_b.pk])
    before = balance(cast.branch_b)
    cost = post(cast.actor("office_admin"), activity, paying_node=cast.branch_b)
    assert cost.paying_node == cast.branch_b
    assert balance(cast.branch_b) == before - 12_000


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office_admin", OK),
        ("finance_officer", Forbidden),
        ("auditor", Forbidden),
        ("branch_a_chair", OK),
        ("branch_a_liaison", Forbidden),
        ("branch_a_member", NotFound),
        ("branch_b_member", NotFound),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_post_permission_matrix_branch_activity(cast, branch_activity, persona, expected):
    actor = cast.actor(persona)
    if expected is OK:
        assert post(actor, branch_activity).journal_entry_id
        return
    before = fingerprint()
    with pytest.raises(expected):
        post(actor, branch_activity)
    assert fingerprint() == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office_admin", OK),
        ("finance_officer", Forbidden),
        ("auditor", Forbidden),
        ("branch_a_chair", NotFound),
        ("branch_a_liaison", NotFound),
        ("branch_a_member", NotFound),
        ("branch_b_member", NotFound),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_post_permission_matrix_school_activity(cast, school_activity, persona, expected):
    actor = cast.actor(persona)
    if expected is OK:
        assert post(actor, school_activity).journal_entry_id
        return
    before = fingerprint()
    with pytest.raises(expected):
        post(actor, school_activity)
    assert fingerprint() == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office_admin", OK),
        ("finance_officer", Forbidden),
        ("auditor", Forbidden),
        ("branch_a_chair", OK),
        ("branch_a_liaison", Forbidden),
        ("branch_a_member", NotFound),
        ("branch_b_member", NotFound),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_reverse_permission_matrix(cast, branch_activity, persona, expected):
    cost = post(SYSTEM, branch_activity)
    actor = cast.actor(persona)
    if expected is OK:
        assert services.activity_cost_reverse(
            actor=actor, cost=cost, reason="Wrong shop"
        ).is_reversed
        return
    before = fingerprint()
    with pytest.raises(expected):
        services.activity_cost_reverse(actor=actor, cost=cost, reason="Wrong shop")
    assert fingerprint() == before


def test_branch_chair_cannot_pay_from_a_co_organising_school(cast, books):
    activity = make_activity(cast.branch_a, co_organiser_ids=[cast.school.pk])
    before = fingerprint()
    with pytest.raises((Forbidden, NotFound)):
        post(cast.actor("branch_a_chair"), activity, paying_node=cast.school)
    assert fingerprint() == before


def test_over_budget_is_refused_without_override(cast, branch_activity):
    # The branch budget is 10,000 yuan of expense; the fund holds 5,000 + a top-up.
    before = fingerprint()
    with pytest.raises(DomainError) as caught:
        post(cast.actor("branch_a_chair"), branch_activity, amount_fen=1_000_001)
    assert caught.value.code in ("budget_exceeded", "insufficient_balance")
    assert fingerprint() == before


def test_over_budget_on_school_refused_then_overridden_by_office(cast, books):
    activity = make_activity(cast.school)
    before = fingerprint()
    with pytest.raises(DomainError) as caught:
        post(cast.actor("office_admin"), activity, amount_fen=10_000_001)
    assert caught.value.code == "budget_exceeded"
    assert fingerprint() == before
    cost = post(
        cast.actor("office_admin"),
        activity,
        amount_fen=10_000_001,
        budget_override_reason="Sports meeting agreed by the committee",
    )
    assert cost.journal_entry.budget_override_reason


def test_branch_chair_cannot_override(cast, branch_activity, books):
    from tongxin.funds import services as funds

    funds.ledger_post_transfer(
        actor=SYSTEM,
        from_node=cast.school,
        to_node=cast.branch_a,
        amount_fen=2_000_000,
        entry_on=ON,
        memo="Top-up",
        source=funds.SourceRef("testing.funds", "top-up"),
    )
    before = fingerprint()
    with pytest.raises(Forbidden):
        post(
            cast.actor("branch_a_chair"),
            branch_activity,
            amount_fen=1_000_001,
            budget_override_reason="Please",
        )
    assert fingerprint() == before


def test_reversal_restores_balances(cast, branch_activity):
    before = balance(cast.branch_a), balance(cast.school, "bank")
    cost = post(cast.actor("branch_a_chair"), branch_activity)
    assert balance(cast.branch_a) != before[0]
    reversed_cost = services.activity_cost_reverse(
        actor=cast.actor("branch_a_chair"), cost=cost, reason="Returned the goods"
    )
    assert reversed_cost.is_reversed
    assert reversed_cost.reversal_entry.reverses_id == cost.journal_entry_id
    assert (balance(cast.branch_a), balance(cast.school, "bank")) == before
    original = JournalEntry.objects.get(pk=cost.journal_entry_id)
    assert original.total_fen == 12_000
    state = fingerprint()
    with pytest.raises(DomainError):
        services.activity_cost_reverse(actor=SYSTEM, cost=cost, reason="Again")
    assert fingerprint() == state


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount_fen": 0}, "amount_fen"),
        ({"amount_fen": -5}, "amount_fen"),
        ({"amount_fen": 12.5}, "amount_fen"),
        ({"amount_fen": "100"}, "amount_fen"),
        ({"description": "  "}, "description"),
        ({"description": "x" * 201}, "description"),
        ({"incurred_on": "2021-06-01"}, "incurred_on"),
        ({"category_key": "expense.rights.hardship_aid"}, "category_key"),
        ({"category_key": "expense.staff_activities"}, "category_key"),
        ({"category_key": "expense.staff_activities.nope"}, "category_key"),
    ],
)
def test_bad_input_changes_nothing(cast, branch_activity, overrides, field):
    before = fingerprint()
    with pytest.raises(ValidationFailed) as caught:
        post(cast.actor("branch_a_chair"), branch_activity, **overrides)
    assert caught.value.field == field
    assert fingerprint() == before


def test_paying_node_must_organise(cast, branch_activity):
    before = fingerprint()
    with pytest.raises(ValidationFailed) as caught:
        post(SYSTEM, branch_activity, paying_node=cast.branch_b)
    assert caught.value.code == "wrong_paying_node"
    assert fingerprint() == before


def test_reverse_needs_a_reason(cast, branch_activity):
    cost = post(SYSTEM, branch_activity)
    before = fingerprint()
    with pytest.raises(ValidationFailed):
        services.activity_cost_reverse(actor=SYSTEM, cost=cost, reason=" ")
    assert fingerprint() == before


# Pages and API ---------------------------------------------------------------------------


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(context)


def test_manage_page_lists_costs_with_constant_queries(client, cast, branch_activity):
    from django.urls import reverse

    client.force_login(cast.users["branch_a_chair"])
    url = reverse("activities:activity-manage", args=[branch_activity.pk])
    post(SYSTEM, branch_activity)
    one = _queries(client, url)
    for _index in range(4):
        post(SYSTEM, branch_activity)
    assert _queries(client, url) == one
    body = client.get(url).content.decode()
    assert 'data-testid="activity-costs"' in body
    assert "600.00" in body  # 5 × 120 yuan


def test_manage_page_hides_costs_from_a_liaison(client, cast, branch_activity):
    from django.urls import reverse

    client.force_login(cast.users["branch_a_liaison"])
    body = client.get(reverse("activities:activity-manage", args=[branch_activity.pk]))
    assert 'data-testid="activity-costs"' not in body.content.decode()


def test_cost_form_posts_and_reverses(client, cast, branch_activity):
    from django.urls import reverse

    client.force_login(cast.users["branch_a_chair"])
    response = client.post(
        reverse("activities:cost-add", args=[branch_activity.pk]),
        {
            "description": "Water",
            "amount": "35.50",
            "incurred_on": "2021-06-02",
            "category_key": KEY,
            "paying_node": cast.branch_a.pk,
            "payee": "",
            "budget_override_reason": "",
        },
    )
    assert response.status_code == 302, response.content[:500]
    cost = ActivityCost.objects.get()
    assert cost.amount_fen == 3550
    response = client.post(reverse("activities:cost-reverse", args=[cost.pk]), {"reason": "Oops"})
    assert response.status_code == 302
    cost.refresh_from_db()
    assert cost.is_reversed


def test_cost_form_bad_amount_shows_error_and_changes_nothing(client, cast, branch_activity):
    from django.urls import reverse

    client.force_login(cast.users["branch_a_chair"])
    before = fingerprint()
    response = client.post(
        reverse("activities:cost-add", args=[branch_activity.pk]),
        {
            "description": "Water",
            "amount": "1.234",
            "incurred_on": "2021-06-02",
            "category_key": KEY,
            "paying_node": cast.branch_a.pk,
        },
    )
    assert response.status_code == 200
    assert fingerprint() == before


def test_api_post_list_reverse(cast, branch_activity):
    from tongxin.testing.api import api_as, assert_error, query_count

    api = api_as(cast, "branch_a_chair")
    base = f"/activities/{branch_activity.pk}/costs"
    response = api.post(
        base, {"description": "Nets", "amount_fen": 5000, "incurred_on": "2021-06-03"}
    )
    assert response.status_code == 201, response.content
    cost_id = response.json()["id"]
    one = query_count(api, base)
    post(SYSTEM, branch_activity)
    post(SYSTEM, branch_activity)
    assert query_count(api, base) == one
    assert api.get(base).json()["count"] == 3
    response = api.post(f"/activities/costs/{cost_id}/reverse", {"reason": "Double"})
    assert response.status_code == 200
    assert response.json()["reversal_entry_id"]
    before = fingerprint()
    assert_error(
        api.post(base, {"description": "Nets", "amount_fen": 0, "incurred_on": "2021-06-03"}),
        400,
        "invalid_amount",
        "amount_fen",
    )
    assert_error(
        api.post(
            base,
            {
                "description": "Nets",
                "amount_fen": 100,
                "incurred_on": "2021-06-03",
                "paying_node_id": cast.branch_b.pk,
            },
        ),
        400,
        "wrong_paying_node",
        "paying_node_id",
    )
    assert fingerprint() == before
    finance = api_as(cast, "finance_officer")
    assert finance.get(base).status_code == 200
    assert (
        finance.post(
            base, {"description": "Nets", "amount_fen": 100, "incurred_on": "2021-06-03"}
        ).status_code
        == 403
    )
    assert api_as(cast, "branch_b_member").get(base).status_code == 404
