"""Kinds, categories, statuses and the allowed status transitions of staff voice."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WishVisibility(models.TextChoices):
    """Who sees a wish besides its author and the union office. Private is the default (PIPL
    art. 25: no public disclosure without the person's own, separate choice)."""

    PRIVATE = "private", _("Only the union office")
    WALL_ANONYMOUS = "wall_anonymous", _("On the wish wall, without my name")


class WishStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ADOPTED = "adopted", _("Adopted")
    FULFILLED = "fulfilled", _("Fulfilled")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


WISH_TRANSITIONS: dict[str, frozenset[str]] = {
    WishStatus.SUBMITTED: frozenset(
        {WishStatus.ADOPTED, WishStatus.DECLINED, WishStatus.WITHDRAWN}
    ),
    WishStatus.ADOPTED: frozenset({WishStatus.FULFILLED, WishStatus.DECLINED}),
    WishStatus.FULFILLED: frozenset(),
    WishStatus.DECLINED: frozenset(),
    WishStatus.WITHDRAWN: frozenset(),
}
# Wishes that count for the year (withdrawn ones do not) and those shown on the wall.
WISH_COUNTED_STATUSES = (
    WishStatus.SUBMITTED,
    WishStatus.ADOPTED,
    WishStatus.FULFILLED,
    WishStatus.DECLINED,
)
WISH_WALL_STATUSES = (WishStatus.SUBMITTED, WishStatus.ADOPTED, WishStatus.FULFILLED)


class ItemKind(models.TextChoices):
    SUGGESTION = "suggestion", _("Suggestion")
    REQUEST = "request", _("Request")


class ItemCategory(models.TextChoices):
    """The subjects staff raise. A fixed list: reports compare years by it."""

    TEACHING = "teaching", _("Teaching and research")
    SALARY_WELFARE = "salary_welfare", _("Salary and welfare")
    LOGISTICS_CANTEEN = "logistics_canteen", _("Logistics and canteen")
    CAMPUS_SAFETY = "campus_safety", _("Campus and safety")
    CHILDREN_SCHOOLING = "children_schooling", _("Children's schooling")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


class ItemStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", pgettext_lazy("voice item", "Accepted")
    DECLINED = "declined", _("Declined")
    ROUTED = "routed", _("Passed on to a department")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", pgettext_lazy("voice item", "Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# accepted → replied: the union office answers itself (a matter for the union, not the
# school); routed → routed: passed on to another department; replied → routed/accepted: the
# filer was unsatisfied and the item is reopened for a new reply.
ITEM_TRANSITIONS: dict[str, frozenset[str]] = {
    ItemStatus.SUBMITTED: frozenset(
        {ItemStatus.ACCEPTED, ItemStatus.DECLINED, ItemStatus.WITHDRAWN}
    ),
    ItemStatus.ACCEPTED: frozenset({ItemStatus.ROUTED, ItemStatus.REPLIED}),
    ItemStatus.ROUTED: frozenset({ItemStatus.ROUTED, ItemStatus.REPLIED}),
    ItemStatus.REPLIED: frozenset({ItemStatus.CLOSED, ItemStatus.ROUTED, ItemStatus.ACCEPTED}),
    ItemStatus.DECLINED: frozenset(),
    ItemStatus.CLOSED: frozenset(),
    ItemStatus.WITHDRAWN: frozenset(),
}
ITEM_OPEN_STATUSES = (
    ItemStatus.SUBMITTED,
    ItemStatus.ACCEPTED,
    ItemStatus.ROUTED,
    ItemStatus.REPLIED,
)


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class EventKind(models.TextChoices):
    FILED = "filed", _("Filed")
    RAISED_AT_VISIT = "raised_at_visit", _("Raised during a grassroots visit")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ACCEPTED = "accepted", _("Accepted by the union office")
    DECLINED = "declined", _("Declined by the union office")
    ROUTED = "routed", _("Passed on to a department")
    REPLIED = "replied", _("Replied")
    RATED = "rated", _("Reply rated")
    REOPENED = "reopened", _("Reopened for a new reply")
    CLOSED = "closed", pgettext_lazy("voice item", "Closed")


class Party(models.TextChoices):
    """Who took a step, as shown on a timeline: a role, never a staff member's name."""

    FILER = "filer", _("Filer")
    BRANCH = "branch", _("Branch liaison")
    OFFICE = "office", _("Union office")
    DEPARTMENT = "department", _("Department")
    SYSTEM = "system", _("System")
