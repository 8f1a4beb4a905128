"""Flows, steps, requests and their immutable decisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.core.models import BaseModel
from tongxin.orgs.models import OrgNode

from .choices import ApprovalStatus, ConflictRoute, DecisionOutcome, PartyKind


class ApprovalFlow(BaseModel):
    """A configured decision path, e.g. ``membership.join`` or ``care.visit``."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=100)
    conflict_route = models.CharField(
        _("when the decider is conflicted"),
        max_length=32,
        choices=ConflictRoute.choices,
        default=ConflictRoute.SAME_ROLE_OTHER_HOLDER,
    )

    class Meta:
        verbose_name = _("approval flow")
        verbose_name_plural = _("approval flows")

    def __str__(self) -> str:
        return self.name


class ApprovalStep(models.Model):
    """One step of a flow; whoever holds ``permission`` on the request's node decides it."""

    flow = models.ForeignKey(ApprovalFlow, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(pgettext_lazy("approval step", "position"))
    name = models.CharField(_("name"), max_length=100)
    permission = models.CharField(_("permission"), max_length=64)
    # Blank: the flow's route.
    conflict_route = models.CharField(
        _("when the decider is conflicted"),
        max_length=32,
        choices=ConflictRoute.choices,
        blank=True,
        default="",
    )

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["flow", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["flow", "position"], name="approvalstep_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.flow.code}#{self.position} {self.name}"

    def route(self, flow: ApprovalFlow) -> str:
        return self.conflict_route or flow.conflict_route


class ApprovalRequest(BaseModel):
    """A record (the subject) waiting for, or having had, the decisions of a flow."""

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "requested_for_person_id"

    flow = models.ForeignKey(ApprovalFlow, on_delete=models.PROTECT, related_name="requests")
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="approval_requests")
    subject_type = models.CharField(_("record type"), max_length=64)
    subject_id = models.CharField(_("record id"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    current_position = models.PositiveSmallIntegerField(_("current step"), default=1)
    step_count = models.PositiveSmallIntegerField(_("steps"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_for_person_id = models.BigIntegerField(_("person"), null=True, blank=True)
    # Under the ``parent_level`` route: while the current step is open, only a holder of its
    # permission on a strict ancestor of this node may decide it (a party holds the step's
    # role here). Blank: any unconflicted holder. Set when the step opens (decision 0011).
    escalated_above_path = models.CharField(
        _("decided above"), max_length=255, blank=True, default=""
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["flow", "subject_type", "subject_id"],
                condition=Q(status="pending"),
                name="approvalrequest_one_pending_per_subject",
            ),
            models.CheckConstraint(
                condition=Q(current_position__gte=1)
                & Q(current_position__lte=models.F("step_count")),
                name="approvalrequest_position_in_range",
            ),
        ]
        indexes = [models.Index(fields=["status", "flow", "current_position"])]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        pid = self.requested_for_person_id
        return frozenset({pid}) if pid else frozenset()

    @property
    def is_pending(self) -> bool:
        return self.status == ApprovalStatus.PENDING


class ApprovalParty(models.Model):
    """A person a request is about (``subject``) or who filed it (``filer``).

    Nobody decides a step of a request they, or a member of their family, are a party to.
    """

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="parties")
    person_id = models.BigIntegerField(_("person"))
    kind = models.CharField(_("kind"), max_length=16, choices=PartyKind.choices)

    class Meta:
        verbose_name = _("approval party")
        verbose_name_plural = _("approval parties")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "person_id", "kind"], name="approvalparty_unique"
            )
        ]
        indexes = [models.Index(fields=["person_id"], name="approvalparty_person_idx")]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.person_id}"


class ApprovalDecision(models.Model):
    """One decision on one step. Never updated: a changed mind is a new request."""

    request = models.ForeignKey(ApprovalRequest, on_delete=models.PROTECT, related_name="decisions")
    position = models.PositiveSmallIntegerField(_("step"))
    step_name = models.CharField(_("step name"), max_length=100)
    outcome = models.CharField(_("outcome"), max_length=16, choices=DecisionOutcome.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decider_label = models.CharField(_("decided by"), max_length=120)
    decider_role = models.CharField(_("as role"), max_length=32, blank=True)
    decider_node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")
        ordering = ["request", "position"]
        constraints = [
            # Two concurrent approvals of the same step: the second insert fails here.
            models.UniqueConstraint(fields=["request", "position"], name="decision_one_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.request_id}#{self.position} {self.outcome}"
