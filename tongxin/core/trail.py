"""The tamper-evident trail: hash chains over audit events and ledger entries.

Each chained row stores its position (``chain_seq``) and ``chain_hash`` = SHA-256 of the
previous row's hash and the row's canonical content. The writer locks the chain's
``TrailHead`` row in the transaction that inserts the row, so positions are consecutive and
the chain is exact under concurrent writes. An edit made directly in the database changes a
row's content (its hash no longer matches); a deletion leaves a gap in the positions or a head
ahead of the last row; a rewrite of a whole chain no longer matches the anchor kept by an
earlier ``TrailCheck``. ``verify_all`` runs every registered chain verifier (core registers the
audit chains, funds the ledger chains) and stores one ``TrailCheck`` per chain.

Lock order: a transaction takes the ledger head after the fund accounts and the audit head
last of all (``record`` is the last write of a service step). PostgreSQL resolves the rare
deadlock with a service that records an event and then locks more rows by aborting one of the
two transactions, which rolls back whole; see docs/decisions/0014-backups-keys-trail.md.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max

from .models import AuditEvent, TrailCheck, TrailHead

GENESIS = "0" * 64
AUDIT_PREFIX = "audit:"
ROOT_SEGMENT = 8  # orgs.models.SEGMENT_WIDTH: the tree root's part of a node path


class Problem:
    CHANGED = "changed"
    MISSING = "missing"
    UNCHAINED = "unchained"
    HEAD = "head_mismatch"
    ANCHOR = "anchor_mismatch"


def canonical(value: Any) -> Any:
    """A JSON-safe copy of ``value`` as the database will give it back (dates as ISO text)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.loads(json.dumps(value, default=str))


def chain_hash(previous: str, payload: Mapping[str, Any]) -> str:
    """SHA-256 over the previous hash and the canonical JSON of ``payload``."""
    text = json.dumps(
        {key: canonical(item) for key, item in payload.items()},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(f"{previous}\n{text}".encode()).hexdigest()


def head_lock(chain: str) -> TrailHead:
    """Lock (creating it if new) the head of ``chain``; call inside the writer's transaction."""
    head = TrailHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:
        head, _created = TrailHead.objects.select_for_update().get_or_create(
            chain=chain, defaults={"last_hash": GENESIS}
        )
    return head


def head_advance(head: TrailHead, seq: int, last_hash: str) -> None:
    head.seq, head.last_hash = seq, last_hash
    head.save(update_fields=["seq", "last_hash", "updated_at"])


# -- audit events ------------------------------------------------------------------------------


def audit_chain_of(node_path: str) -> str:
    """The audit chain of a node path: one per tree root (a school union or a federation)."""
    return AUDIT_PREFIX + node_path[:ROOT_SEGMENT]


_AUDIT_FIELDS = (
    "created_at",
    "actor_user_id",
    "actor_label",
    "event",
    "target_type",
    "target_id",
    "target_label",
    "node_path",
    "changes",
    "is_sensitive_read",
    "chain",
    "chain_seq",
)


def audit_payload(row: Mapping[str, Any]) -> dict[str, Any]:
    return {name: row[name] for name in _AUDIT_FIELDS}


def audit_chain_rows(rows: list[AuditEvent]) -> None:
    """Give unsaved audit rows their chain position and hash (locks each chain's head).

    Heads are locked in chain-name order so that a bulk write never deadlocks another.
    """
    if not rows:
        return
    with transaction.atomic(savepoint=False):
        for row in rows:
            row.chain = audit_chain_of(row.node_path)
            row.changes = canonical(row.changes)
        heads = {name: head_lock(name) for name in sorted({row.chain for row in rows})}
        state = {name: (head.seq, head.last_hash) for name, head in heads.items()}
        for row in rows:
            seq, previous = state[row.chain]
            row.chain_seq = seq + 1
            row.chain_hash = chain_hash(previous, audit_payload(row.__dict__))
            state[row.chain] = (row.chain_seq, row.chain_hash)
        for name, head in heads.items():
            head_advance(head, *state[name])


# -- verification --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainRow:
    """One stored row of a chain, as the verifier reads it."""

    table: str
    pk: Any
    seq: int | None
    stored_hash: str
    payload: dict[str, Any]


@dataclass
class ChainResult:
    chain: str
    is_intact: bool = True
    rows_checked: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    broken_table: str = ""
    broken_id: str = ""
    broken_seq: int | None = None
    problem: str = ""

    def broken(self, row: ChainRow | None, problem: str, seq: int | None = None) -> "ChainResult":
        self.is_intact = False
        self.problem = problem
        if row is not None:
            self.broken_table, self.broken_id = row.table, str(row.pk)
            self.broken_seq = row.seq
        else:
            self.broken_seq = seq
        return self


def verify_rows(chain: str, rows: Iterable[ChainRow], unchained: ChainRow | None) -> ChainResult:
    """Walk one chain in position order and return where it first breaks, if anywhere."""
    result = ChainResult(chain=chain)
    head = TrailHead.objects.filter(chain=chain).first()
    anchor = (
        TrailCheck.objects.filter(chain=chain, is_intact=True, head_seq__gt=0)
        .order_by("-checked_at", "-id")
        .first()
    )
    previous, expected = GENESIS, 1
    for row in rows:
        if row.seq != expected:
            return result.broken(row, Problem.MISSING)
        if chain_hash(previous, row.payload) != row.stored_hash:
            return result.broken(row, Problem.CHANGED)
        if anchor and row.seq == anchor.head_seq and row.stored_hash != anchor.head_hash:
            return result.broken(row, Problem.ANCHOR)
        previous, expected = row.stored_hash, expected + 1
        result.rows_checked += 1
    last_seq = expected - 1
    if head is None or head.seq != last_seq or head.last_hash != previous:
        return result.broken(None, Problem.HEAD if last_seq else Problem.MISSING, last_seq + 1)
    if anchor and anchor.head_seq > last_seq:
        return result.broken(None, Problem.MISSING, last_seq + 1)
    if unchained is not None:
        return result.broken(unchained, Problem.UNCHAINED)
    result.head_seq, result.head_hash = last_seq, previous
    return result


def _audit_rows(chain: str) -> Iterator[ChainRow]:
    qs = (
        AuditEvent.objects.filter(chain=chain, chain_seq__isnull=False)
        .order_by("chain_seq")
        .values("id", "chain_hash", *_AUDIT_FIELDS)
    )
    for row in qs.iterator(chunk_size=2000):
        yield ChainRow(
            "core_auditevent", row["id"], row["chain_seq"], row["chain_hash"], audit_payload(row)
        )


def verify_audit() -> list[ChainResult]:
    """Verify every audit chain (and report any audit row written outside the chain)."""
    names = set(
        TrailHead.objects.filter(chain__startswith=AUDIT_PREFIX).values_list("chain", flat=True)
    )
    names |= set(AuditEvent.objects.exclude(chain="").values_list("chain", flat=True).distinct())
    stray = AuditEvent.objects.filter(chain_seq__isnull=True).order_by("id").first()
    results = []
    for name in sorted(names):
        unchained = None
        if stray is not None and audit_chain_of(stray.node_path) == name:
            unchained = ChainRow("core_auditevent", stray.pk, None, "", {})
        results.append(verify_rows(name, _audit_rows(name), unchained))
    if stray is not None and audit_chain_of(stray.node_path) not in names:
        row = ChainRow("core_auditevent", stray.pk, None, "", {})
        results.append(ChainResult(audit_chain_of(stray.node_path)).broken(row, Problem.UNCHAINED))
    return results


_VERIFIERS: dict[str, Callable[[], list[ChainResult]]] = {"audit": verify_audit}


def register_verifier(name: str, verifier: Callable[[], list[ChainResult]]) -> None:
    """Add an app's chain verifier (funds registers the ledger's from ``ready()``)."""
    _VERIFIERS[name] = verifier


def verify_all(*, checked_by_label: str = "") -> list[TrailCheck]:
    """Verify every chain and store one ``TrailCheck`` per chain; return them."""
    checks = []
    for name in sorted(_VERIFIERS):
        for result in _VERIFIERS[name]():
            checks.append(
                TrailCheck(
                    chain=result.chain,
                    is_intact=result.is_intact,
                    rows_checked=result.rows_checked,
                    head_seq=result.head_seq,
                    head_hash=result.head_hash if result.is_intact else "",
                    broken_table=result.broken_table,
                    broken_id=result.broken_id,
                    broken_seq=result.broken_seq,
                    problem=result.problem,
                    checked_by_label=checked_by_label[:120],
                )
            )
    TrailCheck.objects.bulk_create(checks)
    return checks


def latest_checks(*, chains: list[str]) -> list[TrailCheck]:
    """The latest check of each of ``chains`` that has been checked (two queries)."""
    last_ids = (
        TrailCheck.objects.filter(chain__in=chains)
        .values("chain")
        .annotate(last_id=Max("id"))
        .values_list("last_id", flat=True)
    )
    return list(TrailCheck.objects.filter(id__in=list(last_ids)).order_by("chain"))
