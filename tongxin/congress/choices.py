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


class CommitteeKind(models.TextChoices):
    PRESIDIUM = "presidium", _("Presidium")
    PROPOSALS = "proposals", _("Proposals committee")
    WELFARE = "welfare", _("Welfare committee")
    EVALUATION = "evaluation", _("Democratic evaluation committee")
    TEACHING = "teaching", _("Teaching and research committee")
    OTHER = "other", _("Other committee")


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", pgettext_lazy("committee", "Chair")
    VICE_CHAIR = "vice_chair", pgettext_lazy("committee", "Vice chair")
    MEMBER = "member", pgettext_lazy("committee", "Member")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("congress session", "Planned")
    OPEN = "open", pgettext_lazy("congress session", "In session")
    CLOSED = "closed", pgettext_lazy("congress session", "Closed")


class AgendaKind(models.TextChoices):
    REPORT = "report", _("Report to hear")
    PLAN = "plan", _("Plan to adopt")
    PROPOSALS_REPORT = "proposals_report", _("Report on the last session's proposals")
    ELECTION = "election", _("Election")
    OTHER = "other", _("Other business")


class CheckInMethod(models.TextChoices):
    QR = "qr", _("Scanned at the door")
    LIST = "list", _("Ticked on the list")


class PollKind(models.TextChoices):
    MOTION = "motion", _("Motion")
    ELECTION = "election", _("Election round")


class PollMethod(models.TextChoices):
    BALLOT = "ballot", _("Secret ballot (phone or paper)")
    HANDS = "hands", _("Show of hands")


class PollStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("poll", "Draft")
    OPEN = "open", pgettext_lazy("poll", "Voting")
    COUNTED = "counted", pgettext_lazy("poll", "Counted")
    VOID = "void", pgettext_lazy("poll", "Void")


class VoteChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    PAPER = "paper", _("Paper ballot")


class Choice(models.TextChoices):
    YES = "yes", pgettext_lazy("vote", "Yes")
    NO = "no", pgettext_lazy("vote", "No")
    ABSTAIN = "abstain", pgettext_lazy("vote", "Abstain")


class ElectionKind(models.TextChoices):
    COMMITTEE = "committee", _("Union committee members")
    CHAIR = "chair", _("Union chair")
    VICE_CHAIR = "vice_chair", _("Union vice chairs")
    AUDIT = "audit", _("Audit committee members")


class ElectionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("election", "Preparing")
    BALLOTING = "balloting", pgettext_lazy("election", "Balloting")
    DONE = "done", pgettext_lazy("election", "Completed")


# A competitive (cha'e) committee election needs at least seats x 105% candidates.
MARGIN_PERCENT = 105
# Quorum: two thirds of the base must be present.
QUORUM_NUMERATOR, QUORUM_DENOMINATOR = 2, 3
