"""The common postings, built on ``ledger_post`` (building blocks, in the caller's transaction).

Domain apps use these rather than assembling lines: a payment from a node's fund, a receipt
into it, an allocation from one fund to another, and money held for others (donations) in
and out. Each checks what ``ledger_post`` checks, budget control included.
"""

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from ..choices import ALLOCATION_IN_KEY, ALLOCATION_OUT_KEY, AccountKind
from ..errors import FundsErrorCode
from ..models import JournalEntry
from .checks import check_amount
from .ledger import LineSpec, SourceRef, ledger_post

BANK_CATEGORY_KEY = "asset.bank"
DONATIONS_CATEGORY_KEY = "liability.pass_through.donations"


def ledger_post_expense(
    *,
    actor: Actor,
    node: OrgNode,
    category_key: str,
    amount_fen: int,
    entry_on: dt.date,
    memo: str,
    source: SourceRef,
    person_id: int | None = None,
    budget_override_reason: str = "",
    budget_override_by: Actor | None = None,
) -> JournalEntry:
    """Pay ``amount_fen`` for ``node`` under an expense ``category_key`` from the school's bank.

    Debit: ``node``'s fund (a group's branch); credit: the school's bank account. The node's
    fund must hold the amount and its approved budget line must cover it, or the override be
    given (with ``budget_override_by`` when someone else authorised it; see ``ledger_post``).
    """
    amount = check_amount(amount_fen)
    school = _school_of(node)
    return ledger_post(
        actor=actor,
        node=node,
        entry_on=entry_on,
        memo=memo,
        source=source,
        lines=[
            LineSpec(node, AccountKind.FUND, category_key, debit_fen=amount, person_id=person_id),
            LineSpec(school, AccountKind.BANK, BANK_CATEGORY_KEY, credit_fen=amount),
        ],
        budget_override_reason=budget_override_reason,
        budget_override_by=budget_override_by,
    )


def ledger_post_income(
    *,
    actor: Actor,
    node: OrgNode,
    category_key: str,
    amount_fen: int,
    entry_on: dt.date,
    memo: str,
    source: SourceRef,
    person_id: int | None = None,
) -> JournalEntry:
    """Receive ``amount_fen`` into the school's bank, credited to ``node``'s fund under an
    income (or net-assets, e.g. the opening balance) ``category_key``."""
    amount = check_amount(amount_fen)
    school = _school_of(node)
    return ledger_post(
        actor=actor,
        node=node,
        entry_on=entry_on,
        memo=memo,
        source=source,
        lines=[
            LineSpec(school, AccountKind.BANK, BANK_CATEGORY_KEY, debit_fen=amount),
            LineSpec(node, AccountKind.FUND, category_key, credit_fen=amount, person_id=person_id),
        ],
    )


def ledger_post_transfer(
    *,
    actor: Actor,
    from_node: OrgNode,
    to_node: OrgNode,
    amount_fen: int,
    entry_on: dt.date,
    memo: str,
    source: SourceRef,
    budget_override_reason: str = "",
) -> JournalEntry:
    """Move ``amount_fen`` from one fund to another (a branch allocation), entry on ``to_node``.

    Booked out of the sender under ``transfer.allocation_out`` (which counts against the
    sender's budget line) and into the receiver under ``transfer.allocation_in``.
    """
    amount = check_amount(amount_fen)
    return ledger_post(
        actor=actor,
        node=to_node,
        entry_on=entry_on,
        memo=memo,
        source=source,
        lines=[
            LineSpec(from_node, AccountKind.FUND, ALLOCATION_OUT_KEY, debit_fen=amount),
            LineSpec(to_node, AccountKind.FUND, ALLOCATION_IN_KEY, credit_fen=amount),
        ],
        budget_override_reason=budget_override_reason,
    )


def ledger_post_pass_through_in(
    *,
    actor: Actor,
    school: OrgNode,
    amounts_fen: Sequence[tuple[int | None, int]],
    entry_on: dt.date,
    memo: str,
    source: SourceRef,
    category_key: str = DONATIONS_CATEGORY_KEY,
) -> JournalEntry:
    """Receive money held for others (donations to hand over), one credit per ``(person_id,
    amount_fen)``, into the school's bank. Not union income: it is a liability until handed over."""
    lines = [
        LineSpec(
            school,
            AccountKind.PAYABLE,
            category_key,
            credit_fen=check_amount(amount),
            person_id=person_id,
        )
        for person_id, amount in amounts_fen
    ]
    total = sum(line.credit_fen for line in lines)
    return ledger_post(
        actor=actor,
        node=school,
        entry_on=entry_on,
        memo=memo,
        source=source,
        lines=[LineSpec(school, AccountKind.BANK, BANK_CATEGORY_KEY, debit_fen=total), *lines],
    )


def ledger_post_pass_through_out(
    *,
    actor: Actor,
    school: OrgNode,
    amount_fen: int,
    entry_on: dt.date,
    memo: str,
    source: SourceRef,
    category_key: str = DONATIONS_CATEGORY_KEY,
) -> JournalEntry:
    """Hand money held for others over (e.g. to a charity foundation) from the school's bank."""
    amount = check_amount(amount_fen)
    return ledger_post(
        actor=actor,
        node=school,
        entry_on=entry_on,
        memo=memo,
        source=source,
        lines=[
            LineSpec(school, AccountKind.PAYABLE, category_key, debit_fen=amount),
            LineSpec(school, AccountKind.BANK, BANK_CATEGORY_KEY, credit_fen=amount),
        ],
    )


def _school_of(node: OrgNode) -> OrgNode:
    if node.school_id is None:
        raise ValidationFailed(
            _("Only a school union and its branches keep union funds."),
            code=FundsErrorCode.INVALID_ACCOUNT_NODE,
            field="node",
        )
    return node if node.pk == node.school_id else node.school  # type: ignore[return-value]
