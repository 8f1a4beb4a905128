"""Choices of care: visit states, hardship classes and file states, waiver states."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.funds.choices import CareKind, PaymentForm

__all__ = [
    "AttachmentType",
    "CareKind",
    "HardshipClass",
    "HardshipStatus",
    "PaymentForm",
    "VisitStatus",
    "WaiverStatus",
]


class VisitStatus(models.TextChoices):
    """A care visit is filed (under approval), then paid, rejected or withdrawn."""

    SUBMITTED = "submitted", _("Under approval")
    PAID = "paid", _("Approved and paid")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Visits that count against the yearly limit: under approval or paid.
COUNTED_VISIT_STATUSES = (VisitStatus.SUBMITTED, VisitStatus.PAID)


class HardshipClass(models.TextChoices):
    """The class of a hardship file, computed from its inputs (domain-rules 6)."""

    DEEP = "deep", _("Deep hardship")
    RELATIVE = "relative", _("Relative hardship")
    ACCIDENT = "accident", _("Hardship caused by an accident")
    NONE = "none", _("Not in hardship")


class HardshipStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("hardship status", "Applied")
    VERIFIED = "verified", _("Verified by the branch")
    ACTIVE = "active", _("On file")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    CLOSED = "closed", pgettext_lazy("care file", "Closed")


class WaiverStatus(models.TextChoices):
    """A tuition waiver request and the school's decision on it."""

    REQUESTED = "requested", _("Requested")
    SUBMITTED = "submitted", _("Submitted to the school")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class AttachmentType(models.TextChoices):
    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"
