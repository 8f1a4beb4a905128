"""The rules of campaigns and donations, and the money they move."""

import datetime as dt

import pytest
from django.db.models import Sum

from tongxin.core.errors import DomainError
from tongxin.donations import queries, services
from tongxin.donations.choices import CampaignStatus, Channel, DonationStatus
from tongxin.donations.models import Donation, DonationBatch
from tongxin.funds.models import FundAccount, JournalEntry, JournalLine
from tongxin.funds.queries import reports
from tongxin.participation.models import Participation
from tongxin.testing.api import table_counts

from .conftest import DAY, END, START, YEAR

pytestmark = pytest.mark.django_db


def _payable(cast) -> int:
    return FundAccount.objects.get(node=cast.school, kind="payable").balance_fen


def _statement(cast):
    statement = reports.income_expense_statement(
        actor=cast.actor("system"), node=cast.school, fiscal_year=YEAR
    )
    return (
        statement.income_total_fen,
        statement.expense_total_fen,
        statement.transfer_in_fen,
        statement.transfer_out_fen,
        [(row.key, row.amount_fen) for row in statement.income + statement.expense],
    )


def _refused(call, code):
    before = table_counts()
    with pytest.raises(DomainError) as info:
        call()
    assert info.value.code == code, (info.value.code, info.value.message)
    assert table_counts() == before
    return info.value


# Campaigns ---------------------------------------------------------------------------------


def test_campaign_starts_as_draft_with_receipt_prefix(draft):
    assert draft.status == CampaignStatus.DRAFT
    assert draft.code == f"JK2021{draft.pk:03d}"


def test_campaign_refuses_a_branch_organiser_and_a_backwards_period(cast, books):
    office = cast.actor("office_admin")
    _refused(
        lambda: services.campaign_create(
            actor=office,
            organiser=cast.branch_a,
            title="x",
            recipient="y",
            starts_on=START,
            ends_on=END,
        ),
        "not_a_school",
    )
    _refused(
        lambda: services.campaign_create(
            actor=office,
            organiser=cast.school,
            title="x",
            recipient="y",
            starts_on=END,
            ends_on=START,
        ),
        "invalid_period",
    )
    _refused(
        lambda: services.campaign_create(
            actor=office,
            organiser=cast.school,
            title=" ",
            recipient="y",
            starts_on=START,
            ends_on=END,
        ),
        "invalid",
    )


def test_draft_and_closed_campaigns_refuse_donations(cast, draft, books):
    call = lambda: services.donation_record(  # noqa: E731
        actor=cast.actor("branch_a_liaison"),
        campaign=draft,
        person=cast.people["branch_a_member"],
        amount_fen=100,
        donated_on=DAY,
        channel=Channel.CASH,
    )
    _refused(call, "campaign_not_open")
    services.campaign_open(actor=cast.actor("office_admin"), campaign=draft)
    services.campaign_close(actor=cast.actor("office_admin"), campaign=draft)
    _refused(call, "campaign_not_open")


def test_donation_must_fall_within_the_period_and_not_in_the_future(cast, record):
    _refused(lambda: record(on=START - dt.timedelta(days=1)), "outside_period")
    _refused(lambda: record(on=END + dt.timedelta(days=1)), "outside_period")
    assert record(on=START).status == DonationStatus.CONFIRMED
    assert record(on=END).status == DonationStatus.CONFIRMED


@pytest.mark.parametrize(
    ("amount", "code"),
    [(0, "invalid_amount"), (-100, "invalid_amount"), (10_000_001, "amount_too_large")],
)
def test_amount_must_be_positive_and_sane(record, amount, code):
    _refused(lambda: record(amount_fen=amount), code)


def test_the_largest_allowed_amount_is_accepted(record):
    assert record(amount_fen=services.MAX_AMOUNT_FEN).amount_fen == services.MAX_AMOUNT_FEN


def test_unknown_channel_is_refused(record):
    _refused(lambda: record(channel="cheque"), "invalid_channel")


def test_recording_issues_sequential_receipts_posts_pass_through_and_participation(
    cast, campaign, record
):
    first = record("branch_a_member", 10_000)
    second = record("branch_a_member", 2_000, anonymous=True)
    third = record("branch_b_member", 5_000, persona="office_admin")
    assert [d.receipt_number for d in (first, second, third)] == [
        f"{campaign.code}-00001",
        f"{campaign.code}-00002",
        f"{campaign.code}-00003",
    ]
    # one batch and one pass-through entry per recording; the payable holds the money
    assert DonationBatch.objects.count() == 3
    assert _payable(cast) == 17_000
    assert Participation.objects.filter(kind="donation").count() == 3
    assert set(
        JournalLine.objects.filter(entry__source_type="donations.donationbatch").values_list(
            "category_key", flat=True
        )
    ) == {"asset.bank", "liability.pass_through.donations"}
    # the donor of a group counts for the group's branch
    assert first.node_id == cast.branch_a.pk


def test_a_member_report_waits_until_a_liaison_confirms(cast, report):
    donation = report()
    assert donation.status == DonationStatus.PENDING
    assert donation.receipt_number == ""
    assert _payable(cast) == 0
    assert not Participation.objects.exists()
    batch = services.donation_confirm(actor=cast.actor("branch_a_liaison"), donations=[donation])
    donation.refresh_from_db()
    assert donation.status == DonationStatus.CONFIRMED
    assert donation.receipt_number.endswith("-00001")
    assert batch.total_fen == 5_000
    assert _payable(cast) == 5_000
    # confirming twice is refused
    _refused(
        lambda: services.donation_confirm(
            actor=cast.actor("branch_a_liaison"), donations=[donation]
        ),
        "not_pending",
    )


def test_rejecting_a_report_books_nothing(cast, report):
    donation = report()
    services.donation_reject(
        actor=cast.actor("branch_a_liaison"), donation=donation, reason="No transfer found"
    )
    donation.refresh_from_db()
    assert donation.status == DonationStatus.REJECTED
    assert _payable(cast) == 0
    assert queries.branch_totals(actor=cast.actor("office_admin"), campaign=donation.campaign) == []


def test_totals_by_branch_count_donors_once(cast, campaign, record):
    record("branch_a_member", 10_000)
    record("branch_a_member", 1_000)
    record("branch_a_liaison", 3_000, persona="branch_a_chair")  # not their own (0011)
    record("branch_b_member", 5_000, persona="office_admin")
    totals = {
        t.name: (t.donors, t.count, t.total_fen)
        for t in queries.branch_totals(actor=cast.actor("office_admin"), campaign=campaign)
    }
    assert totals == {"Branch A": (2, 3, 14_000), "Branch B": (1, 1, 5_000)}
    # a liaison sees their branch's totals only
    liaison_totals = queries.branch_totals(actor=cast.actor("branch_a_liaison"), campaign=campaign)
    assert [t.name for t in liaison_totals] == ["Branch A"]
    loaded = queries.campaign_get(actor=cast.actor("office_admin"), pk=campaign.pk)
    assert (loaded.collected_fen, loaded.donor_count) == (19_000, 3)


def test_honour_roll_shows_per_person_totals_and_hides_anonymous_names(cast, campaign, record):
    record("branch_a_member", 10_000)
    record("branch_a_member", 5_000)
    record("branch_b_member", 20_000, persona="office_admin", anonymous=True)
    roll = queries.honour_roll(campaign=campaign)
    assert [(entry.total_fen, entry.is_anonymous) for entry in roll] == [
        (20_000, True),
        (15_000, False),
    ]
    anonymous = roll[0]
    assert anonymous.name != "Member B"
    assert anonymous.branch == ""
    assert "Member B" not in {entry.name for entry in roll}
    assert roll[1].name == "Member A"


# Hand-over -------------------------------------------------------------------------------


def _hand_over(cast, campaign, amount, **kwargs):
    return services.campaign_hand_over(
        actor=cast.actor("office_admin"),
        campaign=campaign,
        amount_fen=amount,
        handed_over_on=kwargs.pop("on", dt.date(2021, 7, 5)),
        recipient_receipt=kwargs.pop("receipt", "GDEF-2021-0630"),
        **kwargs,
    )


def test_hand_over_must_equal_the_total_and_needs_a_closed_campaign(cast, campaign, record):
    record("branch_a_member", 10_000)
    record("branch_b_member", 5_000, persona="office_admin")
    _refused(lambda: _hand_over(cast, campaign, 15_000), "campaign_not_open")
    services.campaign_close(actor=cast.actor("office_admin"), campaign=campaign)
    _refused(lambda: _hand_over(cast, campaign, 14_999), "handover_amount_mismatch")
    _refused(lambda: _hand_over(cast, campaign, 15_001), "handover_amount_mismatch")
    _refused(lambda: _hand_over(cast, campaign, 15_000, receipt=""), "invalid")
    _refused(
        lambda: _hand_over(cast, campaign, 15_000, on=dt.date(2021, 6, 10)), "handover_before_end"
    )
    done = _hand_over(cast, campaign, 15_000)
    assert done.status == CampaignStatus.HANDED_OVER
    assert done.handover_amount_fen == 15_000
    assert _payable(cast) == 0
    # nothing can be handed over twice, nor reopened
    _refused(lambda: _hand_over(cast, campaign, 15_000), "campaign_not_open")
    _refused(
        lambda: services.campaign_reopen(actor=cast.actor("office_admin"), campaign=campaign),
        "invalid_transition",
    )


def test_hand_over_waits_for_pending_reports(cast, campaign, report, record):
    record("branch_a_member", 10_000)
    report("branch_b_member", 1_000)
    services.campaign_close(actor=cast.actor("office_admin"), campaign=campaign)
    _refused(lambda: _hand_over(cast, campaign, 10_000), "pending_donations")


def test_hand_over_of_nothing_is_refused(cast, campaign):
    services.campaign_close(actor=cast.actor("office_admin"), campaign=campaign)
    _refused(lambda: _hand_over(cast, campaign, 1), "nothing_collected")


def test_pass_through_leaves_the_income_expense_statement_unchanged(cast, campaign, record):
    before = _statement(cast)
    record("branch_a_member", 10_000)
    record("branch_b_member", 5_000, persona="office_admin")
    assert _statement(cast) == before
    services.campaign_close(actor=cast.actor("office_admin"), campaign=campaign)
    _hand_over(cast, campaign, 15_000)
    assert _statement(cast) == before
    handed = JournalEntry.objects.get(source_type="donations.campaign")
    assert handed.total_fen == 15_000
    collected = Donation.objects.aggregate(total=Sum("amount_fen"))["total"]
    assert collected == 15_000


def test_update_cannot_shut_out_recorded_donations(cast, campaign, record):
    record("branch_a_member", 10_000, on=dt.date(2021, 6, 2))
    _refused(
        lambda: services.campaign_update(
            actor=cast.actor("office_admin"),
            campaign=campaign,
            title=campaign.title,
            recipient=campaign.recipient,
            starts_on=dt.date(2021, 6, 10),
            ends_on=END,
            target_fen=1,
        ),
        "outside_period",
    )
    updated = services.campaign_update(
        actor=cast.actor("office_admin"),
        campaign=campaign,
        title="New title",
        recipient=campaign.recipient,
        starts_on=START,
        ends_on=dt.date(2021, 7, 15),
        target_fen=3_000_000,
    )
    assert (updated.title, updated.ends_on) == ("New title", dt.date(2021, 7, 15))


def test_a_person_who_left_cannot_donate(cast, record):
    from tongxin.members.models import Person

    Person.objects.filter(pk=cast.people["branch_a_member"].pk).update(employment_status="left")
    cast.people["branch_a_member"].refresh_from_db()
    _refused(lambda: record("branch_a_member"), "person_not_eligible")


def test_cancelling_a_confirmed_donation_refunds_it_and_voids_the_receipt(cast, campaign, record):
    first = record("branch_a_member", 10_000)
    second = record("branch_a_member", 2_000)
    before = _statement(cast)
    cancelled = services.donation_cancel(
        actor=cast.actor("branch_a_liaison"), donation=first, reason="Wrong amount typed"
    )
    assert cancelled.status == DonationStatus.CANCELLED
    assert cancelled.receipt_number.endswith("-00001")  # kept, never re-issued
    assert _payable(cast) == 2_000
    assert Participation.objects.filter(kind="donation").count() == 1
    assert _statement(cast) == before
    assert queries.honour_roll(campaign=campaign)[0].total_fen == 2_000
    third = record("branch_a_member", 3_000)
    assert third.receipt_number.endswith("-00003")
    # cancelling twice is refused; the hand-over then takes the confirmed total only
    _refused(
        lambda: services.donation_cancel(
            actor=cast.actor("branch_a_liaison"), donation=first, reason="again"
        ),
        "not_confirmed",
    )
    services.campaign_close(actor=cast.actor("office_admin"), campaign=campaign)
    done = _hand_over(cast, campaign, 5_000)
    assert done.handover_amount_fen == 5_000
    assert _payable(cast) == 0
    _refused(
        lambda: services.donation_cancel(
            actor=cast.actor("office_admin"), donation=second, reason="late"
        ),
        "campaign_not_open",
    )


def test_cancel_needs_a_reason(cast, record):
    donation = record("branch_a_member", 1_000)
    _refused(
        lambda: services.donation_cancel(
            actor=cast.actor("branch_a_liaison"), donation=donation, reason=" "
        ),
        "invalid",
    )
