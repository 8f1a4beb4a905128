import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tongxin.core.models import AuditEvent
from tongxin.funds import services
from tongxin.funds.models import BudgetVersion, JournalEntry, PolicySet

from .conftest import YEAR, counts

ACTIVITIES = "expense.staff_activities.culture_sports"


@pytest.fixture
def year_books(books):
    cast = books.cast
    finance = cast.actor("finance_officer")
    services.income_record(
        actor=finance,
        node=cast.school,
        category_key="income.dues",
        amount_fen=300_000,
        received_on=dt.date(YEAR, 2, 28),
        memo="Dues",
    )
    rule = services.allocation_rule_set(
        actor=finance,
        school=cast.school,
        fiscal_year=YEAR,
        method="per_member",
        per_member_fen=5_000,
        base_fen=10_000,
        counted_on=dt.date(YEAR, 1, 1),
    )
    services.allocation_post(
        actor=cast.actor("office_admin"), rule=rule, entry_on=dt.date(YEAR, 3, 1)
    )
    services.expense_record(
        actor=cast.actor("branch_a_chair"),
        node=cast.branch_a,
        category_key=ACTIVITIES,
        amount_fen=12_000,
        paid_on=dt.date(YEAR, 5, 1),
        memo="Badminton",
    )
    services.audit_opinion_add(
        actor=cast.actor("auditor"),
        node=cast.school,
        fiscal_year=YEAR,
        conclusion="unqualified",
        text="Books agree with the bank.",
    )
    return books


def _client(client, cast, persona):
    client.force_login(cast.users[persona])
    return client


PAGES = [
    ("funds:overview", None),
    ("funds:ledger", None),
    ("funds:budget-list", None),
    ("funds:policy", None),
    ("funds:allocations", None),
    ("funds:reports", None),
    ("funds:opinions", None),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_officer_pages_render_for_the_finance_officer(year_books, client, name, args):
    response = _client(client, year_books.cast, "finance_officer").get(
        reverse(name, args=args), {"year": YEAR}
    )
    assert response.status_code == 200
    assert b"funds.css" in response.content


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("finance_officer", 200),
        ("auditor", 200),
        ("office_admin", 200),
        ("branch_a_chair", 200),
        ("branch_a_member", 403),
        ("outsider", 403),
    ],
)
def test_overview_access(year_books, client, persona, status):
    assert (
        _client(client, year_books.cast, persona).get(reverse("funds:overview")).status_code
        == status
    )


def test_anonymous_is_sent_to_log_in(year_books, client):
    response = client.get(reverse("funds:overview"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_branch_chair_sees_their_branch_only(year_books, client):
    cast = year_books.cast
    c = _client(client, cast, "branch_a_chair")
    page = c.get(reverse("funds:ledger")).content.decode()
    assert "Badminton" in page
    assert "Dues" not in page
    overview = c.get(reverse("funds:overview")).content.decode()
    assert "Branch A" in overview
    school_entry = JournalEntry.objects.get(memo="Dues")
    assert c.get(reverse("funds:entry-detail", args=[school_entry.pk])).status_code == 404


def test_record_income_through_the_page(year_books, client):
    cast = year_books.cast
    c = _client(client, cast, "finance_officer")
    response = c.post(
        reverse("funds:income-record"),
        {
            "node": cast.school.pk,
            "category": "income.admin_subsidy",
            "amount": "12,345.60",
            "on": "2021-06-01",
            "memo": "Administrative subsidy",
        },
    )
    entry = JournalEntry.objects.get(memo="Administrative subsidy")
    assert response.status_code == 302
    assert response["Location"] == reverse("funds:entry-detail", args=[entry.pk])
    assert entry.total_fen == 1_234_560


@pytest.mark.parametrize("amount", ["-5", "abc", "1.234", "0", ""])
def test_bad_amounts_on_the_expense_page_change_nothing(year_books, client, amount):
    cast = year_books.cast
    c = _client(client, cast, "finance_officer")
    before = counts()
    response = c.post(
        reverse("funds:expense-record"),
        {
            "node": cast.school.pk,
            "category": ACTIVITIES,
            "amount": amount,
            "on": "2021-06-01",
            "memo": "Tickets",
        },
    )
    assert response.status_code == 200
    assert b'class="error"' in response.content or b"form-errors" in response.content
    assert counts() == before


def test_over_budget_expense_shows_the_reason_in_chinese(year_books, client):
    cast = year_books.cast
    c = _client(client, cast, "branch_a_chair")
    services.ledger_post_transfer(
        actor=cast.actor("system"),
        from_node=cast.school,
        to_node=cast.branch_a,
        amount_fen=2_000_000,
        entry_on=dt.date(YEAR, 6, 1),
        memo="Extra",
        source=services.SourceRef("t"),
    )
    before = counts()
    with translation.override("zh-hans"):
        response = c.post(
            reverse("funds:expense-record"),
            {
                "node": cast.branch_a.pk,
                "category": ACTIVITIES,
                "amount": "15000",
                "on": "2021-06-01",
                "memo": "Trip",
            },
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
        expected = gettext(
            "This spends %(requested)s yuan, but only %(remaining)s yuan of the approved budget for %(category)s at %(node)s is left in %(year)s."
        ).split("%(")[0]
    assert response.status_code == 200
    assert expected.strip() in response.content.decode()
    assert counts() == before


def test_reverse_through_the_page(year_books, client):
    cast = year_books.cast
    entry = JournalEntry.objects.get(memo="Dues")
    c = _client(client, cast, "finance_officer")
    assert b"reverse-entry" in c.get(reverse("funds:entry-detail", args=[entry.pk])).content
    response = c.post(
        reverse("funds:entry-reverse", args=[entry.pk]), {"reason": "Bank returned it"}
    )
    reversal = JournalEntry.objects.get(reverses=entry)
    assert response["Location"] == reverse("funds:entry-detail", args=[reversal.pk])
    # a second try shows the error and changes nothing
    before = counts()
    again = c.post(reverse("funds:entry-reverse", args=[entry.pk]), {"reason": "Again"})
    assert again.status_code == 400
    assert counts() == before


def test_budget_pages_walk_a_version_through_approval(year_books, client):
    cast = year_books.cast
    c = _client(client, cast, "finance_officer")
    response = c.post(
        reverse("funds:budget-version-create"),
        {"node": cast.branch_b.pk, "fiscal_year": YEAR, "note": "Mid-year"},
    )
    version = BudgetVersion.objects.get(budget__node=cast.branch_b, number=2)
    assert response["Location"] == reverse("funds:budget-version-detail", args=[version.pk])
    c.post(
        reverse("funds:budget-line-set", args=[version.pk]),
        {"category": ACTIVITIES, "amount": "800", "note": ""},
    )
    assert (
        b"budget-lines" in c.get(reverse("funds:budget-version-detail", args=[version.pk])).content
    )
    c.post(reverse("funds:budget-version-submit", args=[version.pk]))
    auditor = _client(client, cast, "auditor")
    assert (
        b"decide-budget"
        in auditor.get(reverse("funds:budget-version-detail", args=[version.pk])).content
    )
    auditor.post(
        reverse("funds:budget-version-decide", args=[version.pk]),
        {"outcome": "approve", "comment": "", "position": 1},
    )
    office = _client(client, cast, "office_admin")
    office.post(
        reverse("funds:budget-version-decide", args=[version.pk]),
        {"outcome": "approve", "comment": "", "position": 2},
    )
    version.refresh_from_db()
    assert version.status == "approved"


def test_policy_page_creates_a_new_version(year_books, client):
    cast = year_books.cast
    c = _client(client, cast, "office_admin")
    form = c.get(reverse("funds:policy-create"))
    assert form.status_code == 200
    data = {
        "effective_from": "2021-09-01",
        "holiday_cap": "1800",
        "allowed_festivals": ["spring_festival", "mid_autumn"],
        "holiday_category": "expense.staff_activities.member_activities",
        "prize_share_numerator": 2,
        "prize_share_denominator": 3,
        "prize_cap": "500",
        "note": "Lower cap",
        "care-TOTAL_FORMS": 9,
        "care-INITIAL_FORMS": 9,
    }
    for index, standard in enumerate(form.context["formset"].initial):
        for key, value in standard.items():
            if value is not None and value is not False:
                data[f"care-{index}-{key}"] = value
    response = c.post(reverse("funds:policy-create"), data)
    policy = PolicySet.objects.get(number=2)
    assert response["Location"] == reverse("funds:policy-detail", args=[policy.pk])
    assert policy.holiday_cap_fen == 180_000
    assert policy.care_standards.count() == 9


def test_allocation_pages(year_books, client):
    cast = year_books.cast
    office = _client(client, cast, "office_admin")
    page = office.get(reverse("funds:allocations"), {"year": YEAR}).content.decode()
    assert "allocation-preview" in page
    response = office.post(
        reverse("funds:allocation-post"), {"year": YEAR, "entry_on": "2021-03-01"}
    )
    assert response.status_code == 302
    # everything was already posted: the page says so and nothing changed
    assert AuditEvent.objects.filter(event="allocation.posted").count() == 1


def test_export_downloads_xlsx(year_books, client):
    response = _client(client, year_books.cast, "auditor").get(
        reverse("funds:report-export", args=["statement"]), {"year": YEAR}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"
    assert (
        _client(client, year_books.cast, "branch_a_member")
        .get(reverse("funds:report-export", args=["statement"]))
        .status_code
        == 403
    )


def test_opinion_form_only_for_the_audit_committee(year_books, client):
    cast = year_books.cast
    assert (
        b"opinion-form" in _client(client, cast, "auditor").get(reverse("funds:opinions")).content
    )
    assert (
        b"opinion-form"
        not in _client(client, cast, "finance_officer").get(reverse("funds:opinions")).content
    )
    response = _client(client, cast, "auditor").post(
        reverse("funds:opinions"),
        {
            "node": cast.school.pk,
            "fiscal_year": YEAR,
            "conclusion": "qualified",
            "text": "Receipts missing for two payments.",
        },
    )
    assert response.status_code == 302


def test_member_sees_the_disclosure_on_a_phone_page(year_books, client):
    c = _client(client, year_books.cast, "branch_b_member")
    assert b"tile-funds-disclosure" in c.get(reverse("members:me")).content
    response = c.get(reverse("funds:disclosure"), {"year": YEAR})
    assert response.status_code == 200
    assert b"income-total" in response.content
    assert b"Badminton" not in response.content
    assert (
        _client(client, year_books.cast, "outsider").get(reverse("funds:disclosure")).status_code
        == 403
    )


LIST_PAGES = [
    "funds:overview",
    "funds:ledger",
    "funds:budget-list",
    "funds:reports",
    "funds:allocations",
    "funds:opinions",
    "funds:policy",
]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_pages_run_a_constant_number_of_queries(
    year_books, client, django_assert_max_num_queries, name
):
    cast = year_books.cast
    c = _client(client, cast, "finance_officer")
    c.get(reverse(name), {"year": YEAR})  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        c.get(reverse(name), {"year": YEAR})
    finance = cast.actor("finance_officer")
    for index in range(15):
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
    services.expense_record(
        actor=finance,
        node=cast.school,
        category_key="expense.business.training",
        amount_fen=100,
        paid_on=dt.date(YEAR, 7, 1),
        memo="Training",
    )
    with CaptureQueriesContext(connection) as large:
        c.get(reverse(name), {"year": YEAR})
    assert len(large) == len(small)


def test_menu_link_and_approval_inbox(year_books, client):
    cast = year_books.cast
    finance = cast.actor("finance_officer")
    version = services.budget_version_create(actor=finance, node=cast.school, fiscal_year=YEAR + 1)
    services.budget_line_set(actor=finance, version=version, category_key="expense", amount_fen=100)
    services.budget_version_submit(actor=finance, version=version)
    auditor = _client(client, cast, "auditor")
    inbox = auditor.get(reverse("approvals:inbox")).content.decode()
    assert reverse("funds:budget-version-detail", args=[version.pk]) in inbox
    assert 'data-testid="nav-funds"' in inbox
    member_page = (
        _client(client, cast, "branch_a_member").get(reverse("members:me")).content.decode()
    )
    assert 'data-testid="nav-funds"' not in member_page
