"""The tamper-evident trail: edits and deletions made directly in the database are found."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tongxin.core import trail
from tongxin.core.models import AuditEvent, TrailCheck, TrailHead
from tongxin.funds import dbtriggers
from tongxin.funds.models import JournalEntry

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
    assert checks
    assert all(c.is_intact for c in checks), [(c.chain, c.problem, c.broken_id) for c in checks]
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


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("office_admin", True),
        ("auditor", True),
        ("finance_officer", False),
        ("branch_a_chair", False),
        ("branch_a_member", False),
        ("branch_b_member", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_trail_verify_matrix(posted, books, persona, allowed):
    from tongxin.core.errors import Forbidden
    from tongxin.funds import services

    before = (TrailCheck.objects.count(), AuditEvent.objects.count())
    actor = books.cast.actor(persona)
    if not allowed:
        with pytest.raises(Forbidden):
            services.trail_verify(actor=actor)
        assert (TrailCheck.objects.count(), AuditEvent.objects.count()) == before
        return
    checks = services.trail_verify(actor=actor)
    assert checks
    assert all(c.is_intact for c in checks)
    assert TrailCheck.objects.count() == before[0] + len(checks)
    assert AuditEvent.objects.filter(event="trail.verified").count() == 1


def _page(client, books, persona):
    client.force_login(books.cast.users[persona])
    return client.get(reverse("funds:opinions"))


def test_audit_committee_page_shows_the_last_check_and_a_break(posted, books, client):
    with translation.override("zh-hans"):
        response = _page(client, books, "auditor")
        assert gettext("Not checked yet") in response.content.decode()
        # when the committee verifies, the page shows the result
        client.post(reverse("funds:trail-verify"))
        body = _page(client, books, "auditor").content.decode()
        assert body.count('data-testid="trail-intact"') >= 2
        assert 'data-testid="trail-broken"' not in body
        # and after a row is changed in the database the next check names it
        school_chain = trail.audit_chain_of(books.cast.school.path)
        victim = AuditEvent.objects.filter(chain=school_chain).order_by("chain_seq")[1]
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_auditevent SET event = 'x' WHERE id = %s", [victim.pk])
        client.post(reverse("funds:trail-verify"))
        body = _page(client, books, "auditor").content.decode()
        assert 'data-testid="trail-broken"' in body
        assert gettext("A row was changed after it was written.") in body
        assert f"{victim.pk}" in body


def test_finance_officer_sees_the_status_but_cannot_verify(posted, books, client):
    response = _page(client, books, "finance_officer")
    assert response.status_code == 200
    assert 'data-testid="trail"' in response.content.decode()
    assert 'data-testid="trail-verify"' not in response.content.decode()
    client.force_login(books.cast.users["finance_officer"])
    assert client.post(reverse("funds:trail-verify")).status_code == 403
    assert TrailCheck.objects.count() == 0


def test_opinions_page_query_count_is_constant(posted, books, client):
    trail.verify_all()
    client.force_login(books.cast.users["auditor"])
    client.get(reverse("funds:opinions"))
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("funds:opinions"))
    for _ in range(3):
        trail.verify_all()
    _allocate(books, books.cast.branch_b, 50)
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("funds:opinions"))
    assert len(second) == len(first)
