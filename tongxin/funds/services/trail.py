"""The ledger's hash chain: one chain of journal entries per school union.

``entry_chain`` runs inside ``ledger_post``/``ledger_reverse`` after the accounts are locked: it
locks the school's chain head, hashes the entry with its lines and the previous entry's hash,
and ``entry_chain_commit`` moves the head once the entry is saved. ``verify_ledger`` walks each
school's chain for ``manage.py verify_trail`` (registered in ``FundsConfig.ready``).
"""

from collections.abc import Iterator, Sequence
from typing import Any

from django.db import transaction

from tongxin.core import audit, trail
from tongxin.core.errors import Forbidden
from tongxin.core.models import TrailCheck, TrailHead
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events
from ..models import JournalEntry, JournalLine
from ..permissions import FundsPermission

PREFIX = "ledger:"
_ENTRY_FIELDS = (
    "school_id",
    "node_id",
    "entry_on",
    "fiscal_year",
    "memo",
    "source_type",
    "source_id",
    "source_label",
    "total_fen",
    "reverses_id",
    "reason",
    "budget_override_reason",
    "posted_by_id",
    "posted_by_label",
    "posted_at",
    "chain_seq",
)
_LINE_FIELDS = (
    "position",
    "account_id",
    "node_id",
    "entry_on",
    "fiscal_year",
    "category_id",
    "category_key",
    "debit_fen",
    "credit_fen",
    "person_id",
    "memo",
)


def chain_of(school_id: int) -> str:
    return f"{PREFIX}{school_id}"


def _payload(entry: dict[str, Any], lines: Sequence[dict[str, Any]]) -> dict[str, Any]:
    body = {name: entry[name] for name in _ENTRY_FIELDS}
    body["lines"] = [[line[name] for name in _LINE_FIELDS] for line in lines]
    return body


def entry_chain(entry: JournalEntry, lines: Sequence[JournalLine]) -> TrailHead:
    """Lock the school's chain head and give ``entry`` (unsaved, with its unsaved ``lines``)
    its position and hash. Call ``entry_chain_commit`` after the entry is saved."""
    head = trail.head_lock(chain_of(entry.school_id))
    entry.chain_seq = head.seq + 1
    entry.chain_hash = trail.chain_hash(
        head.last_hash, _payload(entry.__dict__, [line.__dict__ for line in lines])
    )
    return head


def entry_chain_commit(head: TrailHead, entry: JournalEntry) -> None:
    trail.head_advance(head, entry.chain_seq or 0, entry.chain_hash)


def _rows(school_id: int) -> Iterator[trail.ChainRow]:
    entries = (
        JournalEntry.objects.filter(school_id=school_id, chain_seq__isnull=False)
        .order_by("chain_seq")
        .values("id", "chain_hash", *_ENTRY_FIELDS)
    )
    chunk: list[dict[str, Any]] = []
    for entry in entries.iterator(chunk_size=1000):
        chunk.append(entry)
        if len(chunk) == 1000:
            yield from _with_lines(chunk)
            chunk = []
    yield from _with_lines(chunk)


def _with_lines(entries: list[dict[str, Any]]) -> Iterator[trail.ChainRow]:
    lines: dict[int, list[dict[str, Any]]] = {entry["id"]: [] for entry in entries}
    for line in (
        JournalLine.objects.filter(entry_id__in=list(lines))
        .order_by("entry_id", "position")
        .values("entry_id", *_LINE_FIELDS)
    ):
        lines[line["entry_id"]].append(line)
    for entry in entries:
        yield trail.ChainRow(
            "funds_journalentry",
            entry["id"],
            entry["chain_seq"],
            entry["chain_hash"],
            _payload(entry, lines[entry["id"]]),
        )


def verify_ledger() -> list[trail.ChainResult]:
    """Verify each school's chain of journal entries (and report unchained entries)."""
    schools = set(JournalEntry.objects.values_list("school_id", flat=True).distinct())
    schools |= {
        int(name[len(PREFIX) :])
        for name in TrailHead.objects.filter(chain__startswith=PREFIX).values_list(
            "chain", flat=True
        )
    }
    results = []
    for school_id in sorted(schools):
        stray = (
            JournalEntry.objects.filter(school_id=school_id, chain_seq__isnull=True)
            .order_by("id")
            .values_list("id", flat=True)
            .first()
        )
        unchained = trail.ChainRow("funds_journalentry", stray, None, "", {}) if stray else None
        results.append(trail.verify_rows(chain_of(school_id), _rows(school_id), unchained))
    return results


def trail_verify(*, actor: Actor) -> list[TrailCheck]:
    """Verify every hash chain now and store one ``TrailCheck`` per chain.

    Held by the audit committee and the union office (``funds.verify_trail``). The check
    reads every chain of the platform and changes nothing but the stored results.
    Effects: ``TrailCheck`` rows, audit event ``trail.verified``.
    """
    if not access.holds_somewhere(actor, FundsPermission.VERIFY_TRAIL):
        raise Forbidden()
    with transaction.atomic():
        checks = trail.verify_all(checked_by_label=actor.label)
        first = checks[0] if checks else None
        if first is not None:
            audit.record(
                actor=actor,
                event=events.TRAIL_VERIFIED,
                target=first,
                changes={
                    "chains": len(checks),
                    "broken": [c.chain for c in checks if not c.is_intact],
                },
            )
    return checks
