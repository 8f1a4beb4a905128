"""Care visit rules: the standard, the window, the yearly count, membership, attachments,
the three-step approval and the payment it makes (once)."""

import datetime as dt

import pytest

from tongxin.care import services
from tongxin.care.choices import VisitStatus
from tongxin.care.models import CareAttachment, CareVisit
from tongxin.core.errors import DomainError, InvalidTransition
from tongxin.core.models import AuditEvent
from tongxin.funds.models import JournalEntry, JournalLine
from tongxin.members import services as members
from tongxin.participation.models import Participation
from tongxin.testing.care import FILED_ON, PAID_ON, PDF, file_visit, required_uploads

from .conftest import counts

pytestmark = pytest.mark.django_db


def _approve_all(cast, visit):
    for persona in ("branch_a_chair", "office_admin", "finance_officer"):
        visit = services.care_visit_decide(
            actor=cast.actor(persona), visit=visit, outcome="approve", on=PAID_ON
        )
    return visit


def test_three_approvals_pay_from_the_branch_fund_once(cast, books):
    # given a liaison files a hospitalisation visit for a member of their branch's group
    member = cast.people["branch_a_member"]
    visit = file_visit(cast.actor("branch_a_liaison"), member, amount_fen=40_000)
    assert visit.status == VisitStatus.SUBMITTED
    assert visit.node == cast.branch_a
    # when the chair, the office and finance approve in turn
    visit = services.care_visit_decide(
        actor=cast.actor("branch_a_chair"), visit=visit, outcome="approve", on=PAID_ON
    )
    assert visit.status == VisitStatus.SUBMITTED
    assert not JournalEntry.objects.filter(source_type="care.carevisit").exists()
    visit = services.care_visit_decide(
        actor=cast.actor("office_admin"), visit=visit, outcome="approve", on=PAID_ON
    )
    visit = services.care_visit_decide(
        actor=cast.actor("finance_officer"), visit=visit, outcome="approve", on=PAID_ON
    )
    # then it is paid once: one ledger entry on branch A's fund with the person, one record
    assert visit.status == VisitStatus.PAID
    assert visit.paid_on == PAID_ON
    entry = JournalEntry.objects.get(source_type="care.carevisit", source_id=str(visit.pk))
    line = JournalLine.objects.get(entry=entry, debit_fen__gt=0)
    assert (line.node_id, line.category_key, line.debit_fen, line.person_id) == (
        cast.branch_a.pk,
        "expense.staff_activities.member_activities",
        40_000,
        member.pk,
    )
    part = Participation.objects.get(kind="care_visit", person=member)
    assert part.amount_fen == 40_000
    # and approving again is refused, nothing more is paid
    with pytest.raises(InvalidTransition):
        services.care_visit_decide(
            actor=cast.actor("finance_officer"), visit=visit, outcome="approve", on=PAID_ON
        )
    assert JournalEntry.objects.filter(source_type="care.carevisit").count() == 1


@pytest.mark.parametrize("step", [0, 1, 2])
def test_rejection_at_any_step_pays_nothing(cast, books, step):
    visit = file_visit(cast.actor("branch_a_liaison"), cast.people["branch_a_member"])
    deciders = ["branch_a_chair", "office_admin", "finance_officer"]
    for persona in deciders[:step]:
        visit = services.care_visit_decide(
            actor=cast.actor(persona), visit=visit, outcome="approve", on=PAID_ON
        )
    visit = services.care_visit_decide(
        actor=cast.actor(deciders[step]), visit=visit, outcome="reject", comment="Not eligible"
    )
    assert visit.status == VisitStatus.REJECTED
    assert not JournalEntry.objects.filter(source_type="care.carevisit").exists()
    assert not Participation.objects.filter(kind="care_visit").exists()


def test_rejection_needs_a_reason(cast, books):
    visit = file_visit(cast.actor("branch_a_liaison"), cast.people["branch_a_member"])
    before = counts()
    with pytest.raises(DomainError) as error:
        services.care_visit_decide(
            actor=cast.actor("branch_a_chair"), visit=visit, outcome="reject"
        )
    assert error.value.code == "comment_required"
    assert counts() == before


def _refused(call, code, field=None):
    before = counts()
    with pytest.raises(DomainError) as error:
        call()
    assert error.value.code == code, error.value.message
    if field:
        assert error.value.field == field
    assert counts() == before
    return error.value


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (-100, "invalid_amount"),
        (0, "invalid_amount"),
        ("12", "invalid_amount"),
        (1.5, "invalid_amount"),
        (True, "invalid_amount"),
        (50_001, "over_standard"),
    ],
)
def test_bad_amounts_change_nothing(cast, books, amount, code):
    member = cast.people["branch_a_member"]
    _refused(
        lambda: file_visit(cast.actor("branch_a_liaison"), member, amount_fen=amount),
        code,
        "amount",
    )


def test_amount_at_the_standard_is_accepted(cast, books):
    visit = file_visit(
        cast.actor("branch_a_liaison"), cast.people["branch_a_member"], amount_fen=50_000
    )
    assert visit.amount_fen == 50_000


def test_claim_out_of_window_changes_nothing(cast, books):
    member = cast.people["branch_a_member"]
    _refused(
        lambda: file_visit(
            cast.actor("branch_a_liaison"),
            member,
            event_on=FILED_ON - dt.timedelta(days=181),
        ),
        "out_of_window",
        "event_on",
    )
    # the last day of the window is fine
    visit = file_visit(
        cast.actor("branch_a_liaison"), member, event_on=FILED_ON - dt.timedelta(days=180)
    )
    assert visit.pk


def test_event_after_filing_is_refused(cast, books):
    member = cast.people["branch_a_member"]
    _refused(
        lambda: file_visit(
            cast.actor("branch_a_liaison"), member, event_on=FILED_ON + dt.timedelta(days=1)
        ),
        "date_in_future",
    )


def test_yearly_count_limit(cast, books):
    # hospitalisation: two per person per calendar year
    member = cast.people["branch_a_member"]
    liaison = cast.actor("branch_a_liaison")
    file_visit(liaison, member, event_on=dt.date(2021, 1, 5))
    file_visit(liaison, member, event_on=dt.date(2021, 2, 5))
    _refused(lambda: file_visit(liaison, member, event_on=dt.date(2021, 3, 5)), "over_yearly_count")
    # the previous year does not count, and a rejected or withdrawn visit frees its place
    other = file_visit(
        liaison, member, event_on=dt.date(2020, 12, 30), filed_on=dt.date(2021, 1, 10)
    )
    assert other.pk


def test_withdrawn_visit_frees_its_place(cast, books):
    member = cast.people["branch_a_member"]
    liaison = cast.actor("branch_a_liaison")
    first = file_visit(liaison, member, kind="childbirth")
    _refused(lambda: file_visit(liaison, member, kind="childbirth"), "over_yearly_count")
    services.care_visit_withdraw(actor=liaison, visit=first)
    assert file_visit(liaison, member, kind="childbirth").pk


def test_non_member_is_refused(cast, books):
    _refused(
        lambda: file_visit(cast.actor("branch_a_chair"), cast.people["branch_a_non_member"]),
        "not_a_member",
        "person",
    )


def test_missing_attachment_is_refused_unless_declared_to_follow(cast, books):
    member = cast.people["branch_a_member"]
    liaison = cast.actor("branch_a_liaison")
    error = _refused(
        lambda: file_visit(
            liaison, member, kind="serious_illness", attachments=[], amount_fen=100_000
        ),
        "missing_attachment",
        "attachments",
    )
    assert "诊断证明" in error.message
    # declared to follow: filed, but payment waits for the documents
    visit = file_visit(
        liaison,
        member,
        kind="serious_illness",
        attachments=[],
        amount_fen=100_000,
        documents_to_follow=True,
    )
    assert visit.documents_to_follow
    for persona in ("branch_a_chair", "office_admin"):
        visit = services.care_visit_decide(
            actor=cast.actor(persona), visit=visit, outcome="approve"
        )
    before = counts()
    with pytest.raises(DomainError) as refused:
        services.care_visit_decide(
            actor=cast.actor("finance_officer"), visit=visit, outcome="approve", on=PAID_ON
        )
    assert refused.value.code == "missing_attachment"
    assert counts() == before
    for upload in required_uploads(member, "serious_illness"):
        services.care_attachment_add(actor=liaison, visit=visit, upload=upload)
    visit = services.care_visit_decide(
        actor=cast.actor("finance_officer"), visit=visit, outcome="approve", on=PAID_ON
    )
    assert visit.status == VisitStatus.PAID
    # serious illness is paid from the hardship aid category of the standard
    assert JournalLine.objects.filter(
        category_key="expense.rights.hardship_aid", person_id=member.pk
    ).exists()


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("scan.exe", b"MZ\x90\x00"),
        ("scan.pdf", b"MZ\x90\x00 not a pdf"),
        ("scan.png", PDF),
        ("empty.pdf", b""),
        ("huge.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)),
    ],
)
def test_bad_uploads_are_refused(cast, books, filename, data):
    member = cast.people["branch_a_member"]
    uploads = [services.Upload(label="住院证明或出院记录", filename=filename, data=data)]
    _refused(
        lambda: file_visit(cast.actor("branch_a_liaison"), member, attachments=uploads),
        "bad_attachment",
    )


def test_attachments_and_diagnosis_are_encrypted_at_rest(cast, books):
    from django.db import connection

    visit = file_visit(
        cast.actor("branch_a_liaison"), cast.people["branch_a_member"], diagnosis="Fractured wrist"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT diagnosis FROM care_carevisit WHERE id = %s", [visit.pk])
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT content FROM care_careattachment WHERE visit_id = %s", [visit.pk])
        (content,) = cursor.fetchone()
    assert "Fractured" not in stored
    assert "JVBER" not in content  # base64 of "%PDF"
    assert CareAttachment.objects.get(visit=visit).size == len(PDF)


def test_member_death_pays_the_next_of_kin(cast, books):
    member = cast.people["branch_a_member"]
    spouse = members.family_member_add(
        actor=cast.actor("system"), person=member, relation="spouse", name="Spouse A"
    )
    office = cast.actor("office_admin")
    # not yet recorded as deceased
    _refused(
        lambda: file_visit(office, member, kind="member_death", payee=spouse, amount_fen=200_000),
        "not_deceased",
    )
    members.membership_record_death(
        actor=cast.actor("system"), person=member, on=dt.date(2021, 3, 10)
    )
    member.refresh_from_db()
    _refused(
        lambda: file_visit(office, member, kind="member_death", amount_fen=200_000),
        "payee_required",
        "payee",
    )
    other = members.family_member_add(
        actor=cast.actor("system"),
        person=cast.people["branch_b_member"],
        relation="spouse",
        name="Spouse B",
    )
    _refused(
        lambda: file_visit(office, member, kind="member_death", payee=other, amount_fen=200_000),
        "not_family",
    )
    # the liaison files it (the office, which approves it, does not: decision 0011)
    visit = file_visit(
        cast.actor("branch_a_liaison"),
        member,
        kind="member_death",
        payee=spouse,
        amount_fen=200_000,
    )
    assert visit.payee == spouse
    visit = _approve_all(cast, visit)
    assert visit.status == VisitStatus.PAID


def test_relative_death_names_the_relative(cast, books):
    member = cast.people["branch_a_member"]
    liaison = cast.actor("branch_a_liaison")
    _refused(
        lambda: file_visit(liaison, member, kind="relative_death"), "relative_required", "relative"
    )
    parent = members.family_member_add(
        actor=cast.actor("system"), person=member, relation="parent", name="Parent A"
    )
    visit = file_visit(liaison, member, kind="relative_death", relative=parent)
    assert visit.relative == parent


def test_consent_is_recorded_with_time_and_audited(cast, books):
    member = cast.people["branch_a_member"]
    visit = file_visit(cast.actor("branch_a_liaison"), member)
    assert not visit.disclosure_consent
    assert visit.disclosure_consent_at is None
    visit = services.care_visit_consent_set(
        actor=cast.actor("branch_a_member"), visit=visit, consent=True
    )
    assert visit.disclosure_consent
    assert visit.disclosure_consent_at is not None
    assert AuditEvent.objects.filter(
        event="care_visit.consent_set", target_id=str(visit.pk)
    ).exists()


def test_visit_count_unchanged_when_budget_refuses(cast):
    from tongxin.testing.funds import fund_books

    # branch budgets do not exist: the payment is refused and the final approval rolls back
    fund_books(cast, year=2021, branch_budget=None, branch_funds_fen=0)
    visit = file_visit(cast.actor("branch_a_liaison"), cast.people["branch_a_member"])
    for persona in ("branch_a_chair", "office_admin"):
        visit = services.care_visit_decide(
            actor=cast.actor(persona), visit=visit, outcome="approve"
        )
    before = counts()
    with pytest.raises(DomainError):
        services.care_visit_decide(
            actor=cast.actor("finance_officer"), visit=visit, outcome="approve", on=PAID_ON
        )
    assert counts() == before
    assert CareVisit.objects.get(pk=visit.pk).status == VisitStatus.SUBMITTED


def test_member_is_told_when_paid_or_rejected(cast, books):
    from tongxin.notifications.models import Notification

    member = cast.people["branch_a_member"]
    visit = file_visit(cast.actor("branch_a_liaison"), member, diagnosis="Private detail")
    _approve_all(cast, visit)
    other = file_visit(cast.actor("branch_a_liaison"), member, kind="childbirth")
    services.care_visit_decide(
        actor=cast.actor("branch_a_chair"), visit=other, outcome="reject", comment="Duplicate"
    )
    notes = list(Notification.objects.filter(person=member).order_by("pk"))
    assert [n.kind for n in notes] == ["care.visit_paid", "care.visit_rejected"]
    assert all("Private detail" not in n.title + n.body for n in notes)
