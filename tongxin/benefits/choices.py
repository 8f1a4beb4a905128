"""Choices of the benefits app: batch sources and states, receipt states and sign-off methods."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchSource(models.TextChoices):
    """What a batch is given for: a statutory festival (under the yearly cap) or an activity."""

    FESTIVAL = "festival", _("Festival")
    ACTIVITY = "activity", _("Activity")


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class ReceiptStatus(models.TextChoices):
    """Where one person's goods are: waiting at the branch, signed for, mailed, not delivered."""

    PENDING = "pending", _("To collect")
    SIGNED = "signed", _("Signed for")
    MAILED = "mailed", _("Mailed")
    UNDELIVERED = "undelivered", _("Not delivered")


# Receipts that may still be signed for (goods mailed out may be confirmed on the phone).
SIGNABLE_STATUSES = (ReceiptStatus.PENDING, ReceiptStatus.MAILED)
# Receipts whose value counts as given (a participation with the value exists).
GIVEN_STATUSES = (ReceiptStatus.PENDING, ReceiptStatus.SIGNED, ReceiptStatus.MAILED)


class SignMethod(models.TextChoices):
    SELF = "self", _("By the member on their phone")
    SCANNED = "scanned", _("Member's code scanned by the liaison")
    PROXY = "proxy", _("Signed by the liaison for someone collecting")
    SHEET = "sheet", _("Signed on the paper sign-off sheet")
