"""Budgets per fiscal year and node, approved as immutable versions.

A version is drafted by the finance officer, reviewed by the audit committee and approved by
the union office (the ``funds.budget`` approval flow). An approved version never changes; an
adjustment is a new version, and the latest approved version is the one in force.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import BaseModel
from tongxin.orgs.models import OrgNode

from ..choices import OPEN_BUDGET_STATUSES, BudgetStatus
from .chart import FundCategory


class Budget(BaseModel):
    """The budget of one node (school union or branch) for one fiscal year."""

    SCOPE_NODE_FIELD = "node"

    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="budgets")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-fiscal_year", "node__path"]
        constraints = [
            models.UniqueConstraint(fields=["node", "fiscal_year"], name="budget_one_per_node_year")
        ]

    def __str__(self) -> str:
        return f"{self.node.name} {self.fiscal_year}"

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class BudgetVersion(BaseModel):
    """One version of a budget: the original (number 1) or an adjustment."""

    SCOPE_NODE_FIELD = "budget__node"

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=16, choices=BudgetStatus.choices, default=BudgetStatus.DRAFT
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("budget version")
        verbose_name_plural = _("budget versions")
        ordering = ["budget", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "number"], name="budgetversion_unique_number"
            ),
            # One version at a time is being drafted or reviewed.
            models.UniqueConstraint(
                fields=["budget"],
                condition=Q(status__in=OPEN_BUDGET_STATUSES),
                name="budgetversion_one_open",
            ),
            models.CheckConstraint(
                condition=Q(status__in=BudgetStatus.values), name="budgetversion_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=BudgetStatus.APPROVED) | Q(approved_at__isnull=False),
                name="budgetversion_approved_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget} v{self.number}"

    @property
    def scope_path(self) -> str:
        return self.budget.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()

    @property
    def is_adjustment(self) -> bool:
        return self.number > 1

    @property
    def is_draft(self) -> bool:
        return self.status == BudgetStatus.DRAFT


class BudgetLine(models.Model):
    """The amount planned for one category (and everything below it) in one version."""

    SCOPE_NODE_FIELD = "version__budget__node"

    version = models.ForeignKey(BudgetVersion, on_delete=models.PROTECT, related_name="lines")
    category = models.ForeignKey(FundCategory, on_delete=models.PROTECT, related_name="+")
    category_key = models.CharField(_("category key"), max_length=100)
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["version", "category__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "category_key"], name="budgetline_one_per_category"
            ),
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="budgetline_amount_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.category_key} {self.amount_fen}"
