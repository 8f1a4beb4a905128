"""Categories, statuses, outcomes and ratings of proposals, with the allowed transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProposalCategory(models.TextChoices):
    """The subjects of proposals. A fixed list: the handling report compares sessions by it."""

    TEACHING_RESEARCH = "teaching_research", _("Teaching and research")
    PERSONNEL_PAY = "personnel_pay", _("Personnel and pay")
    WELFARE = "welfare", _("Staff welfare")
    LOGISTICS = "logistics", _("Logistics and campus services")
    CAMPUS_SAFETY = "campus_safety", _("Campus building and safety")
    GOVERNANCE = "governance", _("School governance")
    OTHER = "other", _("Other")


# The staff voice category a proposal's category becomes when it is sent as a suggestion.
CATEGORY_TO_VOICE: dict[str, str] = {
    ProposalCategory.TEACHING_RESEARCH: "teaching",
    ProposalCategory.PERSONNEL_PAY: "salary_welfare",
    ProposalCategory.WELFARE: "salary_welfare",
    ProposalCategory.LOGISTICS: "logistics_canteen",
    ProposalCategory.CAMPUS_SAFETY: "campus_safety",
    ProposalCategory.GOVERNANCE: "other",
    ProposalCategory.OTHER: "other",
}


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CO_SIGNING = "co_signing", _("Waiting for co-signers")
    SUBMITTED = "submitted", _("Submitted, under review")
    ACCEPTED = "accepted", pgettext_lazy("proposal", "Accepted")
    ASSIGNED = "assigned", _("Being handled")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")
    MERGED = "merged", _("Merged into another proposal")
    CONVERTED = "converted", _("Forwarded as a suggestion")
    REJECTED = "rejected", _("Not accepted")
    DISPUTED = "disputed", _("Disputed, before the presidium")
    LATE = "late", _("Too late, sent as a suggestion")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = ProposalStatus

# submitted → accepted | merged | converted | rejected: the committee's review;
# rejected → disputed → accepted | rejected: the presidium decides a dispute;
# replied → assigned: a proposer was unsatisfied and the proposal is handled again.
PROPOSAL_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.CO_SIGNING, S.SUBMITTED, S.LATE, S.WITHDRAWN}),
    S.CO_SIGNING: frozenset({S.SUBMITTED, S.DRAFT, S.LATE, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.ACCEPTED, S.MERGED, S.CONVERTED, S.REJECTED}),
    S.ACCEPTED: frozenset({S.ASSIGNED}),
    S.ASSIGNED: frozenset({S.ASSIGNED, S.REPLIED}),
    S.REPLIED: frozenset({S.CLOSED, S.ASSIGNED}),
    S.REJECTED: frozenset({S.DISPUTED}),
    S.DISPUTED: frozenset({S.ACCEPTED, S.REJECTED}),
    S.CLOSED: frozenset(),
    S.MERGED: frozenset(),
    S.CONVERTED: frozenset(),
    S.LATE: frozenset(),
    S.WITHDRAWN: frozenset(),
}

# Statuses everyone in the school sees on the tracker (drafts stay the proposer's).
PUBLIC_STATUSES = (
    S.SUBMITTED,
    S.ACCEPTED,
    S.ASSIGNED,
    S.REPLIED,
    S.CLOSED,
    S.MERGED,
    S.CONVERTED,
    S.REJECTED,
    S.DISPUTED,
)
# Accepted and handled (or being handled): what departments owe or owed a reply for.
ACCEPTED_STATUSES = (S.ACCEPTED, S.ASSIGNED, S.REPLIED, S.CLOSED)


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class DepartmentRole(models.TextChoices):
    LEAD = "lead", _("Lead department")
    CO_HANDLING = "co_handling", _("Co-handling department")


class DisputeDecision(models.TextChoices):
    UPHELD = "upheld", _("Rejection upheld")
    OVERTURNED = "overturned", _("Accepted by the presidium")


class ReplyAttachmentType(models.TextChoices):
    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"
