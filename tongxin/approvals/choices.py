from django.db import models
from django.utils.translation import gettext_lazy as _


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DecisionOutcome(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")


class ConflictRoute(models.TextChoices):
    """Where a step goes when an actor who could decide it is conflicted (decision 0011)."""

    SAME_ROLE_OTHER_HOLDER = "same_role_other_holder", _("Another holder of the same role")
    PARENT_LEVEL = "parent_level", _("The level above")


class PartyKind(models.TextChoices):
    FILER = "filer", _("Filed by")
    SUBJECT = "subject", _("Concerns")
