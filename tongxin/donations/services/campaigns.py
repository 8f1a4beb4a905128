"""Campaigns: create, open, close, and hand the money collected over to the recipient."""

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import InvalidTransition, ValidationFailed
from tongxin.core.money import format_fen
from tongxin.funds import services as funds
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode

from .. import events
from ..choices import CAMPAIGN_TRANSITIONS, CampaignStatus, DonationStatus
from ..errors import DonationsErrorCode
from ..models import Campaign
from ..permissions import DonationsPermission
from .common import lock_campaign

P = DonationsPermission
E = DonationsErrorCode
S = CampaignStatus
MAX_TARGET_FEN = 100_000_000_00  # a hundred million yuan


def _text(value: str, *, field: str, max_length: int, required: bool = True) -> str:
    cleaned = " ".join((value or "").split()) if field != "description" else (value or "").strip()
    if required and not cleaned:
        raise ValidationFailed(_("This field cannot be empty."), field=field)
    if len(cleaned) > max_length:
        raise ValidationFailed(
            _("At most %(count)d characters, please.") % {"count": max_length}, field=field
        )
    return cleaned


def _check_fields(
    title: str,
    recipient: str,
    description: str,
    target_fen: object,
    starts_on: object,
    ends_on: object,
) -> tuple[str, str, str, int]:
    title = _text(title, field="title", max_length=120)
    recipient = _text(recipient, field="recipient", max_length=120)
    description = _text(description, field="description", max_length=4000, required=False)
    if (
        isinstance(target_fen, bool)
        or not isinstance(target_fen, int)
        or not 0 <= target_fen <= MAX_TARGET_FEN
    ):
        raise ValidationFailed(
            _("Enter a target of zero (none) or more yuan."),
            code=E.INVALID_TARGET,
            field="target_fen",
        )
    for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if (
            isinstance(day, dt.datetime)
            or not isinstance(day, dt.date)
            or not 2000 <= day.year <= 2999
        ):
            raise ValidationFailed(_("Enter a valid date."), code=E.INVALID_PERIOD, field=name)
    if ends_on < starts_on:  # type: ignore[operator]
        raise ValidationFailed(
            _("The end date is before the start date."), code=E.INVALID_PERIOD, field="ends_on"
        )
    return title, recipient, description, target_fen


def campaign_create(
    *,
    actor: Actor,
    organiser: OrgNode,
    title: str,
    recipient: str,
    starts_on: dt.date,
    ends_on: dt.date,
    target_fen: int = 0,
    description: str = "",
) -> Campaign:
    """Create a draft campaign of a school union (campaigns are run by the school union, which
    holds the money in its bank account until the hand-over). Rules: title and recipient given,
    target ≥ 0, end on or after start. The receipt prefix is derived from the year and id."""
    access.require_at(actor, P.MANAGE_CAMPAIGN, organiser)
    if organiser.kind != OrgNodeKind.SCHOOL_UNION:
        raise ValidationFailed(
            _("A campaign is organised by a school union."), code=E.NOT_A_SCHOOL, field="organiser"
        )
    title, recipient, description, target_fen = _check_fields(
        title, recipient, description, target_fen, starts_on, ends_on
    )
    with transaction.atomic():
        campaign = Campaign(
            title=title,
            organiser=organiser,
            recipient=recipient,
            description=description,
            target_fen=target_fen,
            starts_on=starts_on,
            ends_on=ends_on,
            created_by_id=actor.user_id,
        )
        campaign.save(force_insert=True)
        campaign.code = f"JK{starts_on.year}{campaign.pk:03d}"
        campaign.save(update_fields=["code"])
        audit.record(
            actor=actor,
            event=events.CAMPAIGN_CREATED,
            target=campaign,
            changes={
                "title": title,
                "recipient": recipient,
                "target_fen": target_fen,
                "starts_on": starts_on,
                "ends_on": ends_on,
            },
            node_path=organiser.path,
        )
    return campaign


def campaign_update(
    *,
    actor: Actor,
    campaign: Campaign,
    title: str,
    recipient: str,
    starts_on: dt.date,
    ends_on: dt.date,
    target_fen: int = 0,
    description: str = "",
) -> Campaign:
    """Change a campaign before it closes. Once open, its period may not shut out donations
    already recorded (each must stay inside the period)."""
    access.require(actor, P.MANAGE_CAMPAIGN, campaign)
    title, recipient, description, target_fen = _check_fields(
        title, recipient, description, target_fen, starts_on, ends_on
    )
    with transaction.atomic():
        locked = lock_campaign(campaign)
        if locked.status not in (S.DRAFT, S.OPEN):
            raise InvalidTransition(_("A closed campaign cannot be changed."))
        outside = (
            locked.donations.exclude(status=DonationStatus.REJECTED)
            .exclude(donated_on__range=(starts_on, ends_on))
            .exists()
        )
        if outside:
            raise ValidationFailed(
                _("Some donations already recorded fall outside the new period."),
                code=E.OUTSIDE_PERIOD,
                field="starts_on",
            )
        before = audit.snapshot(
            locked, ["title", "recipient", "description", "target_fen", "starts_on", "ends_on"]
        )
        locked.title, locked.recipient, locked.description = title, recipient, description
        locked.target_fen, locked.starts_on, locked.ends_on = target_fen, starts_on, ends_on
        locked.save()
        after = audit.snapshot(
            locked, ["title", "recipient", "description", "target_fen", "starts_on", "ends_on"]
        )
        audit.record(
            actor=actor,
            event=events.CAMPAIGN_UPDATED,
            target=locked,
            changes=audit.diff(before, after),
            node_path=locked.organiser.path,
        )
    return locked


def _move(actor: Actor, campaign: Campaign, target: str, event: str) -> Campaign:
    access.require(actor, P.MANAGE_CAMPAIGN, campaign)
    with transaction.atomic():
        locked = lock_campaign(campaign)
        if target not in CAMPAIGN_TRANSITIONS[locked.status]:
            raise InvalidTransition(
                _("This cannot be done while the campaign is “%(status)s”.")
                % {"status": S(locked.status).label}
            )
        before = locked.status
        locked.status = target
        locked.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            event=event,
            target=locked,
            changes={"status": [before, target]},
            node_path=locked.organiser.path,
        )
    return locked


def campaign_open(*, actor: Actor, campaign: Campaign) -> Campaign:
    """Start taking donations (draft → open)."""
    return _move(actor, campaign, S.OPEN, events.CAMPAIGN_OPENED)


def campaign_close(*, actor: Actor, campaign: Campaign) -> Campaign:
    """Stop taking donations (open → closed); pending reports can still be confirmed."""
    return _move(actor, campaign, S.CLOSED, events.CAMPAIGN_CLOSED)


def campaign_reopen(*, actor: Actor, campaign: Campaign) -> Campaign:
    """Take donations again after closing by mistake (closed → open, not after hand-over)."""
    return _move(actor, campaign, S.OPEN, events.CAMPAIGN_REOPENED)


def campaign_hand_over(
    *,
    actor: Actor,
    campaign: Campaign,
    amount_fen: int,
    handed_over_on: dt.date | None = None,
    recipient_receipt: str,
    note: str = "",
) -> Campaign:
    """Record that the money collected went to the recipient, and post it out of the ledger.

    Rules: the campaign is closed; no member's report still waits for confirmation (it would
    change the total); something was collected; the amount handed over equals the confirmed
    total exactly (the union passes the money on whole: it neither keeps nor adds any); the
    date is not in the future nor before the last batch was booked; the recipient's receipt
    (acknowledgement) number is given. The money leaves as pass-through
    (``ledger_post_pass_through_out``), so the union's income and expense are unchanged.
    """
    access.require(actor, P.HAND_OVER, campaign)
    recipient_receipt = _text(recipient_receipt, field="recipient_receipt", max_length=60)
    note = _text(note, field="note", max_length=1000, required=False)
    day = handed_over_on or timezone.localdate()
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise ValidationFailed(_("Enter a valid date."), field="handed_over_on")
    if day > timezone.localdate():
        raise ValidationFailed(
            _("The date cannot be in the future."), code=E.DATE_IN_FUTURE, field="handed_over_on"
        )
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0:
        raise ValidationFailed(
            _("Enter an amount above zero."), code=E.INVALID_AMOUNT, field="amount_fen"
        )
    with transaction.atomic():
        locked = lock_campaign(campaign)
        if locked.status != S.CLOSED:
            raise InvalidTransition(
                _("Close the campaign before handing the money over."),
                code=E.CAMPAIGN_NOT_OPEN,
            )
        if locked.donations.filter(status=DonationStatus.PENDING).exists():
            raise ValidationFailed(
                _("Some donations reported by members still await confirmation."),
                code=E.PENDING_DONATIONS,
            )
        total = (
            locked.donations.filter(status=DonationStatus.CONFIRMED).aggregate(
                total=Sum("amount_fen")
            )["total"]
            or 0
        )
        if total <= 0:
            raise ValidationFailed(
                _("Nothing has been collected to hand over."), code=E.NOTHING_COLLECTED
            )
        if amount_fen != total:
            raise ValidationFailed(
                _("The amount handed over must equal the total collected, %(total)s yuan.")
                % {"total": format_fen(total)},
                code=E.HANDOVER_AMOUNT_MISMATCH,
                field="amount_fen",
            )
        last_booked = (
            locked.batches.order_by("-entry_on").values_list("entry_on", flat=True).first()
        )
        if last_booked and day < last_booked:
            raise ValidationFailed(
                _("The hand-over cannot be dated before the last donations were booked (%(date)s).")
                % {"date": last_booked.isoformat()},
                code=E.HANDOVER_BEFORE_END,
                field="handed_over_on",
            )
        entry = funds.ledger_post_pass_through_out(
            actor=actor,
            school=locked.organiser,
            amount_fen=total,
            entry_on=day,
            memo=_("Donations handed over to %(recipient)s: %(title)s")
            % {"recipient": locked.recipient, "title": locked.title},
            source=funds.SourceRef.of(locked),
        )
        locked.status = S.HANDED_OVER
        locked.handed_over_on = day
        locked.handover_amount_fen = total
        locked.handover_receipt = recipient_receipt
        locked.handover_note = note
        locked.handover_entry_id = entry.pk
        locked.save()
        audit.record(
            actor=actor,
            event=events.CAMPAIGN_HANDED_OVER,
            target=locked,
            changes={
                "status": [S.CLOSED, S.HANDED_OVER],
                "amount_fen": total,
                "handed_over_on": day,
                "recipient_receipt": recipient_receipt,
                "journal_entry": entry.pk,
            },
            node_path=locked.organiser.path,
        )
    return locked
