import datetime as dt

import pytest
from django.db import transaction

from tongxin.approvals.models import ApprovalRequest
from tongxin.core.errors import DomainError, Forbidden, InvalidTransition, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.funds import queries, services
from tongxin.funds.models import BudgetLine, BudgetVersion, JournalEntry
from tongxin.funds.services import SourceRef
from tongxin.testing.funds import budget_approve, fund_books

from .conftest import DAY, YEAR, counts

ACTIVITIES = "expense.staff_activities.culture_sports"


@pytest.fixture
def bare_books(cast):
    """Books open with money but no budgets at all."""
    return fund_books(cast, school_budget=None, branch_budget=None)


def _spend(cast, fen, *, actor="system", key=ACTIVITIES, reason="", node=None):
    return services.ledger_post_expense(
        actor=cast.actor(actor),
        node=node or cast.school,
        category_key=key,
        amount_fen=fen,
        entry_on=DAY,
        memo="Spend",
        source=SourceRef("t"),
        budget_override_reason=reason,
    )


def test_version_goes_through_review_and_approval(bare_books):
    # given a draft by the finance officer with two lines
    cast = bare_books.cast
    finance = cast.actor("finance_officer")
    version = services.budget_version_create(actor=finance, node=cast.school, fiscal_year=YEAR)
    services.budget_line_set(
        actor=finance, version=version, category_key=ACTIVITIES, amount_fen=100000
    )
    services.budget_line_set(
        actor=finance, version=version, category_key="income.dues", amount_fen=500000
    )
    # when it is submitted, reviewed by the audit committee and approved by the office
    services.budget_version_submit(actor=finance, version=version)
    with pytest.raises(Forbidden):  # the office cannot skip the audit committee's review
        services.budget_version_decide(
            actor=cast.actor("office_admin"), version=version, outcome="approve"
        )
    services.budget_version_decide(
        actor=cast.actor("auditor"), version=version, outcome="approve", expected_position=1
    )
    version = services.budget_version_decide(
        actor=cast.actor("office_admin"), version=version, outcome="approve"
    )
    # then it is approved and in force
    assert version.status == "approved"
    assert version.approved_at is not None
    assert (
        queries.budget_remaining_fen(node=cast.school, category_key=ACTIVITIES, fiscal_year=YEAR)
        == 100000
    )
    assert ApprovalRequest.objects.get(subject_id=str(version.pk)).status == "approved"
    assert (
        AuditEvent.objects.filter(
            event="budget_version.approved", target_id=str(version.pk)
        ).count()
        == 1
    )


def test_rejection_returns_the_version_to_draft(bare_books):
    cast = bare_books.cast
    finance = cast.actor("finance_officer")
    version = services.budget_version_create(actor=finance, node=cast.school, fiscal_year=YEAR)
    services.budget_line_set(
        actor=finance, version=version, category_key=ACTIVITIES, amount_fen=100000
    )
    services.budget_version_submit(actor=finance, version=version)
    with pytest.raises(DomainError) as info:
        services.budget_version_decide(
            actor=cast.actor("auditor"), version=version, outcome="reject"
        )
    assert info.value.code == "comment_required"
    version = services.budget_version_decide(
        actor=cast.actor("auditor"), version=version, outcome="reject", comment="Too much"
    )
    assert version.status == "draft"
    # and it can be changed and sent again
    services.budget_line_set(
        actor=finance, version=version, category_key=ACTIVITIES, amount_fen=80000
    )
    assert services.budget_version_submit(actor=finance, version=version).status == "submitted"


def test_approved_version_is_immutable_and_adjustment_is_a_new_version(bare_books):
    # given an approved budget
    cast = bare_books.cast
    finance = cast.actor("finance_officer")
    first = budget_approve(
        node=cast.school, year=YEAR, lines={ACTIVITIES: 100000, "expense.rights": 50000}
    )
    # then its lines cannot change
    before = counts()
    for attempt in (
        lambda: services.budget_line_set(
            actor=finance, version=first, category_key=ACTIVITIES, amount_fen=1
        ),
        lambda: services.budget_line_remove(actor=finance, version=first, category_key=ACTIVITIES),
        lambda: services.budget_version_submit(actor=finance, version=first),
    ):
        with pytest.raises(InvalidTransition) as info:
            attempt()
        assert info.value.code == "not_draft"
    assert counts() == before
    # when an adjustment is drafted, it starts from the lines in force
    second = services.budget_version_create(
        actor=finance, node=cast.school, fiscal_year=YEAR, note="Mid-year"
    )
    assert second.number == 2
    assert second.is_adjustment
    assert dict(second.lines.values_list("category_key", "amount_fen")) == {
        ACTIVITIES: 100000,
        "expense.rights": 50000,
    }
    # and a second open version is refused
    with pytest.raises(DomainError) as info:
        services.budget_version_create(actor=finance, node=cast.school, fiscal_year=YEAR)
    assert info.value.code == "open_version_exists"
    # until the adjustment is approved, the first version stays in force
    services.budget_line_set(
        actor=finance, version=second, category_key=ACTIVITIES, amount_fen=150000
    )
    assert (
        queries.budget_remaining_fen(node=cast.school, category_key=ACTIVITIES, fiscal_year=YEAR)
        == 100000
    )
    services.budget_version_submit(actor=finance, version=second)
    services.budget_version_decide(actor=cast.actor("auditor"), version=second, outcome="approve")
    services.budget_version_decide(
        actor=cast.actor("office_admin"), version=second, outcome="approve"
    )
    assert (
        queries.budget_remaining_fen(node=cast.school, category_key=ACTIVITIES, fiscal_year=YEAR)
        == 150000
    )
    assert BudgetLine.objects.get(version=first, category_key=ACTIVITIES).amount_fen == 100000


def test_lines_may_not_nest_or_use_forbidden_categories(bare_books):
    cast = bare_books.cast
    finance = cast.actor("finance_officer")
    version = services.budget_version_create(actor=finance, node=cast.school, fiscal_year=YEAR)
    services.budget_line_set(
        actor=finance, version=version, category_key="expense.rights", amount_fen=1000
    )
    with pytest.raises(DomainError) as info:
        services.budget_line_set(
            actor=finance, version=version, category_key="expense.rights.legal_aid", amount_fen=1
        )
    assert info.value.code == "overlapping_lines"
    for key in ("expense.forbidden.banquets", "asset.bank", "nothing.here"):
        with pytest.raises(ValidationFailed):
            services.budget_line_set(actor=finance, version=version, category_key=key, amount_fen=1)
    for amount in (-1, "12", 1.5):
        with pytest.raises(ValidationFailed) as info:
            services.budget_line_set(
                actor=finance, version=version, category_key=ACTIVITIES, amount_fen=amount
            )
        assert info.value.code == "invalid_amount"
    with pytest.raises(ValidationFailed) as info:
        services.budget_version_submit(
            actor=finance,
            version=services.budget_version_create(
                actor=finance, node=cast.branch_a, fiscal_year=YEAR
            ),
        )
    assert info.value.code == "empty_budget"


def test_spend_needs_an_approved_line(bare_books):
    # given no budget at all
    cast = bare_books.cast
    before = counts()
    # when the school spends, it is refused
    with pytest.raises(DomainError) as info, transaction.atomic():
        _spend(cast, 100)
    assert info.value.code == "no_budget_line"
    # a draft does not count either
    version = services.budget_version_create(
        actor=cast.actor("finance_officer"), node=cast.school, fiscal_year=YEAR
    )
    services.budget_line_set(
        actor=cast.actor("finance_officer"),
        version=version,
        category_key=ACTIVITIES,
        amount_fen=1000,
    )
    with pytest.raises(DomainError) as info, transaction.atomic():
        _spend(cast, 100)
    assert info.value.code == "no_budget_line"
    assert JournalEntry.objects.count() == before["JournalEntry"]


def test_spending_up_to_the_line_then_refused(bare_books):
    # given 1,000 yuan budgeted for staff activities (a heading covering its items)
    cast = bare_books.cast
    budget_approve(node=cast.school, year=YEAR, lines={"expense.staff_activities": 100000})
    # when 600 + 400 are spent on two of its items
    _spend(cast, 60000)
    _spend(cast, 40000, key="expense.staff_activities.publicity")
    # then the line is used up and one more fen is refused with the figures
    with pytest.raises(DomainError) as info, transaction.atomic():
        _spend(cast, 1)
    assert info.value.code == "budget_exceeded"
    assert info.value.extra == {
        "node": cast.school.pk,
        "category": "expense.staff_activities",
        "budget_fen": 100000,
        "spent_fen": 100000,
        "requested_fen": 1,
    }
    # a refund (credit on the expense) frees budget again
    services.ledger_post(
        actor=cast.actor("system"),
        node=cast.school,
        entry_on=DAY,
        memo="Refund",
        source=SourceRef("t"),
        lines=[
            services.LineSpec(cast.school, "bank", "asset.bank", debit_fen=500),
            services.LineSpec(cast.school, "fund", ACTIVITIES, credit_fen=500),
        ],
    )
    assert _spend(cast, 500).total_fen == 500
    # and another year's budget is separate
    with pytest.raises(DomainError) as info:
        _spend_on(cast, dt.date(YEAR + 1, 1, 5))
    assert info.value.code == "no_budget_line"


def _spend_on(cast, day):
    return services.ledger_post_expense(
        actor=cast.actor("system"),
        node=cast.school,
        category_key=ACTIVITIES,
        amount_fen=1,
        entry_on=day,
        memo="Spend",
        source=SourceRef("t"),
    )


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office_admin", None),
        ("finance_officer", Forbidden),
        ("auditor", Forbidden),
        ("branch_a_chair", Forbidden),
    ],
)
def test_override_matrix(bare_books, persona, expected):
    # given a spend beyond any budget
    cast = bare_books.cast
    before = counts()
    if expected:
        with pytest.raises(expected), transaction.atomic():
            _spend(cast, 2500, actor=persona, reason="Urgent condolence")
        assert counts() == before
        return
    # when the office overrides with a reason, it goes through and the reason is kept
    entry = _spend(cast, 2500, actor=persona, reason="  Urgent condolence ")
    assert entry.budget_override_reason == "Urgent condolence"
    event = AuditEvent.objects.get(event="journal_entry.budget_overridden", target_id=str(entry.pk))
    assert event.changes["lines"][0]["budget_fen"] is None
    assert event.changes["reason"] == "Urgent condolence"


def test_override_reason_is_not_kept_when_not_needed(books):
    entry = _spend(books.cast, 100, actor="office_admin", reason="Just in case")
    assert entry.budget_override_reason == ""
    assert not AuditEvent.objects.filter(event="journal_entry.budget_overridden").exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("finance_officer", None),
        ("office_admin", "Forbidden"),
        ("auditor", "Forbidden"),
        ("branch_a_chair", "NotFound"),
        ("branch_a_member", "NotFound"),
        ("outsider", "NotFound"),
        ("anonymous", "NotFound"),
    ],
)
def test_create_version_matrix(bare_books, persona, expected):
    cast = bare_books.cast
    before = counts()
    if expected:
        with pytest.raises(DomainError) as info:
            services.budget_version_create(
                actor=cast.actor(persona), node=cast.school, fiscal_year=YEAR
            )
        assert type(info.value).__name__ == expected
        assert counts() == before
    else:
        version = services.budget_version_create(
            actor=cast.actor(persona), node=cast.school, fiscal_year=YEAR
        )
        assert version.number == 1
        assert version.status == "draft"
        assert BudgetVersion.objects.count() == before["BudgetVersion"] + 1


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("finance_officer", None),
        ("office_admin", "Forbidden"),
        ("auditor", "Forbidden"),
        ("branch_a_chair", "Forbidden"),
        ("branch_b_member", "NotFound"),
        ("outsider", "NotFound"),
    ],
)
def test_set_line_and_submit_matrix(bare_books, persona, expected):
    cast = bare_books.cast
    version = services.budget_version_create(
        actor=cast.actor("finance_officer"), node=cast.branch_a, fiscal_year=YEAR
    )
    before = counts()
    actor = cast.actor(persona)
    if expected:
        for attempt in (
            lambda: services.budget_line_set(
                actor=actor, version=version, category_key=ACTIVITIES, amount_fen=100
            ),
            lambda: services.budget_version_submit(actor=actor, version=version),
        ):
            with pytest.raises(DomainError) as info:
                attempt()
            assert type(info.value).__name__ == expected
        assert counts() == before
    else:
        services.budget_line_set(
            actor=actor, version=version, category_key=ACTIVITIES, amount_fen=100
        )
        assert services.budget_version_submit(actor=actor, version=version).status == "submitted"


@pytest.mark.parametrize(
    ("persona", "step1", "step2"),
    [
        ("auditor", None, "Forbidden"),
        ("office_admin", "Forbidden", None),
        ("finance_officer", "Forbidden", "Forbidden"),
        ("branch_a_chair", "Forbidden", "Forbidden"),
        ("branch_b_member", "NotFound", "NotFound"),
        ("outsider", "NotFound", "NotFound"),
    ],
)
def test_decide_matrix(bare_books, persona, step1, step2):
    # given a branch A budget under review
    cast = bare_books.cast
    finance = cast.actor("finance_officer")
    version = services.budget_version_create(actor=finance, node=cast.branch_a, fiscal_year=YEAR)
    services.budget_line_set(
        actor=finance, version=version, category_key=ACTIVITIES, amount_fen=100
    )
    services.budget_version_submit(actor=finance, version=version)
    for position, expected in ((1, step1), (2, step2)):
        before = counts()
        if expected:
            with pytest.raises(DomainError) as info:
                services.budget_version_decide(
                    actor=cast.actor(persona), version=version, outcome="approve"
                )
            assert type(info.value).__name__ == expected
            assert counts() == before
            if position == 1:  # the rightful decider moves it on
                services.budget_version_decide(
                    actor=cast.actor("auditor"), version=version, outcome="approve"
                )
        else:
            services.budget_version_decide(
                actor=cast.actor(persona), version=version, outcome="approve"
            )
            assert counts()["ApprovalDecision"] == before["ApprovalDecision"] + 1


def test_withdraw_returns_to_draft(bare_books):
    cast = bare_books.cast
    finance = cast.actor("finance_officer")
    version = services.budget_version_create(actor=finance, node=cast.school, fiscal_year=YEAR)
    services.budget_line_set(
        actor=finance, version=version, category_key=ACTIVITIES, amount_fen=100
    )
    services.budget_version_submit(actor=finance, version=version)
    version = services.budget_version_withdraw(actor=finance, version=version)
    assert version.status == "draft"
    assert ApprovalRequest.objects.get(subject_id=str(version.pk)).status == "withdrawn"
    with pytest.raises(InvalidTransition):
        services.budget_version_withdraw(actor=finance, version=version)
