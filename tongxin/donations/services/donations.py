"""Donations one at a time: recorded by a liaison or the office (confirmed at once), reported
by a member themself (pending until confirmed), confirmed or rejected.

Money: every confirmation goes through ``post_batch``, which issues the receipt numbers under
the campaign's row lock and posts the batch to the ledger as pass-through money
(``ledger_post_pass_through_in``, one line per donation), never as union income.
"""

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.approvals import conflicts
from tongxin.core import audit
from tongxin.core.errors import InvalidTransition, ValidationFailed
from tongxin.funds import services as funds
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.participation.choices import ParticipationKind
from tongxin.participation.services import participation_record_each, participation_remove

from .. import events
from ..choices import CampaignStatus, DonationStatus
from ..errors import DonationsErrorCode
from ..models import Campaign, Donation, DonationBatch
from ..permissions import DonationsPermission
from .common import (
    branch_id_of,
    branch_path_of,
    check_amount,
    check_channel,
    check_donation_date,
    check_donor,
    check_open,
    lock_campaign,
)

P = DonationsPermission
E = DonationsErrorCode
NOTE_MAX_LENGTH = 200


def receipt_number(campaign: Campaign, seq: int) -> str:
    return f"{campaign.code}-{seq:05d}"


def post_batch(
    *, actor: Actor, campaign: Campaign, donations: Sequence[Donation], node_id: int, node_path: str
) -> DonationBatch:
    """Confirm ``donations`` (saved or not) as one batch: receipt numbers, one pass-through
    entry, one participation per donation, audit. ``campaign`` must be locked by the caller."""
    today = timezone.localdate()
    total = sum(donation.amount_fen for donation in donations)
    batch = DonationBatch(
        campaign=campaign,
        node_id=node_id,
        entered_by_id=actor.user_id,
        donation_count=len(donations),
        total_fen=total,
        entry_on=max(donation.donated_on for donation in donations),
    )
    batch.save(force_insert=True)
    for donation in donations:
        campaign.receipt_counter += 1
        donation.receipt_seq = campaign.receipt_counter
        donation.receipt_number = receipt_number(campaign, campaign.receipt_counter)
        donation.status = DonationStatus.CONFIRMED
        donation.batch = batch
        donation.decided_by_id = actor.user_id
        donation.decided_on = today
    campaign.save(update_fields=["receipt_counter", "updated_at"])
    new = [donation for donation in donations if donation.pk is None]
    old = [donation for donation in donations if donation.pk is not None]
    if new:
        Donation.objects.bulk_create(new, batch_size=500)
    if old:
        Donation.objects.bulk_update(
            old,
            ["receipt_seq", "receipt_number", "status", "batch", "decided_by", "decided_on"],
            batch_size=500,
        )
    entry = funds.ledger_post_pass_through_in(
        actor=actor,
        school=campaign.organiser,
        amounts_fen=[(donation.person_id, donation.amount_fen) for donation in donations],
        entry_on=batch.entry_on,
        memo=_("Donations received for %(title)s (%(count)d)")
        % {"title": campaign.title, "count": len(donations)},
        source=funds.SourceRef.of(batch),
    )
    batch.journal_entry_id = entry.pk
    batch.save(update_fields=["journal_entry_id"])
    participation_record_each(
        kind=ParticipationKind.DONATION,
        items=[
            (donation.person, donation, donation.donated_on, donation.amount_fen)
            for donation in donations
        ],
    )
    audit.record(
        actor=actor,
        event=events.BATCH_POSTED,
        target=batch,
        changes={
            "campaign": campaign.pk,
            "count": len(donations),
            "total_fen": total,
            "journal_entry": entry.pk,
        },
        node_path=node_path,
    )
    audit.record_many(
        actor=actor,
        event=events.DONATION_CONFIRMED if old and not new else events.DONATION_RECORDED,
        items=[
            (
                donation,
                {
                    "person": donation.person_id,
                    "amount_fen": donation.amount_fen,
                    "donated_on": donation.donated_on,
                    "channel": donation.channel,
                    "anonymous": donation.is_anonymous,
                    "receipt_number": donation.receipt_number,
                    "batch": batch.pk,
                },
                donation.node.path if Donation.node.is_cached(donation) else node_path,
            )
            for donation in donations
        ],
    )
    return batch


def _clean_note(note: str) -> str:
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationFailed(
            _("At most %(count)d characters, please.") % {"count": NOTE_MAX_LENGTH}, field="note"
        )
    return note


def _new_donation(
    actor: Actor,
    campaign: Campaign,
    person: Person,
    amount_fen: int,
    donated_on: dt.date,
    channel: str,
    is_anonymous: bool,
    note: str,
    status: str,
) -> Donation:
    return Donation(
        campaign=campaign,
        person=person,
        node_id=branch_id_of(person.node),
        amount_fen=amount_fen,
        donated_on=donated_on,
        channel=channel,
        is_anonymous=bool(is_anonymous),
        note=note,
        status=status,
        entered_by_id=actor.user_id,
    )


def donation_record(
    *,
    actor: Actor,
    campaign: Campaign,
    person: Person,
    amount_fen: int,
    donated_on: dt.date,
    channel: str,
    is_anonymous: bool = False,
    note: str = "",
) -> Donation:
    """A liaison (for their branch's people) or the office records money they received.

    Rules: the actor holds ``record_donation`` over the donor; the campaign is open; the date
    is inside its period and not in the future; 0 < amount ≤ ``MAX_AMOUNT_FEN``; the donor is
    staff of the organising school. Confirmed at once (the recorder has the money): receipt
    number, pass-through posting and participation, in one transaction.
    """
    access.require(actor, P.RECORD_DONATION, person)
    # Recording confirms at once: not for one's own gift or one's family's (decision 0011).
    conflicts.require_independent(actor, subject_person_ids=[person.pk], field="person")
    amount_fen = check_amount(amount_fen)
    channel = check_channel(channel)
    note = _clean_note(note)
    check_donor(campaign, person)
    with transaction.atomic():
        locked = lock_campaign(campaign)
        check_open(locked)
        check_donation_date(locked, donated_on)
        donation = _new_donation(
            actor, locked, person, amount_fen, donated_on, channel, is_anonymous, note, ""
        )
        post_batch(
            actor=actor,
            campaign=locked,
            donations=[donation],
            node_id=donation.node_id,
            node_path=branch_path_of(person.node),
        )
    return donation


def donation_report(
    *,
    actor: Actor,
    campaign: Campaign,
    person: Person,
    amount_fen: int,
    donated_on: dt.date,
    channel: str,
    is_anonymous: bool = False,
    note: str = "",
) -> Donation:
    """A member reports their own donation (after a bank transfer, say).

    It waits as *pending* — no receipt, no money booked — until a liaison or the office
    confirms it, because only they can check that the money arrived. Same rules as
    ``donation_record`` on campaign, period, amount and donor.
    """
    access.require(actor, P.REPORT_DONATION, person)
    amount_fen = check_amount(amount_fen)
    channel = check_channel(channel)
    note = _clean_note(note)
    check_donor(campaign, person)
    with transaction.atomic():
        locked = lock_campaign(campaign)
        check_open(locked)
        check_donation_date(locked, donated_on)
        donation = _new_donation(
            actor,
            locked,
            person,
            amount_fen,
            donated_on,
            channel,
            is_anonymous,
            note,
            DonationStatus.PENDING,
        )
        donation.save(force_insert=True)
        audit.record(
            actor=actor,
            event=events.DONATION_REPORTED,
            target=donation,
            changes={
                "person": person.pk,
                "amount_fen": amount_fen,
                "donated_on": donated_on,
                "channel": channel,
                "anonymous": donation.is_anonymous,
            },
            node_path=branch_path_of(person.node),
        )
    return donation


def _lock_pending(actor: Actor, donations: Sequence[Donation]) -> list[Donation]:
    for donation in donations:
        access.require(actor, P.CONFIRM_DONATION, donation)
    # Nobody confirms or rejects a report they made, their own gift or their family's
    # (decision 0011): another liaison or the office does.
    for donation in donations:
        conflicts.require_independent(
            actor,
            filed_by_user_id=donation.entered_by_id,
            subject_person_ids=[donation.person_id],
            field="donations",
        )
    ids = sorted({donation.pk for donation in donations})
    locked = list(
        Donation.objects.select_for_update(of=("self",))
        .select_related("person", "node")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    for donation in locked:
        if donation.status != DonationStatus.PENDING:
            raise InvalidTransition(
                _("The donation of %(name)s is no longer awaiting confirmation.")
                % {"name": donation.person.name},
                code=E.NOT_PENDING,
            )
    return locked


def donation_confirm(*, actor: Actor, donations: Sequence[Donation]) -> DonationBatch:
    """Confirm members' reports (all of one campaign) once the money is seen to have arrived:
    one batch, receipt numbers, one pass-through posting. Allowed while the campaign is open or
    closed (a report made on the last day), not after the hand-over."""
    if not donations:
        raise ValidationFailed(_("Choose the donations to confirm."), field="donations")
    campaign_ids = {donation.campaign_id for donation in donations}
    if len(campaign_ids) != 1:
        raise ValidationFailed(
            _("Confirm the donations of one campaign at a time."), field="donations"
        )
    with transaction.atomic():
        campaign = lock_campaign(donations[0].campaign)
        if campaign.status not in (CampaignStatus.OPEN, CampaignStatus.CLOSED):
            raise InvalidTransition(
                _("The money of this campaign has already been handed over."),
                code=E.CAMPAIGN_NOT_OPEN,
            )
        locked = _lock_pending(actor, donations)
        branches = {donation.node_id for donation in locked}
        if len(branches) == 1:
            node_id, node_path = locked[0].node_id, locked[0].node.path
        else:
            node_id, node_path = campaign.organiser_id, campaign.organiser.path
        return post_batch(
            actor=actor, campaign=campaign, donations=locked, node_id=node_id, node_path=node_path
        )


def donation_reject(*, actor: Actor, donation: Donation, reason: str) -> Donation:
    """Refuse a member's report the liaison cannot match with money received (reason kept)."""
    reason = _clean_note(reason)
    if not reason:
        raise ValidationFailed(_("Say why the report is rejected."), field="reason")
    with transaction.atomic():
        (locked,) = _lock_pending(actor, [donation])
        locked.status = DonationStatus.REJECTED
        locked.decided_by_id = actor.user_id
        locked.decided_on = timezone.localdate()
        locked.note = reason
        locked.save(update_fields=["status", "decided_by", "decided_on", "note", "updated_at"])
        audit.record(
            actor=actor,
            event=events.DONATION_REJECTED,
            target=locked,
            changes={"status": [DonationStatus.PENDING, DonationStatus.REJECTED], "reason": reason},
            node_path=locked.node.path,
        )
    return locked


def donation_cancel(*, actor: Actor, donation: Donation, reason: str) -> Donation:
    """Undo a confirmed donation entered in error (wrong person or amount) before the hand-over.

    The money goes back to the donor: a pass-through payment out of the amount (posted entries
    are never edited), the participation is removed and the receipt number is voided, never
    re-issued. The reason is kept. Who: a liaison over the donor's branch or the office.
    """
    reason = _clean_note(reason)
    if not reason:
        raise ValidationFailed(_("Say why the donation is cancelled."), field="reason")
    access.require(actor, P.CONFIRM_DONATION, donation)
    with transaction.atomic():
        campaign = lock_campaign(donation.campaign)
        if campaign.status not in (CampaignStatus.OPEN, CampaignStatus.CLOSED):
            raise InvalidTransition(
                _("The money of this campaign has already been handed over."),
                code=E.CAMPAIGN_NOT_OPEN,
            )
        locked = (
            Donation.objects.select_for_update(of=("self",))
            .select_related("person", "node")
            .get(pk=donation.pk)
        )
        if locked.status != DonationStatus.CONFIRMED:
            raise InvalidTransition(
                _("Only a confirmed donation can be cancelled."), code=E.NOT_CONFIRMED
            )
        entry = funds.ledger_post_pass_through_out(
            actor=actor,
            school=campaign.organiser,
            amount_fen=locked.amount_fen,
            entry_on=timezone.localdate(),
            memo=_("Donation %(number)s refunded: %(reason)s")
            % {"number": locked.receipt_number, "reason": reason},
            source=funds.SourceRef.of(locked),
        )
        participation_remove(person=locked.person, kind=ParticipationKind.DONATION, occasion=locked)
        locked.status = DonationStatus.CANCELLED
        locked.note = reason
        locked.decided_by_id = actor.user_id
        locked.decided_on = timezone.localdate()
        locked.save(update_fields=["status", "note", "decided_by", "decided_on", "updated_at"])
        audit.record(
            actor=actor,
            event=events.DONATION_CANCELLED,
            target=locked,
            changes={
                "status": [DonationStatus.CONFIRMED, DonationStatus.CANCELLED],
                "reason": reason,
                "receipt_number": locked.receipt_number,
                "journal_entry": entry.pk,
            },
            node_path=locked.node.path,
        )
    return locked
