"""Kinds of work, who may submit, and the statuses of calls and works."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkKind(models.TextChoices):
    IMAGE = "image", _("Image")
    AUDIO = "audio", _("Audio")
    PDF = "pdf", _("PDF document")


class Eligibility(models.TextChoices):
    """Who may submit: staff for themselves, or staff for their children (in an age band)."""

    STAFF = "staff", _("Staff themselves")
    CHILDREN = "children", _("Staff for their children")


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for works")
    JUDGING = "judging", _("Judging")
    PUBLISHED = "published", _("Results published")


CALL_TRANSITIONS: dict[str, frozenset[str]] = {
    CallStatus.DRAFT: frozenset({CallStatus.OPEN}),
    CallStatus.OPEN: frozenset({CallStatus.JUDGING}),
    CallStatus.JUDGING: frozenset({CallStatus.PUBLISHED}),
    CallStatus.PUBLISHED: frozenset(),
}


class WorkStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for screening")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


WORK_TRANSITIONS: dict[str, frozenset[str]] = {
    WorkStatus.SUBMITTED: frozenset(
        {WorkStatus.ACCEPTED, WorkStatus.REJECTED, WorkStatus.WITHDRAWN}
    ),
    WorkStatus.ACCEPTED: frozenset(),
    WorkStatus.REJECTED: frozenset(),
    WorkStatus.WITHDRAWN: frozenset(),
}
# Works that count against the per-author limit (a rejected or withdrawn work frees its place).
WORK_COUNTED_STATUSES = (WorkStatus.SUBMITTED, WorkStatus.ACCEPTED)
