import datetime as dt

import pytest

from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.funds import services
from tongxin.funds.models import JournalEntry
from tongxin.funds.services import SourceRef
from tongxin.members import services as members

from .conftest import DAY, counts

ACTIVITIES = "expense.staff_activities.culture_sports"


def _fund_branch(books, node, fen=100_000):
    return services.ledger_post_transfer(
        actor=books.cast.actor("system"),
        from_node=books.cast.school,
        to_node=node,
        amount_fen=fen,
        entry_on=DAY,
        memo="Allocation",
        source=SourceRef("t"),
    )


def _outcome(call, expected, before):
    """Run ``call``; denied rows must raise ``expected`` and change nothing."""
    if expected is None:
        return call()
    with pytest.raises(DomainError) as info:
        call()
    assert type(info.value).__name__ == expected
    assert counts() == before
    return None


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
def test_income_record_matrix(books, persona, expected):
    cast = books.cast
    fund_before = books.account(cast.school).balance_fen
    before = counts()
    entry = _outcome(
        lambda: services.income_record(
            actor=cast.actor(persona),
            node=cast.school,
            category_key="income.allocated_funds",
            amount_fen=1_234_567,
            received_on=DAY,
            memo="Allocated funds Q1",
        ),
        expected,
        before,
    )
    if entry is not None:
        assert entry.total_fen == 1_234_567
        assert books.account(cast.school).balance_fen == fund_before + 1_234_567
        assert AuditEvent.objects.count() == before["AuditEvent"] + 1


@pytest.mark.parametrize(
    ("persona", "node", "expected"),
    [
        ("finance_officer", "branch_a", None),
        ("finance_officer", "school", None),
        ("branch_a_chair", "branch_a", None),
        ("branch_a_chair", "group_a1", None),
        ("branch_a_chair", "branch_b", "NotFound"),
        ("branch_a_chair", "school", "NotFound"),
        ("branch_a_liaison", "branch_a", "Forbidden"),
        ("office_admin", "branch_a", "Forbidden"),
        ("auditor", "branch_a", "Forbidden"),
        ("branch_a_member", "branch_a", "NotFound"),
        ("branch_b_member", "branch_a", "NotFound"),
        ("outsider", "branch_a", "NotFound"),
    ],
)
def test_expense_record_matrix(books, persona, node, expected):
    cast = books.cast
    _fund_branch(books, cast.branch_a)
    target = getattr(cast, node)
    before = counts()
    entry = _outcome(
        lambda: services.expense_record(
            actor=cast.actor(persona),
            node=target,
            category_key=ACTIVITIES,
            amount_fen=30_000,
            paid_on=DAY,
            memo="Volleyball nets",
        ),
        expected,
        before,
    )
    if entry is not None:
        assert entry.node == target
        assert entry.source_type == "funds.expense"


@pytest.mark.parametrize(
    ("amount", "key", "code"),
    [
        (0, ACTIVITIES, "invalid_amount"),
        (-500, ACTIVITIES, "invalid_amount"),
        ("12.50", ACTIVITIES, "invalid_amount"),
        (None, ACTIVITIES, "invalid_amount"),
        (100, "income.dues", "wrong_category_kind"),
        (100, "expense.forbidden.vouchers", "forbidden_category"),
        (100, "expense.staff_activities", "category_not_selectable"),
        (100, "expense.unknown", "unknown_category"),
        (200_000_000, ACTIVITIES, "insufficient_balance"),
    ],
)
def test_bad_expenses_get_a_clear_error_and_change_nothing(books, amount, key, code):
    cast = books.cast
    before = counts()
    with pytest.raises(DomainError) as info:
        services.expense_record(
            actor=cast.actor("finance_officer"),
            node=cast.school,
            category_key=key,
            amount_fen=amount,
            paid_on=DAY,
            memo="Something",
        )
    assert info.value.code == code
    assert info.value.message
    assert counts() == before


def test_branch_chair_spends_within_branch_balance_and_budget(books):
    # given 1,000 yuan allocated to branch A, whose budget allows 10,000
    cast = books.cast
    _fund_branch(books, cast.branch_a)
    chair = cast.actor("branch_a_chair")
    services.expense_record(
        actor=chair,
        node=cast.branch_a,
        category_key=ACTIVITIES,
        amount_fen=80_000,
        paid_on=DAY,
        memo="Tea party",
    )
    # when the chair spends more than is left
    with pytest.raises(DomainError) as info:
        services.expense_record(
            actor=chair,
            node=cast.branch_a,
            category_key=ACTIVITIES,
            amount_fen=30_000,
            paid_on=DAY,
            memo="More",
        )
    # then it is refused: the branch holds only 200 yuan
    assert info.value.code == "insufficient_balance"
    assert books.account(cast.branch_a).balance_fen == 20_000


def test_dues_of_a_month_are_recorded_once(books):
    # given the dues of March computed for every member
    cast = books.cast
    system = cast.actor("system")
    month = dt.date(2021, 3, 1)
    computed = members.dues_compute_month(actor=system, node=cast.school, month=month)
    assert computed == 7  # every member of the cast
    finance = cast.actor("finance_officer")
    # when the finance officer records them
    entry = services.dues_receipt_record(actor=finance, school=cast.school, month=month)
    # then one receipt of the month's total is posted on the month's last day
    assert entry.total_fen == 7 * 2835  # 0.5% of 5,670 yuan (the base floored to 10 yuan)
    assert entry.entry_on == dt.date(2021, 3, 31)
    assert entry.lines.get(credit_fen__gt=0).category_key == "income.dues"
    # and a second time is refused, until the first is reversed
    before = counts()
    with pytest.raises(DomainError) as info:
        services.dues_receipt_record(actor=finance, school=cast.school, month=month)
    assert info.value.code == "already_recorded"
    assert counts() == before
    services.entry_reverse(actor=finance, entry=entry, reason="Recorded before the bank statement")
    assert (
        services.dues_receipt_record(actor=finance, school=cast.school, month=month).total_fen
        == 7 * 2835
    )


def test_dues_need_computed_records_and_a_first_day(books):
    finance = books.cast.actor("finance_officer")
    with pytest.raises(DomainError) as info:
        services.dues_receipt_record(
            actor=finance, school=books.cast.school, month=dt.date(2021, 4, 1)
        )
    assert info.value.code == "nothing_to_record"
    with pytest.raises(ValidationFailed):
        services.dues_receipt_record(
            actor=finance, school=books.cast.school, month=dt.date(2021, 4, 2)
        )


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("finance_officer", None),
        ("office_admin", "Forbidden"),
        ("auditor", "Forbidden"),
        ("branch_a_chair", "NotFound"),
        ("branch_b_member", "NotFound"),
        ("outsider", "NotFound"),
    ],
)
def test_entry_reverse_matrix(books, persona, expected):
    cast = books.cast
    entry = services.expense_record(
        actor=cast.actor("finance_officer"),
        node=cast.school,
        category_key=ACTIVITIES,
        amount_fen=5_000,
        paid_on=DAY,
        memo="Posters",
    )
    fund_before = books.account(cast.school).balance_fen
    before = counts()
    reversal = _outcome(
        lambda: services.entry_reverse(
            actor=cast.actor(persona), entry=entry, reason="Wrong category"
        ),
        expected,
        before,
    )
    if reversal is not None:
        assert reversal.reverses_id == entry.pk
        assert books.account(cast.school).balance_fen == fund_before + 5_000


def test_entries_of_other_apps_are_reversed_at_their_source(books):
    cast = books.cast
    entry = services.ledger_post_expense(
        actor=cast.actor("system"),
        node=cast.school,
        category_key="expense.rights.hardship_aid",
        amount_fen=50_000,
        entry_on=DAY,
        memo="Care visit",
        source=SourceRef("care.carevisit", "17", "Care visit 17"),
    )
    before = counts()
    with pytest.raises(DomainError) as info:
        services.entry_reverse(actor=cast.actor("finance_officer"), entry=entry, reason="Wrong")
    assert info.value.code == "reverse_at_source"
    assert "Care visit 17" in info.value.message
    assert counts() == before
    assert not JournalEntry.objects.filter(reverses=entry).exists()
