"""Categories, statuses, outcomes and ratings of proposals, with the allowed transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProposalCategory(models.TextChoices):
    """The subjects of proposals. A fixed list: the handling report compares sessions by it."""

    TEACHING_RESEARCH = "teaching_research", pgettext_lazy("proposal", "Teaching and research")
    PERSONNEL_PAY = "personnel_pay", pgettext_lazy("proposal", "Personnel and pay")
    WELFARE = "welfare", pgettext_lazy("proposal", "Staff welfare")
    LOGISTICS = "logistics", pgettext_lazy("proposal", "Logistics and campus services")
    CAMPUS_SAFETY = "campus_safety", pgettext_lazy("proposal", "Campus building and safety")
    GOVERNANCE = "governance", pgettext_lazy("proposal", "School governance")
    OTHER = "other", pgettext_lazy("proposal", "Other")


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
    DRAFT = "draft", pgettext_lazy("proposal", "Draft")
    CO_SIGNING = "co_signing", pgettext_lazy("proposal", "Waiting for co-signers")
    SUBMITTED = "submitted", pgettext_lazy("proposal", "Submitted, under review")
    ACCEPTED = "accepted", pgettext_lazy("proposal", "Accepted")
    ASSIGNED = "assigned", pgettext_lazy("proposal", "Being handled")
    REPLIED = "replied", pgettext_lazy("proposal", "Replied")
    CLOSED = "closed", pgettext_lazy("proposal", "Closed")
    MERGED = "merged", pgettext_lazy("proposal", "Merged into another proposal")
    CONVERTED = "converted", pgettext_lazy("proposal", "Forwarded as a suggestion")
    REJECTED = "rejected", pgettext_lazy("proposal", "Not accepted")
    DISPUTED = "disputed", pgettext_lazy("proposal", "Disputed, before the presidium")
    LATE = "late", pgettext_lazy("proposal", "Too late, sent as a suggestion")
    WITHDRAWN = "withdrawn", pgettext_lazy("proposal", "Withdrawn")


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
