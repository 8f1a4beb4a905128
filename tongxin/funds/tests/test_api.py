import datetime as dt

import pytest

from tongxin.accounts.services import api_token_create
from tongxin.funds import services
from tongxin.funds.models import JournalEntry

from .conftest import YEAR, counts

BASE = "/api/v1/funds"
ACTIVITIES = "expense.staff_activities.culture_sports"


@pytest.fixture
def api(client, cast):
    """A client factory: ``api("finance_officer").get(...)`` with that persona's token."""

    def make(persona):
        _token, key = api_token_create(actor=cast.actor(persona), name="tests")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        return client

    return make


def test_record_income_and_read_it_back(api, books):
    cast = books.cast
    response = api("finance_officer").post(
        f"{BASE}/entries/income",
        {
            "node_id": cast.school.pk,
            "category_key": "income.allocated_funds",
            "amount_fen": 1_200_000,
            "received_on": "2021-04-10",
            "memo": "Q1 allocated funds",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["total_fen"] == 1_200_000
    assert [line["category_key"] for line in body["lines"]] == [
        "asset.bank",
        "income.allocated_funds",
    ]
    ledger = (
        api("auditor").get(f"{BASE}/ledger", {"fiscal_year": YEAR, "category_key": "income"}).json()
    )
    assert ledger["count"] == 1  # the opening balance is net assets, not income


@pytest.mark.parametrize(
    ("amount", "status", "code"),
    [
        (-100, 400, "invalid_amount"),
        (0, 400, "invalid_amount"),
        ("abc", 400, "invalid"),
        (1.5, 400, "invalid"),
        (10**9, 400, "insufficient_balance"),
    ],
)
def test_bad_amounts_get_a_clear_error(api, books, amount, status, code):
    cast = books.cast
    client = api("finance_officer")
    before = counts()
    response = client.post(
        f"{BASE}/entries/expense",
        {
            "node_id": cast.school.pk,
            "category_key": ACTIVITIES,
            "amount_fen": amount,
            "paid_on": "2021-04-10",
            "memo": "Tickets",
        },
        content_type="application/json",
    )
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert counts() == before


def test_over_budget_answers_400_with_the_figures(api, cast):
    from tongxin.testing.funds import fund_books

    fund_books(cast, school_budget={ACTIVITIES: 10_000}, branch_budget=None)
    response = api("finance_officer").post(
        f"{BASE}/entries/expense",
        {
            "node_id": cast.school.pk,
            "category_key": ACTIVITIES,
            "amount_fen": 10_001,
            "paid_on": "2021-04-10",
            "memo": "Tickets",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "budget_exceeded"
    assert body["extra"]["budget_fen"] == 10_000


def test_member_and_outsider_cannot_post(api, books):
    cast = books.cast
    before = counts()
    for persona in ("branch_a_member", "outsider"):
        response = api(persona).post(
            f"{BASE}/entries/income",
            {
                "node_id": cast.school.pk,
                "category_key": "income.dues",
                "amount_fen": 100,
                "received_on": "2021-04-10",
                "memo": "x",
            },
            content_type="application/json",
        )
        assert response.status_code == 404
    assert counts()["JournalEntry"] == before["JournalEntry"]


def test_reverse_and_reverse_again(api, books):
    cast = books.cast
    entry = services.expense_record(
        actor=cast.actor("finance_officer"),
        node=cast.school,
        category_key=ACTIVITIES,
        amount_fen=500,
        paid_on=dt.date(YEAR, 4, 1),
        memo="Posters",
    )
    client = api("finance_officer")
    first = client.post(
        f"{BASE}/entries/{entry.pk}/reverse",
        {"reason": "Wrong category"},
        content_type="application/json",
    )
    assert first.status_code == 201
    assert first.json()["reverses_id"] == entry.pk
    second = client.post(
        f"{BASE}/entries/{entry.pk}/reverse", {"reason": "Again"}, content_type="application/json"
    )
    assert second.status_code == 400
    assert second.json()["code"] == "already_reversed"
    assert JournalEntry.objects.filter(reverses=entry).count() == 1


def test_budget_cycle_over_the_api(api, books):
    cast = books.cast
    finance = api("finance_officer")
    created = finance.post(
        f"{BASE}/budget-versions",
        {"node_id": cast.branch_b.pk, "fiscal_year": YEAR},
        content_type="application/json",
    ).json()
    assert created["number"] == 2
    assert created["lines"] == [{"category_key": "expense", "amount_fen": 1_000_000, "note": ""}]
    pk = created["id"]
    finance.put(
        f"{BASE}/budget-versions/{pk}/lines",
        {"category_key": "expense", "amount_fen": 1_500_000},
        content_type="application/json",
    )
    assert finance.post(f"{BASE}/budget-versions/{pk}/submit").json()["status"] == "submitted"
    assert (
        api("auditor")
        .post(
            f"{BASE}/budget-versions/{pk}/decide",
            {"outcome": "approve"},
            content_type="application/json",
        )
        .status_code
        == 200
    )
    decided = (
        api("office_admin")
        .post(
            f"{BASE}/budget-versions/{pk}/decide",
            {"outcome": "approve"},
            content_type="application/json",
        )
        .json()
    )
    assert decided["status"] == "approved"
    changed = api("finance_officer").put(
        f"{BASE}/budget-versions/{pk}/lines",
        {"category_key": "expense", "amount_fen": 1},
        content_type="application/json",
    )
    assert changed.status_code == 409
    assert changed.json()["code"] == "not_draft"


def test_policy_and_allocations_over_the_api(api, books):
    cast = books.cast
    office = api("office_admin")
    policies = office.get(f"{BASE}/policies").json()["items"]
    current = policies[0]
    payload = {
        **current,
        "school_id": cast.school.pk,
        "effective_from": "2021-09-01",
        "holiday_cap_fen": 150_000,
    }
    for key in ("id", "number"):
        payload.pop(key)
    created = office.post(f"{BASE}/policies", payload, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["holiday_cap_fen"] == 150_000
    bad = office.post(
        f"{BASE}/policies",
        {**payload, "effective_from": "2021-10-01", "allowed_festivals": ["teachers_day"]},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "unknown_festival"
    rule = office.put(
        f"{BASE}/allocations/rule",
        {
            "school_id": cast.school.pk,
            "fiscal_year": YEAR,
            "method": "pool",
            "pool_fen": 100_001,
            "counted_on": "2021-01-01",
        },
        content_type="application/json",
    )
    assert rule.status_code == 200
    preview = office.get(
        f"{BASE}/allocations/preview", {"school_id": cast.school.pk, "fiscal_year": YEAR}
    ).json()
    assert sum(row["amount_fen"] for row in preview) == 100_001
    posted = office.post(
        f"{BASE}/allocations/post",
        {"school_id": cast.school.pk, "fiscal_year": YEAR, "entry_on": "2021-03-01"},
        content_type="application/json",
    )
    assert posted.status_code == 201
    assert len(posted.json()) == 2
    statement = (
        api("auditor")
        .get(f"{BASE}/reports/statement", {"node_id": cast.branch_a.pk, "fiscal_year": YEAR})
        .json()
    )
    assert statement["transfer_in_fen"] == 75_001
    settlement = (
        api("auditor")
        .get(f"{BASE}/reports/settlement", {"node_id": cast.school.pk, "fiscal_year": YEAR})
        .json()
    )
    assert {row["node_name"]: row["allocated_fen"] for row in settlement}["Branch A"] == 75_001
    budgets = (
        api("auditor")
        .get(f"{BASE}/reports/budget-vs-actual", {"node_id": cast.school.pk, "fiscal_year": YEAR})
        .json()
    )
    assert budgets[0]["rows"][1] == {
        "key": "transfer",
        "label": budgets[0]["rows"][1]["label"],
        "kind": "transfer",
        "budget_fen": 5_000_000,
        "actual_fen": 100_001,
        "remaining_fen": 4_899_999,
    }
    xlsx = api("auditor").get(
        f"{BASE}/reports/budget.xlsx", {"node_id": cast.school.pk, "fiscal_year": YEAR}
    )
    assert xlsx.content[:2] == b"PK"


def test_audit_opinion_only_by_the_audit_committee(api, books):
    cast = books.cast
    payload = {
        "node_id": cast.school.pk,
        "fiscal_year": YEAR,
        "conclusion": "unqualified",
        "text": "In order.",
    }
    assert (
        api("finance_officer")
        .post(f"{BASE}/opinions", payload, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        api("auditor")
        .post(f"{BASE}/opinions", payload, content_type="application/json")
        .status_code
        == 201
    )
    assert api("office_admin").get(f"{BASE}/opinions").json()["count"] == 1


LISTS = ["/ledger", "/accounts", "/budgets", "/policies", "/allocations", "/opinions"]


@pytest.mark.parametrize("path", LISTS)
def test_api_lists_run_a_constant_number_of_queries(api, books, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cast = books.cast
    client = api("auditor")
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"{BASE}{path}").status_code == 200
    finance = cast.actor("finance_officer")
    for index in range(12):
        services.income_record(
            actor=finance,
            node=cast.branch_b,
            category_key="income.other",
            amount_fen=100 + index,
            received_on=dt.date(YEAR, 7, 1),
            memo=f"Gift {index}",
        )
        services.audit_opinion_add(
            actor=cast.actor("auditor"),
            node=cast.branch_b,
            fiscal_year=YEAR,
            conclusion="note",
            text=f"Note {index}",
        )
    rule = services.allocation_rule_set(
        actor=finance,
        school=cast.school,
        fiscal_year=YEAR,
        method="per_member",
        per_member_fen=100,
        counted_on=dt.date(YEAR, 1, 1),
    )
    services.allocation_post(
        actor=cast.actor("office_admin"), rule=rule, entry_on=dt.date(YEAR, 3, 1)
    )
    with CaptureQueriesContext(connection) as large:
        assert client.get(f"{BASE}{path}").status_code == 200
    assert len(large) == len(small)
