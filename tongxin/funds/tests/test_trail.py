"""The tamper-evident trail: edits and deletions made directly in the database are found."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tongxin.core import trail
from tongxin.core.models import AuditEvent, TrailCheck, TrailHead
from tongxin.funds import dbtriggers
from tongxin.funds.models import JournalEntry

from .conftest import DAY
from .test_ledger import _allocate, _expense


class _RawEditor:
    """Just enough of a schema editor for ``dbtriggers`` inside a test's transaction."""

    def __init__(self, cursor):
        self.cursor, self.connection = cursor, connection

    def execute(self, sql):
        self.cursor.execute(sql)


def _broken(checks, prefix):
    return [c for c in checks if c.chain.startswith(prefix) and not c.is_intact]


@pytest.fixture
def posted(books):
    entries = [_allocate(books, books.cast.branch_a, 5000)]
    entries += [_expense(books, books.cast.branch_a, 100 + n) for n in range(3)]
    return entries


def test_chains_are_intact_after_ordinary_writes(posted):
    # when the trail is verified
    checks = trail.verify_all(checked_by_label="test")
    # then every chain is intact, positions are consecutive and the check is stored
    assert checks and all(c.is_intact for c in checks), [
        (c.chain, c.problem, c.broken_id) for c in checks
    ]
    ledger = [c for c in checks if c.chain.startswith("ledger:")]
    assert ledger[0].rows_checked == JournalEntry.objects.count()
    assert TrailCheck.objects.count() == len(checks)
    seqs = list(JournalEntry.objects.order_by("chain_seq").values_list("chain_seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))


def test_audit_row_changed_with_raw_sql_is_named(posted):
    victim = AuditEvent.objects.order_by("chain_seq")[2]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET actor_label = %s WHERE id = %s", ["Someone", victim.pk]
        )
    broken = _broken(trail.verify_all(), "audit:")
    assert len(broken) == 1
    assert broken[0].broken_id == str(victim.pk)
    assert broken[0].problem == trail.Problem.CHANGED
    with pytest.raises(CommandError, match=f"core_auditevent id {victim.pk}"):
        call_command("verify_trail", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_audit_row_deleted_with_raw_sql_is_found(posted):
    victim = AuditEvent.objects.order_by("chain_seq")[3]
    following = AuditEvent.objects.get(chain=victim.chain, chain_seq=victim.chain_seq + 1)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [victim.pk])
    broken = _broken(trail.verify_all(), "audit:")
    assert broken[0].problem == trail.Problem.MISSING
    assert broken[0].broken_id == str(following.pk)


def test_last_audit_row_deleted_is_found(posted):
    last = AuditEvent.objects.order_by("-chain_seq").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    broken = _broken(trail.verify_all(), "audit:")
    assert broken[0].problem == trail.Problem.HEAD
    assert broken[0].broken_seq == last.chain_seq


def test_journal_entry_changed_past_the_trigger_is_named(posted):
    # given someone with database access who drops the immutability trigger
    victim = posted[1]
    with connection.cursor() as cursor:
        editor = _RawEditor(cursor)
        dbtriggers.uninstall(editor)
        cursor.execute(
            "UPDATE funds_journalline SET debit_fen = 1 WHERE entry_id = %s AND debit_fen > 0",
            [victim.pk],
        )
        cursor.execute(
            "UPDATE funds_journalline SET credit_fen = 1 WHERE entry_id = %s AND credit_fen > 0",
            [victim.pk],
        )
        dbtriggers.install(editor)
    broken = _broken(trail.verify_all(), "ledger:")
    assert broken[0].broken_id == str(victim.pk)
    assert broken[0].problem == trail.Problem.CHANGED


def test_journal_entry_deleted_is_found(posted):
    victim = posted[2]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM funds_journalline WHERE entry_id = %s", [victim.pk])
        cursor.execute("DELETE FROM funds_journalentry WHERE id = %s", [victim.pk])
    broken = _broken(trail.verify_all(), "ledger:")
    assert broken[0].problem == trail.Problem.MISSING
    assert broken[0].broken_id == str(posted[3].pk)


def test_rewritten_chain_does_not_match_the_earlier_anchor(posted):
    # given a check that anchored the chain
    assert all(c.is_intact for c in trail.verify_all())
    # when someone rewrites an audit row and recomputes every later hash and the head
    chain = AuditEvent.objects.order_by("chain_seq").first().chain
    rows = list(AuditEvent.objects.filter(chain=chain).order_by("chain_seq"))
    rows[0].actor_label = "Forged"
    previous = trail.GENESIS
    for row in rows:
        row.chain_hash = trail.chain_hash(previous, trail.audit_payload(row.__dict__))
        previous = row.chain_hash
    AuditEvent.objects.bulk_update(rows, ["actor_label", "chain_hash"])
    TrailHead.objects.filter(chain=chain).update(last_hash=previous)
    # then the chain is consistent in itself but no longer matches the anchor
    broken = _broken(trail.verify_all(), "audit:")
    assert broken[0].problem == trail.Problem.ANCHOR


def test_verify_trail_command_reports_intact(posted, capsys):
    call_command("verify_trail")
    assert "intact" in capsys.readouterr().out
