"""Reads of the ledger: lines with filters, one entry, accounts, an entry's source."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Model, Prefetch, Q, QuerySet

from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode, subtree_q

from ..models import FundAccount, JournalEntry, JournalLine
from ..permissions import FundsPermission
from ..services.ledger import SourceRef

P = FundsPermission


@dataclass(frozen=True)
class LedgerFilters:
    fiscal_year: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    node: OrgNode | None = None
    category_key: str = ""
    source_type: str = ""
    q: str = ""


def ledger_line_list(
    *, actor: Actor, filters: LedgerFilters | None = None
) -> QuerySet[JournalLine]:
    """Journal lines the actor may see (by the account's node), newest first, filtered.

    ``category_key`` matches the category and everything below it; ``q`` searches the entry's
    memo and source. Entry, node and category are joined: one query per page.
    """
    f = filters or LedgerFilters()
    qs = access.scope(
        JournalLine.objects.select_related("entry", "node", "category", "account"),
        actor,
        P.VIEW_LEDGER,
    )
    if f.fiscal_year:
        qs = qs.filter(fiscal_year=f.fiscal_year)
    if f.date_from:
        qs = qs.filter(entry_on__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(entry_on__lte=f.date_to)
    if f.node is not None:
        qs = qs.filter(subtree_q(f.node.path, "node__path"))
    if f.category_key:
        qs = qs.filter(
            Q(category_key=f.category_key) | Q(category_key__startswith=f.category_key + ".")
        )
    if f.source_type:
        qs = qs.filter(entry__source_type=f.source_type)
    if f.q.strip():
        text = f.q.strip()
        qs = qs.filter(
            Q(entry__memo__icontains=text)
            | Q(entry__source_label__icontains=text)
            | Q(memo__icontains=text)
        )
    return qs.order_by("-entry_on", "-entry_id", "position")


def journal_entry_get(*, actor: Actor, pk: int | str) -> JournalEntry:
    """One entry (by its node's scope) with its lines, reversal and reversed entry loaded."""
    lines = JournalLine.objects.select_related("account__node", "category", "person").order_by(
        "position"
    )
    qs = JournalEntry.objects.select_related("node", "reverses", "reversal").prefetch_related(
        Prefetch("lines", queryset=lines)
    )
    return access.get_scoped(qs, actor, P.VIEW_LEDGER, pk=pk)


def journal_entry_list(
    *, actor: Actor, node: OrgNode | None = None, fiscal_year: int | None = None
) -> QuerySet[JournalEntry]:
    """Entries the actor may see (by the entry's node), newest first; one query per page."""
    qs = access.scope(JournalEntry.objects.select_related("node"), actor, P.VIEW_LEDGER)
    if node is not None:
        qs = qs.filter(subtree_q(node.path, "node__path"))
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs.order_by("-entry_on", "-id")


def fund_account_list(*, actor: Actor, kind: str | None = None) -> QuerySet[FundAccount]:
    """Accounts (with balances) on nodes the actor may see, in tree order."""
    qs = access.scope(FundAccount.objects.select_related("node"), actor, P.VIEW_LEDGER)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("node__path", "kind")


def entries_for_source(source: Model | SourceRef) -> list[JournalEntry]:
    """Every entry posted for a domain record, oldest first, with its reversal if any.

    For domain services (no access check: call it after checking access to the record).
    An entry is live when it is not a reversal and has not been reversed.
    """
    ref = source if isinstance(source, SourceRef) else SourceRef.of(source)
    return list(
        JournalEntry.objects.filter(source_type=ref.type, source_id=ref.id)
        .select_related("reversal")
        .order_by("posted_at", "pk")
    )


def live_entry_for_source(source: Model | SourceRef) -> JournalEntry | None:
    """The source's entry that is neither a reversal nor reversed, if there is one."""
    ref = source if isinstance(source, SourceRef) else SourceRef.of(source)
    return (
        JournalEntry.objects.filter(
            source_type=ref.type, source_id=ref.id, reverses__isnull=True, reversal__isnull=True
        )
        .order_by("-pk")
        .first()
    )
