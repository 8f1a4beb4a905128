"""Checks shared by the donation services: amounts, dates, channels, donors, locking."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError, InvalidTransition, ValidationFailed
from tongxin.core.money import format_fen
from tongxin.members.choices import EmploymentStatus
from tongxin.members.models import Person
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import SEGMENT_WIDTH, OrgNode

from ..choices import CampaignStatus, Channel
from ..errors import DonationsErrorCode
from ..models import Campaign

E = DonationsErrorCode
# One gift above 100,000 yuan from a staff member is a typing error (an extra zero or two),
# not a donation a union collects by hand.
MAX_AMOUNT_FEN = 10_000_000


def check_amount(amount_fen: object, *, field: str = "amount_fen") -> int:
    """An amount in fen: a whole number above zero and at most ``MAX_AMOUNT_FEN``."""
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0:
        raise ValidationFailed(_("Enter an amount above zero."), code=E.INVALID_AMOUNT, field=field)
    if amount_fen > MAX_AMOUNT_FEN:
        raise ValidationFailed(
            _("A single donation may be at most %(max)s yuan; check the amount.")
            % {"max": format_fen(MAX_AMOUNT_FEN)},
            code=E.AMOUNT_TOO_LARGE,
            field=field,
        )
    return amount_fen


def check_channel(channel: str, *, field: str = "channel") -> str:
    if channel not in Channel.values:
        raise ValidationFailed(
            _("Choose how the money was given."), code=E.INVALID_CHANNEL, field=field
        )
    return channel


def check_open(campaign: Campaign) -> None:
    """Donations are taken only while the campaign is open."""
    if campaign.status != CampaignStatus.OPEN:
        raise InvalidTransition(
            _("The campaign “%(title)s” is not taking donations (it is %(status)s).")
            % {"title": campaign.title, "status": CampaignStatus(campaign.status).label},
            code=E.CAMPAIGN_NOT_OPEN,
        )


def check_donation_date(campaign: Campaign, day: object, *, field: str = "donated_on") -> dt.date:
    """The date lies within the campaign's period and not in the future."""
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise ValidationFailed(_("Enter a valid date."), code=E.OUTSIDE_PERIOD, field=field)
    if day > timezone.localdate():
        raise ValidationFailed(
            _("The date cannot be in the future."), code=E.DATE_IN_FUTURE, field=field
        )
    if not campaign.starts_on <= day <= campaign.ends_on:
        raise ValidationFailed(
            _("The campaign runs from %(start)s to %(end)s; the date is outside it.")
            % {"start": campaign.starts_on.isoformat(), "end": campaign.ends_on.isoformat()},
            code=E.OUTSIDE_PERIOD,
            field=field,
        )
    return day


def check_donor(campaign: Campaign, person: Person, *, field: str = "person") -> None:
    """The donor is staff of the organising school and has not left it."""
    if person.school_id != campaign.organiser_id:
        raise ValidationFailed(
            _("%(name)s is not staff of the organising school.") % {"name": person.name},
            code=E.PERSON_NOT_IN_SCHOOL,
            field=field,
        )
    if person.employment_status in (EmploymentStatus.LEFT, EmploymentStatus.DECEASED):
        raise DomainError(
            _("%(name)s is no longer on the school's staff.") % {"name": person.name},
            code=E.PERSON_NOT_ELIGIBLE,
            field=field,
        )


def branch_id_of(node: OrgNode) -> int:
    """The branch a node counts for: a group counts for its branch."""
    if node.kind == OrgNodeKind.GROUP and node.parent_id is not None:
        return node.parent_id
    return node.pk


def branch_path_of(node: OrgNode) -> str:
    if node.kind == OrgNodeKind.GROUP and node.parent_id is not None:
        return node.path[:-SEGMENT_WIDTH]
    return node.path


def lock_campaign(campaign: Campaign) -> Campaign:
    """Re-read the campaign under a row lock (status, receipt counter) for this transaction."""
    return Campaign.objects.select_for_update().select_related("organiser").get(pk=campaign.pk)
