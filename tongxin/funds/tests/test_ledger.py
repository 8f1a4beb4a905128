import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.funds import services
from tongxin.funds.models import FundAccount, FundCategory, JournalEntry, JournalLine
from tongxin.funds.services import LineSpec, SourceRef

from .conftest import DAY, counts


def _expense(books, node, fen, key="expense.staff_activities.culture_sports", **kwargs):
    return services.ledger_post_expense(
        actor=books.cast.actor("system"),
        node=node,
        category_key=key,
        amount_fen=fen,
        entry_on=kwargs.pop("entry_on", DAY),
        memo="Badminton shuttles",
        source=SourceRef("tests.source", "1", "Test source"),
        **kwargs,
    )


def _allocate(books, node, fen):
    return services.ledger_post_transfer(
        actor=books.cast.actor("system"),
        from_node=books.cast.school,
        to_node=node,
        amount_fen=fen,
        entry_on=DAY,
        memo="Allocation",
        source=SourceRef("tests.source", "2"),
    )


def test_expense_posts_balanced_entry_and_moves_balances(books):
    # given the school with its opening balance and 500 yuan allocated to branch A
    cast = books.cast
    _allocate(books, cast.branch_a, 50000)
    bank_before = books.account(cast.school, "bank").balance_fen
    # when branch A pays 120.50 yuan for an activity
    entry = _expense(books, cast.branch_a, 12050)
    # then the entry balances, the branch fund and the bank each fall by the amount
    lines = list(entry.lines.order_by("position"))
    assert [(line.debit_fen, line.credit_fen) for line in lines] == [(12050, 0), (0, 12050)]
    assert lines[0].node_id == cast.branch_a.pk
    assert lines[1].node_id == cast.school.pk
    assert entry.total_fen == 12050
    assert entry.fiscal_year == 2021
    assert books.account(cast.school, "bank").balance_fen == bank_before - 12050
    assert books.account(cast.branch_a).balance_fen == 50000 - 12050
    assert (
        AuditEvent.objects.filter(event="journal_entry.posted", target_id=str(entry.pk)).count()
        == 1
    )


def test_group_spending_is_booked_on_its_branch(books):
    # branch A has no money of its own yet: give it some
    cast = books.cast
    _allocate(books, cast.branch_a, 50000)
    entry = _expense(books, cast.group_a1, 2000)
    assert entry.node_id == cast.group_a1.pk
    assert entry.lines.get(position=1).account == books.account(cast.branch_a)
    assert books.account(cast.branch_a).balance_fen == 48000


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        ([], "too_few_lines"),
        ([("bank", "asset.bank", 100, 0)], "too_few_lines"),
        ([("bank", "asset.bank", 100, 0), ("fund", "income.dues", 0, 90)], "unbalanced"),
        ([("bank", "asset.bank", -100, 0), ("fund", "income.dues", 0, -100)], "invalid_amount"),
        ([("bank", "asset.bank", 0, 0), ("fund", "income.dues", 0, 0)], "invalid_amount"),
        ([("bank", "asset.bank", 100, 100), ("fund", "income.dues", 0, 0)], "invalid_amount"),
        ([("bank", "asset.bank", "100", 0), ("fund", "income.dues", 0, "100")], "invalid_amount"),
        ([("bank", "asset.bank", 1.5, 0), ("fund", "income.dues", 0, 1.5)], "invalid_amount"),
        ([("bank", "asset.bank", True, 0), ("fund", "income.dues", 0, True)], "invalid_amount"),
        ([("bank", "asset.bank", 100, 0), ("fund", "income.nonsense", 0, 100)], "unknown_category"),
        ([("bank", "asset.bank", 100, 0), ("fund", "income", 0, 100)], "category_not_selectable"),
        (
            [("fund", "expense.forbidden.banquets", 100, 0), ("bank", "asset.bank", 0, 100)],
            "forbidden_category",
        ),
        ([("bank", "income.dues", 100, 0), ("fund", "income.dues", 0, 100)], "wrong_category_kind"),
        (
            [("bank", "asset.bank", 100, 0), ("payable", "income.dues", 0, 100)],
            "wrong_category_kind",
        ),
    ],
)
def test_bad_postings_are_refused_and_change_nothing(books, lines, code):
    # given the books
    cast = books.cast
    before = counts()
    specs = [
        LineSpec(cast.school, kind, key, debit_fen=d, credit_fen=c) for kind, key, d, c in lines
    ]
    # when a malformed entry is posted
    with pytest.raises(DomainError) as info, transaction.atomic():
        services.ledger_post(
            actor=cast.actor("system"),
            node=cast.school,
            entry_on=DAY,
            memo="Bad",
            source=SourceRef("t"),
            lines=specs,
        )
    # then it is refused with a clear code and nothing was written
    assert info.value.code == code
    assert info.value.message
    assert counts() == before


def test_forbidden_category_names_its_reason(books):
    with pytest.raises(DomainError) as info:
        _expense(books, books.cast.school, 100, key="expense.forbidden.cash_and_cards")
    assert info.value.code == "forbidden_category"
    reason = FundCategory.objects.get(key="expense.forbidden.cash_and_cards").forbidden_reason
    assert reason
    assert reason in info.value.message


def test_branch_account_cannot_go_below_zero(books):
    # given branch B with no money in its fund
    before = counts()
    # when it spends
    with pytest.raises(DomainError) as info, transaction.atomic():
        _expense(books, books.cast.branch_b, 1)
    # then it is refused: a fund cannot be overdrawn
    assert info.value.code == "insufficient_balance"
    assert counts() == before


def test_accounts_only_on_school_and_branches(books):
    parent = books.cast.school
    with pytest.raises(ValidationFailed) as info:
        services.account_ensure(books.cast.branch_a, "bank")
    assert info.value.code == "invalid_account_node"
    assert services.account_ensure(books.cast.group_a1, "fund").node == books.cast.branch_a
    assert services.account_ensure(parent, "payable").kind == "payable"


def test_refuses_entry_without_memo_or_with_datetime(books):
    with pytest.raises(ValidationFailed) as info:
        services.ledger_post_income(
            actor=books.cast.actor("system"),
            node=books.cast.school,
            category_key="income.other",
            amount_fen=100,
            entry_on=DAY,
            memo="   ",
            source=SourceRef("t"),
        )
    assert info.value.field == "memo"
    with pytest.raises(ValidationFailed) as info:
        services.ledger_post_income(
            actor=books.cast.actor("system"),
            node=books.cast.school,
            category_key="income.other",
            amount_fen=100,
            entry_on=dt.datetime(2021, 1, 1, tzinfo=dt.UTC),
            memo="x",
            source=SourceRef("t"),
        )
    assert info.value.code == "invalid_date"


def test_posted_entries_cannot_be_edited_or_deleted(books):
    # given a posted entry
    entry = _expense(books, books.cast.school, 500)
    line = entry.lines.first()
    # then no path changes it: save, queryset update, delete
    entry.memo = "changed"
    for attempt in (entry.save, line.save, entry.delete, line.delete):
        with pytest.raises(DomainError) as info:
            attempt()
        assert info.value.code == "immutable"
    with pytest.raises(DomainError):
        JournalEntry.objects.filter(pk=entry.pk).update(memo="changed")
    with pytest.raises(DomainError):
        JournalLine.objects.filter(entry=entry).delete()
    # and the database itself refuses an UPDATE
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE funds_journalline SET debit_fen = 1 WHERE entry_id = %s", [entry.pk])
    assert JournalEntry.objects.get(pk=entry.pk).memo == "Badminton shuttles"


def test_reversal_mirrors_lines_and_restores_balances(books):
    # given an expense
    cast = books.cast
    balances = dict(FundAccount.objects.values_list("pk", "balance_fen"))
    entry = _expense(books, cast.school, 7000)
    # when it is reversed
    reversal = services.ledger_reverse(actor=cast.actor("system"), entry=entry, reason="Paid twice")
    # then the reversal mirrors every line and every balance is as before
    assert reversal.reverses == entry
    assert reversal.reason == "Paid twice"
    mirrored = [
        (line.account_id, line.category_key, line.credit_fen, line.debit_fen)
        for line in entry.lines.order_by("position")
    ]
    assert [
        (line.account_id, line.category_key, line.debit_fen, line.credit_fen)
        for line in reversal.lines.order_by("position")
    ] == mirrored
    assert dict(FundAccount.objects.values_list("pk", "balance_fen")) == balances
    assert (
        AuditEvent.objects.filter(event="journal_entry.reversed", target_id=str(entry.pk)).count()
        == 1
    )


def test_reversing_twice_or_a_reversal_is_refused(books):
    cast = books.cast
    entry = _expense(books, cast.school, 7000)
    reversal = services.ledger_reverse(
        actor=cast.actor("system"), entry=entry, reason="Wrong amount"
    )
    before = counts()
    with pytest.raises(DomainError) as info, transaction.atomic():
        services.ledger_reverse(actor=cast.actor("system"), entry=entry, reason="Again")
    assert info.value.code == "already_reversed"
    with pytest.raises(DomainError) as info, transaction.atomic():
        services.ledger_reverse(actor=cast.actor("system"), entry=reversal, reason="Undo the undo")
    assert info.value.code == "cannot_reverse_reversal"
    with pytest.raises(ValidationFailed) as info:
        services.ledger_reverse(
            actor=cast.actor("system"), entry=JournalEntry.objects.get(pk=entry.pk), reason=" "
        )
    assert info.value.code == "empty_text"
    assert counts() == before


def test_reversal_that_would_overdraw_is_refused(books):
    # given an allocation to branch B, which B then spends
    cast = books.cast
    transfer = services.ledger_post_transfer(
        actor=cast.actor("system"),
        from_node=cast.school,
        to_node=cast.branch_b,
        amount_fen=10000,
        entry_on=DAY,
        memo="Allocation",
        source=SourceRef("t"),
    )
    _expense(books, cast.branch_b, 8000)
    # when the allocation is reversed, B would hold -80 yuan: refused
    with pytest.raises(DomainError) as info, transaction.atomic():
        services.ledger_reverse(actor=cast.actor("system"), entry=transfer, reason="Wrong branch")
    assert info.value.code == "insufficient_balance"


def test_pass_through_money_is_a_liability_not_income(books):
    # given donations collected and handed over
    cast = books.cast
    school = cast.school
    p1, p2 = cast.people["branch_a_member"], cast.people["branch_b_member"]
    received = services.ledger_post_pass_through_in(
        actor=cast.actor("system"),
        school=school,
        amounts_fen=[(p1.pk, 5000), (p2.pk, 2000)],
        entry_on=DAY,
        memo="Charity drive",
        source=SourceRef("t"),
    )
    assert received.total_fen == 7000
    assert books.account(school, "payable").balance_fen == 7000
    services.ledger_post_pass_through_out(
        actor=cast.actor("system"),
        school=school,
        amount_fen=7000,
        entry_on=DAY,
        memo="Handed to the foundation",
        source=SourceRef("t"),
    )
    # then nothing shows as union income or expense and the payable is cleared
    assert books.account(school, "payable").balance_fen == 0
    keys = set(
        JournalLine.objects.filter(
            entry__memo__in=["Charity drive", "Handed to the foundation"]
        ).values_list("category_key", flat=True)
    )
    assert keys == {"asset.bank", "liability.pass_through.donations"}
    # and handing over more than was collected is refused
    with pytest.raises(DomainError) as info:
        services.ledger_post_pass_through_out(
            actor=cast.actor("system"),
            school=school,
            amount_fen=1,
            entry_on=DAY,
            memo="x",
            source=SourceRef("t"),
        )
    assert info.value.code == "insufficient_balance"
