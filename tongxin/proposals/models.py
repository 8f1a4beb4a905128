"""Proposal collections, proposals, their co-signatures, departments, replies and ratings."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.congress.models import CongressSession, CongressTerm, Representative
from tongxin.core.models import BaseModel
from tongxin.members.models import Person
from tongxin.orgs.models import OrgNode, SchoolDepartment
from tongxin.voice.models import VoiceItem

from .choices import (
    DepartmentRole,
    DisputeDecision,
    ProposalCategory,
    ProposalStatus,
    Rating,
    ReplyAttachmentType,
)


class ProposalCollection(BaseModel):
    """The window in which representatives hand in proposals for one session of a term.

    ``session_number`` names the session the proposals are for; ``session`` links the
    congress's own session record once it is scheduled (it may be planned after collection
    opens).

    Proposals are accepted from ``opens_at`` until ``closes_at``; what comes later can only be
    sent as a suggestion. ``min_co_signers`` and ``reply_days`` are this collection's rules.
    """

    SCOPE_NODE_FIELD = "school"

    school = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("school union")
    )
    term = models.ForeignKey(
        CongressTerm,
        on_delete=models.PROTECT,
        related_name="proposal_collections",
        verbose_name=_("congress term"),
    )
    session_number = models.PositiveSmallIntegerField(_("session"))
    session = models.ForeignKey(
        CongressSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal_collections",
        verbose_name=_("congress session"),
        help_text=_("Linked once the session is scheduled."),
    )
    title = models.CharField(_("title"), max_length=100)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    min_co_signers = models.PositiveSmallIntegerField(_("co-signers needed"), default=2)
    reply_days = models.PositiveSmallIntegerField(_("days to reply"), default=30)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("proposal collection")
        verbose_name_plural = _("proposal collections")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "session_number"], name="proposalcollection_one_per_session"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="proposalcollection_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(reply_days__gte=1), name="proposalcollection_reply_days_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_path(self) -> str:
        return self.school.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class Proposal(BaseModel):
    """One matter a representative asks the school to act on (one matter per proposal).

    ``node`` is the proposer's branch when drafting (the scope of the record); ``number`` is
    given on submission, in order, per collection. While assigned, the lead department owes a
    reply by ``due_on``; ``round`` counts the replies asked for.
    """

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "proposer_id"

    collection = models.ForeignKey(
        ProposalCollection,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("collection"),
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=100)
    reasons = models.TextField(_("reasons"))
    measures = models.TextField(_("concrete measures"))
    category = models.CharField(_("category"), max_length=24, choices=ProposalCategory.choices)
    proposer = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("proposer")
    )
    representative = models.ForeignKey(
        Representative, on_delete=models.PROTECT, related_name="+", verbose_name=_("seat")
    )
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    review_note = models.TextField(_("committee's note"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_proposals",
        verbose_name=_("merged into"),
    )
    voice_item = models.ForeignKey(
        VoiceItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suggestion"),
    )
    dispute_reason = models.TextField(_("reason for disputing"), blank=True)
    disputed_on = models.DateField(_("disputed on"), null=True, blank=True)
    dispute_decision = models.CharField(
        _("presidium's decision"), max_length=12, choices=DisputeDecision.choices, blank=True
    )
    dispute_note = models.TextField(_("presidium's note"), blank=True)
    dispute_decided_on = models.DateField(_("decided on"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    due_on = models.DateField(_("reply due"), null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=24, choices=Rating.choices, blank=True)
    closed_on = models.DateField(pgettext_lazy("proposal", "closed on"), null=True, blank=True)
    is_outstanding = models.BooleanField(_("outstanding proposal"), default=False)
    outstanding_note = models.TextField(_("why it is outstanding"), blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["collection", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "number"],
                condition=Q(number__isnull=False),
                name="proposal_number_unique_per_collection",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values), name="proposal_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(category__in=ProposalCategory.values), name="proposal_category_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.MERGED) | Q(merged_into__isnull=False),
                name="proposal_merged_has_target",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.ASSIGNED)
                | Q(due_on__isnull=False, assigned_on__isnull=False),
                name="proposal_assigned_has_due",
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=F("assigned_on")),
                name="proposal_due_after_assigned",
            ),
            models.CheckConstraint(condition=Q(round__gte=1), name="proposal_round_gte_1"),
        ]
        indexes = [
            models.Index(fields=["collection", "status"], name="proposal_collection_status_idx"),
            models.Index(fields=["status", "due_on"], name="proposal_status_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset({self.proposer_id})


class ProposalCoSignature(BaseModel):
    """A formal representative's confirmation that they support a proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="co_signatures")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("co-signer")
    )
    representative = models.ForeignKey(Representative, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(pgettext_lazy("co-signing", "signed at"))

    class Meta:
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        ordering = ["proposal", "signed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "person"], name="proposalcosignature_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.person_id}"


class ProposalCoProposer(BaseModel):
    """A proposer of a proposal merged into this one."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="co_proposers")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("co-proposer")
    )
    from_proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="+", verbose_name=_("merged proposal")
    )

    class Meta:
        verbose_name = _("co-proposer")
        verbose_name_plural = _("co-proposers")
        ordering = ["proposal", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "person"], name="proposalcoproposer_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.person_id}"


class ProposalDepartment(BaseModel):
    """A school department handling an accepted proposal: one lead, any co-handling."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="departments")
    department = models.ForeignKey(
        SchoolDepartment,
        on_delete=models.PROTECT,
        related_name="proposal_assignments",
        verbose_name=_("department"),
    )
    role = models.CharField(
        pgettext_lazy("handling department", "role"), max_length=12, choices=DepartmentRole.choices
    )

    class Meta:
        verbose_name = _("handling department")
        verbose_name_plural = _("handling departments")
        ordering = ["proposal", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "department"], name="proposaldepartment_once"
            ),
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(role=DepartmentRole.LEAD),
                name="proposaldepartment_one_lead",
            ),
            models.CheckConstraint(
                condition=Q(role__in=DepartmentRole.values), name="proposaldepartment_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.department_id} {self.role}"


class ProposalReply(BaseModel):
    """The lead department's written reply of one round."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="replies")
    round = models.PositiveSmallIntegerField(_("round"))
    department = models.ForeignKey(
        SchoolDepartment, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
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
    due_on = models.DateField(_("reply due"))

    class Meta:
        verbose_name = _("proposal reply")
        verbose_name_plural = _("proposal replies")
        ordering = ["proposal", "round"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "round"], name="proposalreply_one_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} #{self.round}"

    @property
    def is_late(self) -> bool:
        return self.replied_on > self.due_on


class ProposalReplyAttachment(BaseModel):
    """A document attached to a reply (PDF, JPEG or PNG, checked by content before storing)."""

    reply = models.ForeignKey(ProposalReply, on_delete=models.PROTECT, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(
        _("file type"), max_length=32, choices=ReplyAttachmentType.choices
    )
    size = models.PositiveIntegerField(_("size (bytes)"))
    content = models.TextField(_("content (base64)"))

    class Meta:
        verbose_name = _("reply attachment")
        verbose_name_plural = _("reply attachments")
        ordering = ["reply", "id"]

    def __str__(self) -> str:
        return self.filename


class ProposalRating(BaseModel):
    """How satisfied one proposer or co-signer is with the reply of one round."""

    reply = models.ForeignKey(ProposalReply, on_delete=models.PROTECT, related_name="ratings")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(_("rating"), max_length=24, choices=Rating.choices)
    comment = models.TextField(_("comment"), blank=True)
    rated_on = models.DateField(_("rated on"))

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["reply", "id"]
        constraints = [
            models.UniqueConstraint(fields=["reply", "person"], name="proposalrating_once"),
            models.CheckConstraint(
                condition=Q(rating__in=Rating.values), name="proposalrating_rating_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reply_id} {self.person_id} {self.rating}"


class ProposalReminder(models.Model):
    """An overdue reminder sent for one proposal's round on one day (one per day at most)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="reminders")
    round = models.PositiveSmallIntegerField(_("round"))
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("overdue reminder")
        verbose_name_plural = _("overdue reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "round", "sent_on"], name="proposalreminder_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} #{self.round} {self.sent_on}"
