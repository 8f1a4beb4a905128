"""New Year wishes, suggestions and requests with their replies and timeline, grassroots visits."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.core.models import BaseModel
from tongxin.members.models import Person
from tongxin.orgs.models import OrgNode, SchoolDepartment
from tongxin.orgs.scoping import PersonScoped

from .choices import (
    WISH_WALL_STATUSES,
    EventKind,
    ItemCategory,
    ItemKind,
    ItemStatus,
    Party,
    Rating,
    WishStatus,
    WishVisibility,
)


class Wish(PersonScoped, BaseModel):
    """A staff member's New Year wish, for ``year`` (see ``voice.years``).

    ``node`` is the person's branch when they made the wish, so yearly counts per branch stay
    right after transfers. One counted wish per person per year.
    """

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "person_id"

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="wishes", verbose_name=_("staff")
    )
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("wish"))
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=WishVisibility.choices,
        default=WishVisibility.PRIVATE,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=WishStatus.choices, default=WishStatus.SUBMITTED
    )
    submitted_on = models.DateField(_("submitted on"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    office_note = models.TextField(_("office note"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("wish", "decided by"),
    )
    fulfilled_on = models.DateField(_("fulfilled on"), null=True, blank=True)
    fulfilment_note = models.TextField(_("how it was fulfilled"), blank=True)

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["-year", "-submitted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=~Q(status=WishStatus.WITHDRAWN),
                name="wish_one_per_person_year",
            ),
            models.CheckConstraint(
                condition=Q(status__in=WishStatus.values), name="wish_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=WishVisibility.values), name="wish_visibility_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=WishStatus.FULFILLED, fulfilled_on__isnull=False)
                | (~Q(status=WishStatus.FULFILLED) & Q(fulfilled_on__isnull=True)),
                name="wish_fulfilled_on_iff_fulfilled",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "status"], name="wish_year_status_idx"),
            models.Index(fields=["node", "year"], name="wish_node_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.year} #{self.pk}"

    @property
    def is_on_wall(self) -> bool:
        return (
            self.visibility == WishVisibility.WALL_ANONYMOUS and self.status in WISH_WALL_STATUSES
        )


class GrassrootsVisit(BaseModel):
    """The union chair (or another officer) visiting a branch to hear its members.

    What was raised becomes ``VoiceItem`` rows linked by ``visit``.
    """

    SCOPE_NODE_FIELD = "node"

    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch visited")
    )
    visited_on = models.DateField(_("visit date"))
    lead = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("led by")
    )
    visitors = models.ManyToManyField(
        Person, related_name="+", blank=True, verbose_name=_("other visitors")
    )
    participants = models.CharField(_("who was met"), max_length=300, blank=True)
    summary = models.TextField(pgettext_lazy("grassroots visit", "summary"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("grassroots visit")
        verbose_name_plural = _("grassroots visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.node_id}"

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class VoiceItem(BaseModel):
    """A suggestion or request passed on to the school with a tracked reply.

    ``person`` is the filer (who rates the reply); it is empty for a matter a branch raised
    together during a grassroots visit. ``node`` is the branch it comes from. While routed,
    ``department`` owes a reply by ``due_on``; ``round`` counts the replies asked for.
    """

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "person_id"

    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    category = models.CharField(_("category"), max_length=24, choices=ItemCategory.choices)
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("details"))
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voice_items",
        verbose_name=_("filer"),
    )
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    filed_on = models.DateField(_("filed on"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    visit = models.ForeignKey(
        GrassrootsVisit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("grassroots visit"),
    )
    is_anonymous_to_department = models.BooleanField(
        _("hide my name from the department"), default=False
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.SUBMITTED
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    department = models.ForeignKey(
        SchoolDepartment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voice_items",
        verbose_name=_("department"),
    )
    routed_on = models.DateField(_("passed on"), null=True, blank=True)
    due_on = models.DateField(_("reply due"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    rating = models.CharField(_("rating"), max_length=24, choices=Rating.choices, blank=True)
    closed_on = models.DateField(pgettext_lazy("voice item", "closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("suggestion or request")
        verbose_name_plural = _("suggestions and requests")
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values), name="voiceitem_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ItemKind.values), name="voiceitem_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(category__in=ItemCategory.values), name="voiceitem_category_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ItemStatus.ROUTED)
                | Q(department__isnull=False, due_on__isnull=False, routed_on__isnull=False),
                name="voiceitem_routed_has_department_and_due",
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=F("routed_on")),
                name="voiceitem_due_after_routed",
            ),
            models.CheckConstraint(condition=Q(round__gte=1), name="voiceitem_round_gte_1"),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(visit__isnull=False),
                name="voiceitem_filer_or_visit",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="voiceitem_status_due_idx"),
            models.Index(fields=["department", "status"], name="voiceitem_department_idx"),
            models.Index(fields=["node", "filed_on"], name="voiceitem_node_filed_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset({self.person_id}) if self.person_id else frozenset()


class VoiceReply(BaseModel):
    """The reply of one round, and the filer's rating of it."""

    item = models.ForeignKey(
        VoiceItem,
        on_delete=models.PROTECT,
        related_name="replies",
        verbose_name=pgettext_lazy("voice item", "item"),
    )
    round = models.PositiveSmallIntegerField(_("round"))
    department = models.ForeignKey(
        SchoolDepartment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    text = models.TextField(_("reply"))
    replied_on = models.DateField(_("replied on"))
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    due_on = models.DateField(_("reply due"), null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=24, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(_("comment on the reply"), blank=True)
    rated_on = models.DateField(_("rated on"), null=True, blank=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["item", "round"]
        constraints = [
            models.UniqueConstraint(fields=["item", "round"], name="voicereply_one_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} #{self.round}"

    @property
    def is_late(self) -> bool:
        return self.due_on is not None and self.replied_on > self.due_on


class VoiceItemEvent(models.Model):
    """One step of an item's timeline, as its filer and the department see it.

    The audit trail (``core.audit``) stays the legal record of who changed what; these rows
    are the readable history: a translated step, the party that took it (never a name, so a
    department's view of an anonymous item cannot leak one) and the step's own date, which
    may be earlier than the entry (a reply received on paper).
    """

    item = models.ForeignKey(
        VoiceItem,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=pgettext_lazy("voice item", "item"),
    )
    kind = models.CharField(_("step"), max_length=20, choices=EventKind.choices)
    party = models.CharField(_("by"), max_length=16, choices=Party.choices)
    occurred_on = models.DateField(_("date"))
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    department = models.ForeignKey(
        SchoolDepartment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("item event")
        verbose_name_plural = _("item events")
        ordering = ["item", "occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind} {self.occurred_on}"
