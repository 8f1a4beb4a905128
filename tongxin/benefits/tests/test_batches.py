"""Rules of batches: creating, confirming (receipts, cap, value, cost), closing, cancelling."""

import datetime as dt

import pytest
from django.db.models import Sum

from tongxin.activities import services as activity_services
from tongxin.activities.tests.factories import make_activity
from tongxin.benefits import services
from tongxin.benefits.choices import BatchStatus, ReceiptStatus
from tongxin.benefits.models import BenefitBatch, BenefitReceipt, CapExclusion
from tongxin.core.errors import DomainError, InvalidTransition, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.funds.models import JournalEntry, JournalLine
from tongxin.funds.queries.policy import holiday_benefit_total_fen
from tongxin.participation.models import Participation
from tongxin.testing.personas import SYSTEM

from .conftest import SPRING

MEMBERS = [
    "office_admin",
    "finance_officer",
    "auditor",
    "branch_a_chair",
    "branch_a_liaison",
    "branch_a_member",
    "branch_b_member",
]


def _state():
    return (
        BenefitBatch.objects.count(),
        BenefitReceipt.objects.count(),
        CapExclusion.objects.count(),
        Participation.objects.count(),
        JournalEntry.objects.count(),
        AuditEvent.objects.count(),
        list(BenefitBatch.objects.order_by("pk").values_list("status", flat=True)),
    )


def test_create_is_a_draft_and_audited(make_batch):
    before = AuditEvent.objects.count()
    batch = make_batch()
    assert batch.status == BatchStatus.DRAFT
    assert batch.receipts.count() == 0
    assert AuditEvent.objects.count() == before + 1


@pytest.mark.parametrize("cost", [-100, 0, "12.50", "abc", 12.5, True, None, 10**12])
def test_bad_unit_cost_changes_nothing(make_batch, cost):
    before = _state()
    with pytest.raises(ValidationFailed) as error:
        make_batch(unit_cost_fen=cost)
    assert error.value.code == "invalid_unit_cost"
    assert error.value.field == "unit_cost_fen"
    assert _state() == before


@pytest.mark.parametrize("festival", ["teachers_day", "womens_day", "", "SPRING_FESTIVAL"])
def test_festival_not_allowed(make_batch, festival):
    before = _state()
    with pytest.raises(ValidationFailed) as error:
        make_batch(festival=festival)
    assert error.value.code in ("festival_not_allowed", "source_required")
    assert _state() == before


def test_festival_dropped_from_policy_is_refused(cast, make_batch):
    from tongxin.funds import services as funds

    spec = funds.default_policy_spec()
    spec = type(spec)(**{**vars(spec), "allowed_festivals": ["spring_festival"]})
    funds.policy_version_create(
        actor=SYSTEM, school=cast.school, spec=spec, effective_from=dt.date(2021, 3, 1)
    )
    make_batch(festival="mid_autumn", distribute_on=dt.date(2021, 2, 20))
    before = _state()
    with pytest.raises(ValidationFailed) as error:
        make_batch(festival="mid_autumn", distribute_on=dt.date(2021, 9, 20))
    assert error.value.code == "festival_not_allowed"
    assert _state() == before


def test_other_bad_input(cast, make_batch):
    before = _state()
    for kwargs, field in [
        ({"title": "  "}, "title"),
        ({"goods": ""}, "goods"),
        ({"cutoff_on": dt.date(2021, 3, 1)}, "cutoff_on"),
        ({"school": cast.branch_a}, "school"),
    ]:
        with pytest.raises(DomainError) as error:
            make_batch(**kwargs)
        assert error.value.field == field
    assert _state() == before


def test_confirm_gives_members_on_cutoff(cast, batch):
    people = {r.person_id for r in batch.receipts.all()}
    assert people == {cast.people[name].pk for name in MEMBERS}
    assert cast.people["branch_a_non_member"].pk not in people
    assert batch.status == BatchStatus.CONFIRMED
    assert batch.recipient_count == 7
    assert batch.total_cost_fen == 7 * 50_000
    # Branch of each receipt: the group's member collects at branch A.
    receipt = batch.receipts.get(person=cast.people["branch_a_member"])
    assert receipt.node_id == cast.group_a1.pk
    assert receipt.branch_id == cast.branch_a.pk
    assert batch.receipts.get(person=cast.people["office_admin"]).branch_id == cast.school.pk
    # One benefit participation per receipt, with the value; the cap's total sees it.
    totals = holiday_benefit_total_fen(person_ids=people, year=2021)
    assert totals == dict.fromkeys(people, 50_000)
    # One ledger entry on the school, under member activities, dated the distribution day.
    entry = JournalEntry.objects.get(pk=batch.journal_entry_id)
    assert entry.entry_on == SPRING
    line = JournalLine.objects.get(entry=entry, debit_fen__gt=0)
    assert line.debit_fen == 350_000
    assert line.account.node_id == cast.school.pk
    assert line.category_key == "expense.staff_activities.member_activities"


def test_confirm_only_a_draft(batch):
    before = _state()
    with pytest.raises(InvalidTransition):
        services.benefit_batch_confirm(actor=SYSTEM, batch=batch)
    assert _state() == before


def test_audience_subtree_and_cutoff(cast, make_batch):
    batch = make_batch(audience_node=cast.branch_a, confirm=True)
    names = {cast.people[n].pk for n in ("branch_a_chair", "branch_a_liaison", "branch_a_member")}
    assert set(batch.receipts.values_list("person_id", flat=True)) == names
    with pytest.raises(DomainError) as error:
        make_batch(cutoff_on=dt.date(2014, 1, 1), distribute_on=dt.date(2021, 1, 1), confirm=True)
    assert error.value.code == "no_recipients"


def test_retirees_by_choice(cast, make_batch):
    from tongxin.members import services as members

    person = cast.people["branch_b_member"]
    members.membership_retire(actor=SYSTEM, person=person, on=dt.date(2020, 7, 1))
    without = make_batch(confirm=True, unit_cost_fen=1000)
    assert not without.receipts.filter(person=person).exists()
    with_retirees = make_batch(confirm=True, unit_cost_fen=1000, include_retirees=True)
    assert with_retirees.receipts.filter(person=person).exists()


def test_cap_exceeded_is_refused_with_the_list(cast, make_batch):
    make_batch(audience_node=cast.branch_a, unit_cost_fen=150_000, confirm=True)
    second = make_batch(
        unit_cost_fen=60_000, festival="mid_autumn", distribute_on=dt.date(2021, 9, 20)
    )
    before = _state()
    with pytest.raises(DomainError) as error:
        services.benefit_batch_confirm(actor=SYSTEM, batch=second)
    assert error.value.code == "cap_exceeded"
    branch_a = {
        cast.people[n].pk for n in ("branch_a_chair", "branch_a_liaison", "branch_a_member")
    }
    assert set(error.value.extra["person_ids"]) == branch_a
    assert _state() == before


def test_over_cap_excluded_and_overridden(cast, make_batch):
    first = make_batch(audience_node=cast.branch_a, unit_cost_fen=150_000, confirm=True)
    second = make_batch(
        unit_cost_fen=60_000, festival="mid_autumn", distribute_on=dt.date(2021, 9, 20)
    )
    member = cast.people["branch_a_member"]
    confirmed = services.benefit_batch_confirm(
        actor=cast.actor("office_admin"),
        batch=second,
        overrides={member.pk: "Long illness this year"},
        exclude_over_cap=True,
    )
    given = set(confirmed.receipts.values_list("person_id", flat=True))
    assert member.pk in given
    assert cast.people["branch_a_liaison"].pk not in given
    assert confirmed.recipient_count == 5
    exclusions = {e.person_id: e for e in CapExclusion.objects.filter(batch=confirmed)}
    assert set(exclusions) == {
        cast.people[n].pk for n in ("branch_a_chair", "branch_a_liaison", "branch_a_member")
    }
    assert exclusions[member.pk].overridden
    assert exclusions[member.pk].reason
    assert exclusions[member.pk].year_total_fen == 150_000
    assert not exclusions[cast.people["branch_a_chair"].pk].overridden
    assert confirmed.receipts.get(person=member).cap_overridden
    assert AuditEvent.objects.filter(event="benefit_batch.cap_overridden").count() == 1
    assert first.status == BatchStatus.CONFIRMED


def test_override_needs_reason_and_permission(cast, make_batch):
    make_batch(audience_node=cast.branch_a, unit_cost_fen=150_000, confirm=True)
    second = make_batch(
        unit_cost_fen=60_000, festival="mid_autumn", distribute_on=dt.date(2021, 9, 20)
    )
    member = cast.people["branch_a_member"]
    before = _state()
    with pytest.raises(ValidationFailed) as error:
        services.benefit_batch_confirm(
            actor=SYSTEM, batch=second, overrides={member.pk: "  "}, exclude_over_cap=True
        )
    assert error.value.code == "override_reason_required"
    assert _state() == before


def test_budget_refusal_changes_nothing(cast, make_batch):
    batch = make_batch(unit_cost_fen=9_000_000)  # 7 × 90,000 yuan > the school's budget
    before = _state()
    with pytest.raises(DomainError):
        services.benefit_batch_confirm(actor=SYSTEM, batch=batch)
    assert _state() == before


def test_cancel_draft_only(make_batch, batch):
    draft = make_batch()
    cancelled = services.benefit_batch_cancel(actor=SYSTEM, batch=draft)
    assert cancelled.status == BatchStatus.CANCELLED
    before = _state()
    with pytest.raises(InvalidTransition):
        services.benefit_batch_cancel(actor=SYSTEM, batch=batch)
    with pytest.raises(InvalidTransition):
        services.benefit_batch_confirm(actor=SYSTEM, batch=cancelled)
    assert _state() == before


def test_close_makes_uncollected_undelivered_and_frees_the_cap(cast, batch, receipt_of):
    services.benefit_receipt_sign(
        actor=cast.actor("branch_a_member"), receipt=receipt_of("branch_a_member")
    )
    services.benefit_receipt_mail_out(
        actor=SYSTEM, receipt=receipt_of("branch_b_member"), address="1 Garden Road"
    )
    closed = services.benefit_batch_close(actor=SYSTEM, batch=batch)
    assert closed.status == BatchStatus.CLOSED
    statuses = dict(closed.receipts.values_list("person_id", "status"))
    assert statuses[cast.people["branch_a_member"].pk] == ReceiptStatus.SIGNED
    assert statuses[cast.people["branch_b_member"].pk] == ReceiptStatus.MAILED
    assert list(statuses.values()).count(ReceiptStatus.UNDELIVERED) == 5
    # The remaining participations are exactly the batch's delivered receipts.
    rows = Participation.objects.filter(
        occasion_type="benefits.benefitbatch", occasion_id=str(batch.pk)
    )
    assert set(rows.values_list("person_id", flat=True)) == {
        cast.people["branch_a_member"].pk,
        cast.people["branch_b_member"].pk,
    }
    assert rows.aggregate(total=Sum("amount_fen"))["total"] == 100_000
    # Signing after closing is refused.
    with pytest.raises(DomainError) as error:
        services.benefit_receipt_sign(
            actor=cast.actor("office_admin"), receipt=receipt_of("office_admin")
        )
    assert error.value.code == "batch_not_open"


def test_activity_batch_outside_the_cap(cast, books):
    activity = make_activity(cast.school, kind="service_day", quota=None)
    for name in ("branch_a_member", "branch_b_member"):
        activity_services.activity_sign_up(
            actor=SYSTEM, activity=activity, person=cast.people[name]
        )
    batch = services.benefit_batch_from_activity(
        actor=SYSTEM,
        activity=activity,
        goods="Dental care pack",
        unit_cost_fen=3_000,
        distribute_on=dt.date(2021, 5, 20),
    )
    assert batch.status == BatchStatus.CONFIRMED
    assert batch.source == "activity"
    assert set(batch.receipts.values_list("person_id", flat=True)) == {
        cast.people["branch_a_member"].pk,
        cast.people["branch_b_member"].pk,
    }
    rows = Participation.objects.filter(
        occasion_type="benefits.benefitbatch", occasion_id=str(batch.pk)
    )
    assert set(rows.values_list("kind", flat=True)) == {"other"}
    assert (
        holiday_benefit_total_fen(person_ids=[cast.people["branch_a_member"].pk], year=2021) == {}
    )
    line = JournalLine.objects.get(entry_id=batch.journal_entry_id, debit_fen__gt=0)
    assert line.category_key == "expense.staff_activities.member_activities"
    assert line.debit_fen == 6_000


def test_activity_of_another_school_refused(cast, books, make_batch):
    from tongxin.orgs import services as orgs
    from tongxin.orgs.choices import OrgNodeKind

    other = orgs.node_create(
        actor=SYSTEM, parent=None, kind=OrgNodeKind.SCHOOL_UNION, name="Other", code="O"
    )
    activity = make_activity(other)
    before = _state()
    with pytest.raises(ValidationFailed):
        make_batch(festival="", activity=activity)
    with pytest.raises(ValidationFailed) as error:
        make_batch(activity=activity)  # both a festival and an activity
    assert error.value.code == "source_required"
    assert _state() == before


def test_recipients_are_told_their_goods_are_ready(cast, batch):
    from tongxin.notifications.models import Notification

    rows = Notification.objects.filter(kind="benefits.ready")
    assert rows.count() == 7
    member = rows.get(person=cast.people["branch_a_member"])
    assert member.user_id == cast.users["branch_a_member"].pk
    assert member.link == "/benefits/mine/"
    assert "Spring Festival gift pack" in member.title


def _plan(batch, **changes):
    data = {
        name: getattr(batch, name)
        for name in (
            "title",
            "goods",
            "unit_cost_fen",
            "cutoff_on",
            "distribute_on",
            "festival",
            "activity",
            "supplier",
            "include_retirees",
            "audience_node",
            "note",
        )
    }
    data.update(changes)
    return services.BatchPlan(**data)


def test_update_a_draft_is_audited(make_batch):
    draft = make_batch()
    changed = services.benefit_batch_update(
        actor=SYSTEM, batch=draft, plan=_plan(draft, unit_cost_fen=45_000, goods="Rice")
    )
    assert (changed.unit_cost_fen, changed.goods) == (45_000, "Rice")
    event = AuditEvent.objects.filter(event="benefit_batch.updated").get()
    assert event.changes["unit_cost_fen"] == [50_000, 45_000]
    assert set(event.changes) == {"unit_cost_fen", "goods"}


def test_update_bad_input_and_confirmed_change_nothing(make_batch, batch):
    draft = make_batch()
    before = _state()
    with pytest.raises(ValidationFailed):
        services.benefit_batch_update(
            actor=SYSTEM, batch=draft, plan=_plan(draft, unit_cost_fen=-1)
        )
    with pytest.raises(ValidationFailed):
        services.benefit_batch_update(actor=SYSTEM, batch=draft, plan=_plan(draft, festival="xmas"))
    with pytest.raises(InvalidTransition):
        services.benefit_batch_update(actor=SYSTEM, batch=batch, plan=_plan(batch, title="New"))
    assert _state() == before
    draft.refresh_from_db()
    assert draft.unit_cost_fen == 50_000
