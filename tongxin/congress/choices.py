from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TermStatus(models.TextChoices):
    PREPARING = "preparing", pgettext_lazy("congress term", "Preparing")
    ACTIVE = "active", pgettext_lazy("congress term", "In office")
    CLOSED = "closed", pgettext_lazy("congress term", "Closed")


class TermYears(models.IntegerChoices):
    THREE = 3, _("3 years")
    FIVE = 5, _("5 years")


class RepresentativeKind(models.TextChoices):
    FORMAL = "formal", _("Formal representative")
    INVITED = "invited", _("Invited representative")
    OBSERVER = "observer", _("Observer")


class RepresentativeSource(models.TextChoices):
    ELECTION = "election", _("General election")
    BY_ELECTION = "by_election", _("By-election")
    REPLACEMENT = "replacement", _("Replacement")
    INVITATION = "invitation", _("Invitation")


class EndReason(models.TextChoices):
    RECALL = "recall", _("Recalled")
    REPLACED = "replaced", _("Replaced")
    LEFT = "left", _("Left the school")
    TERM_END = "term_end", _("End of term")


class QuorumBase(models.TextChoices):
    SEATED = "seated", _("Seated representatives")
    ENTITLED = "entitled", _("Representatives entitled to vote")


class MajorityBase(models.TextChoices):
    SEATED = "seated", _("All seated representatives")
    ENTITLED = "entitled", _("All representatives entitled to vote")
    PRESENT = "present", _("Representatives present")
