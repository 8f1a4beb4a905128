"""The ledger: the only code that writes money.

``ledger_post`` and ``ledger_reverse`` are building blocks. They join the caller's transaction
(``atomic(savepoint=False)``) and do no permission check for posting: the domain service that
pays a care visit or buys gift packs has already checked its own permission. They do check
everything about the money, under lock:

- every line is a positive whole number of fen on exactly one side, and the entry balances;
- each category exists in the chart in force on the entry date, is selectable and not
  forbidden, and fits the kind of account it is booked on;
- no account balance falls below zero (accounts are locked in primary-key order);
- spending (debits on expense and transfer categories) fits the approved budget line of the
  node for the fiscal year (the budget line is locked, the year's actual spending summed); a
  posting without a line or beyond it is refused unless the actor may override budgets
  (``funds.override_budget``) and gives a written reason, which is kept on the entry.

A posted entry never changes. ``ledger_reverse`` posts the mirror entry, linked one-to-one to
the original, so an entry can be reversed once.

Every posting serialises on the accounts it touches; the school's bank account is in most
postings, so postings of one school run one at a time. A union posts a few thousand entries a
year, so exactness wins over throughput here.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.core.money import format_fen
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .. import events
from ..choices import ACCOUNT_CATEGORY_KINDS, AccountKind
from ..errors import FundsErrorCode
from ..models import FundAccount, FundCategory, FundChart, JournalEntry, JournalLine
from .accounts import account_ensure, account_node, chart_in_force, check_postable, fund_node_of
from .budget_control import budget_check
from .checks import check_date, check_fen, check_text
from .trail import entry_chain, entry_chain_commit


@dataclass(frozen=True)
class SourceRef:
    """What an entry is for: a domain record (``SourceRef.of(visit)``) or a funds-owned type."""

    type: str
    id: str = ""
    label: str = ""

    @classmethod
    def of(cls, obj: models.Model) -> "SourceRef":
        return cls(type=obj._meta.label_lower, id=str(obj.pk), label=str(obj)[:200])


@dataclass(frozen=True)
class LineSpec:
    """One line to post: ``node``'s account of ``account_kind``, a category key, one amount.

    A group's lines are booked on its branch's account (groups have no accounts). Tag
    ``person_id`` when the money is for one person (a care payment), so reports can list it.
    """

    node: OrgNode
    account_kind: str
    category_key: str
    debit_fen: int = 0
    credit_fen: int = 0
    person_id: int | None = None
    memo: str = ""


@dataclass
class ResolvedLine:
    account: FundAccount
    category: FundCategory
    debit_fen: int
    credit_fen: int
    person_id: int | None
    memo: str


def _check_lines(lines: Sequence[LineSpec]) -> None:
    if len(lines) < 2:
        raise ValidationFailed(
            _("An entry needs at least two lines."), code=FundsErrorCode.TOO_FEW_LINES
        )
    debit = credit = 0
    for index, line in enumerate(lines):
        d = check_fen(line.debit_fen, f"lines.{index}.debit_fen")
        c = check_fen(line.credit_fen, f"lines.{index}.credit_fen")
        if (d > 0) == (c > 0):
            raise ValidationFailed(
                _("Each line is either a debit or a credit of more than zero."),
                code=FundsErrorCode.INVALID_AMOUNT,
                field=f"lines.{index}",
            )
        debit += d
        credit += c
    if debit != credit:
        raise ValidationFailed(
            _("Debits (%(debit)s) and credits (%(credit)s) do not balance.")
            % {"debit": format_fen(debit), "credit": format_fen(credit)},
            code=FundsErrorCode.UNBALANCED,
            extra={"debit_fen": debit, "credit_fen": credit},
        )


def _check_lines_against_chart(
    lines: Sequence[LineSpec], chart: FundChart, school_id: int
) -> list[FundCategory]:
    """Check categories and accounts before anything is locked or written (reads only)."""
    keys = {line.category_key for line in lines}
    categories = {c.key: c for c in chart.categories.filter(key__in=keys)}
    checked = []
    for index, line in enumerate(lines):
        field = f"lines.{index}.category_key"
        category = check_postable(categories.get(line.category_key), line.category_key, field=field)
        if account_node(line.node, line.account_kind).school_id != school_id:
            raise DomainError(
                _("All lines of an entry belong to one school union's books."),
                code=FundsErrorCode.ACROSS_SCHOOLS,
            )
        if category.kind not in ACCOUNT_CATEGORY_KINDS[line.account_kind]:
            raise ValidationFailed(
                _("“%(category)s” cannot be booked on %(account)s.")
                % {"category": category.label, "account": AccountKind(line.account_kind).label},
                code=FundsErrorCode.WRONG_CATEGORY_KIND,
                field=field,
            )
        checked.append(category)
    return checked


def _resolve(lines: Sequence[LineSpec], categories: list[FundCategory]) -> list[ResolvedLine]:
    # One look-up per account, not per line: a batch's many lines share a few accounts.
    accounts: dict[tuple[int, str], FundAccount] = {}
    for line in lines:
        key = (line.node.pk, line.account_kind)
        if key not in accounts:
            accounts[key] = account_ensure(line.node, line.account_kind)
    return [
        ResolvedLine(
            account=accounts[(line.node.pk, line.account_kind)],
            category=category,
            debit_fen=line.debit_fen,
            credit_fen=line.credit_fen,
            person_id=line.person_id,
            memo=" ".join(line.memo.split())[:200],
        )
        for line, category in zip(lines, categories, strict=True)
    ]


def _lock_and_check_balances(lines: list[ResolvedLine]) -> dict[int, tuple[FundAccount, int]]:
    """Lock the accounts (pk order) and return account id → (locked account, new balance)."""
    deltas: dict[int, int] = defaultdict(int)
    by_id = {line.account.pk: line.account for line in lines}
    locked = {
        a.pk: a
        for a in FundAccount.objects.select_for_update(of=("self",))
        .filter(pk__in=by_id)
        .select_related("node")
        .order_by("pk")
    }
    for line in lines:
        deltas[line.account.pk] += locked[line.account.pk].delta(line.debit_fen, line.credit_fen)
    result = {}
    for account_id, delta in deltas.items():
        account = locked[account_id]
        new_balance = account.balance_fen + delta
        if new_balance < 0:
            raise DomainError(
                _("%(account)s holds %(balance)s yuan; this needs %(needed)s yuan.")
                % {
                    "account": str(account),
                    "balance": format_fen(account.balance_fen),
                    "needed": format_fen(-delta),
                },
                code=FundsErrorCode.INSUFFICIENT_BALANCE,
                extra={
                    "account_id": account_id,
                    "balance_fen": account.balance_fen,
                    "needed_fen": -delta,
                },
            )
        result[account_id] = (account, new_balance)
    return result


def _write(
    *,
    actor: Actor,
    node: OrgNode,
    entry_on: dt.date,
    memo: str,
    source: SourceRef,
    lines: list[ResolvedLine],
    reverses: JournalEntry | None = None,
    reason: str = "",
    budget_override_reason: str = "",
    budget_override_by: Actor | None = None,
) -> JournalEntry:
    """Lock, check and write one entry; the caller holds the transaction."""
    balances = _lock_and_check_balances(lines)
    overrides = []
    if reverses is None:
        overrides = budget_check(
            actor=actor,
            lines=lines,
            fiscal_year=entry_on.year,
            override_reason=budget_override_reason,
            override_by=budget_override_by,
        )
    entry = JournalEntry(
        school_id=cast(int, node.school_id),  # checked by fund_node_of before any write
        node=node,
        entry_on=entry_on,
        fiscal_year=entry_on.year,
        memo=memo,
        source_type=source.type[:64],
        source_id=source.id[:64],
        source_label=source.label[:200],
        total_fen=sum(line.debit_fen for line in lines),
        reverses=reverses,
        reason=reason,
        budget_override_reason=budget_override_reason.strip() if overrides else "",
        posted_by_id=actor.user_id,
        posted_by_label=actor.label[:120],
        posted_at=timezone.now(),
    )
    journal_lines = [
        JournalLine(
            entry=entry,
            position=position,
            account=line.account,
            node_id=line.account.node_id,
            entry_on=entry.entry_on,
            fiscal_year=entry.fiscal_year,
            category=line.category,
            category_key=line.category.key,
            debit_fen=line.debit_fen,
            credit_fen=line.credit_fen,
            person_id=line.person_id,
            memo=line.memo,
        )
        for position, line in enumerate(lines, start=1)
    ]
    head = entry_chain(entry, journal_lines)
    try:
        with transaction.atomic():
            entry.save(force_insert=True)
    except IntegrityError:
        raise DomainError(
            _("This entry has already been reversed."), code=FundsErrorCode.ALREADY_REVERSED
        ) from None
    for journal_line in journal_lines:
        journal_line.entry = entry
    JournalLine.objects.bulk_create(journal_lines)
    entry_chain_commit(head, entry)
    for account, new_balance in balances.values():
        account.balance_fen = new_balance
        account.save(update_fields=["balance_fen", "updated_at"])
    audit.record(
        actor=actor,
        event=events.ENTRY_POSTED,
        target=entry,
        changes={
            "total_fen": entry.total_fen,
            "source": f"{entry.source_type}:{entry.source_id}",
            "lines": [
                [line.account.pk, line.category.key, line.debit_fen, line.credit_fen]
                for line in lines
            ],
            **({"reverses": reverses.pk} if reverses else {}),
        },
        node_path=node.path,
    )
    if overrides:
        audit.record(
            actor=actor,
            event=events.BUDGET_OVERRIDDEN,
            target=entry,
            changes={
                "reason": entry.budget_override_reason,
                "lines": overrides,
                "authorised_by": (budget_override_by or actor).label,
            },
            node_path=node.path,
        )
    return entry


def ledger_post(
    *,
    actor: Actor,
    node: OrgNode,
    entry_on: dt.date,
    memo: str,
    source: SourceRef,
    lines: Sequence[LineSpec],
    budget_override_reason: str = "",
    budget_override_by: Actor | None = None,
) -> JournalEntry:
    """Post one balanced entry for ``node`` (building block; joins the caller's transaction).

    Preconditions: the caller has checked that ``actor`` may make this payment or receipt.
    Malformed input is refused before anything is read under lock; a refusal for balance or
    budget comes after the locks, inside the caller's transaction, which must then roll back
    (let the error propagate, as every entry service's atomic block does).
    Refuses (``DomainError``, nothing written) an unbalanced or malformed entry, an unknown,
    forbidden or heading category, a category on the wrong kind of account, a balance that
    would fall below zero, and spending beyond the node's approved budget line unless the
    actor (or ``budget_override_by``, who authorised it beforehand) holds
    ``funds.override_budget`` there and ``budget_override_reason`` is given.
    Effects: one ``JournalEntry`` with its lines, account balances updated, audit events
    ``journal_entry.posted`` (and ``journal_entry.budget_overridden``).
    """
    _check_lines(lines)
    entry_on = check_date(entry_on)
    memo = check_text(memo, field="memo", message=_("Say what the entry is for."))
    fund_node_of(node)
    categories = _check_lines_against_chart(lines, chart_in_force(entry_on), node.school_id)  # type: ignore[arg-type]
    with transaction.atomic(savepoint=False):
        resolved = _resolve(lines, categories)
        return _write(
            actor=actor,
            node=node,
            entry_on=entry_on,
            memo=memo,
            source=source,
            lines=resolved,
            budget_override_reason=budget_override_reason,
            budget_override_by=budget_override_by,
        )


def ledger_reverse(
    *, actor: Actor, entry: JournalEntry, reason: str, entry_on: dt.date | None = None
) -> JournalEntry:
    """Post the mirror of ``entry`` (building block; joins the caller's transaction).

    Every debit becomes a credit of the same account and category and vice versa, so every
    balance and every budget's actual spending return to what they were without the entry.
    Dated on the original's date unless ``entry_on`` is given. Refuses without a reason, for a
    reversal entry, for an entry already reversed, and when an account would fall below zero
    (money already spent cannot be un-received). The caller has checked the actor's right.
    """
    reason = check_text(
        reason, field="reason", message=_("Give the reason for the reversal."), limit=2000
    )
    with transaction.atomic(savepoint=False):
        original = (
            JournalEntry.objects.select_for_update(of=("self",))
            .select_related("node")
            .get(pk=entry.pk)
        )
        if original.reverses_id is not None:
            raise DomainError(
                _("A reversal cannot itself be reversed; post a new entry instead."),
                code=FundsErrorCode.CANNOT_REVERSE_REVERSAL,
            )
        if JournalEntry.objects.filter(reverses=original).exists():
            raise DomainError(
                _("This entry has already been reversed."), code=FundsErrorCode.ALREADY_REVERSED
            )
        mirrored = [
            ResolvedLine(
                account=line.account,
                category=line.category,
                debit_fen=line.credit_fen,
                credit_fen=line.debit_fen,
                person_id=line.person_id,
                memo=line.memo,
            )
            for line in original.lines.select_related("account__node", "category").order_by(
                "position"
            )
        ]
        reversal = _write(
            actor=actor,
            node=original.node,
            entry_on=check_date(entry_on) if entry_on else original.entry_on,
            memo=(
                _("Reversal of #%(number)s: %(memo)s")
                % {"number": original.pk, "memo": original.memo}
            )[:200],
            source=SourceRef(original.source_type, original.source_id, original.source_label),
            lines=mirrored,
            reverses=original,
            reason=reason,
        )
        audit.record(
            actor=actor,
            event=events.ENTRY_REVERSED,
            target=original,
            changes={"reversal": reversal.pk, "reason": reason},
            node_path=original.node.path,
        )
    return reversal
