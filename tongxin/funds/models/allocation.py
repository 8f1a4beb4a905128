"""Branch allocations: the yearly rule and the allocations posted from it."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import BaseModel
from tongxin.orgs.models import OrgNode

from ..choices import AllocationMethod
from .ledger import JournalEntry


class AllocationRule(BaseModel):
    """How one school's branch allocations are computed for one fiscal year."""

    SCOPE_NODE_FIELD = "school"

    school = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    method = models.CharField(_("method"), max_length=16, choices=AllocationMethod.choices)
    per_member_fen = models.BigIntegerField(_("per member (fen)"), default=0)
    base_fen = models.BigIntegerField(_("base per branch (fen)"), default=0)
    pool_fen = models.BigIntegerField(_("total to share (fen)"), default=0)
    counted_on = models.DateField(_("members counted on"))
    include_retained = models.BooleanField(_("count retired members"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("allocation rule")
        verbose_name_plural = _("allocation rules")
        ordering = ["school", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "fiscal_year"], name="allocationrule_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(per_member_fen__gte=0) & Q(base_fen__gte=0) & Q(pool_fen__gte=0),
                name="allocationrule_amounts_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(method__in=AllocationMethod.values), name="allocationrule_method_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school.name} {self.fiscal_year}"

    @property
    def scope_path(self) -> str:
        return self.school.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class BranchAllocation(models.Model):
    """One branch's allocation for a year, posted as one transfer entry.

    It is live while its entry is not reversed; reversing the entry lets the office post the
    branch's allocation again (e.g. after correcting the rule).
    """

    SCOPE_NODE_FIELD = "branch"

    rule = models.ForeignKey(AllocationRule, on_delete=models.PROTECT, related_name="allocations")
    branch = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    member_count = models.PositiveIntegerField(_("members"))
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)

    class Meta:
        verbose_name = _("branch allocation")
        verbose_name_plural = _("branch allocations")
        ordering = ["rule", "branch__path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_fen__gt=0), name="branchallocation_amount_gt_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.branch.name} {self.rule.fiscal_year} {self.amount_fen}"

    @property
    def scope_path(self) -> str:
        return self.branch.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()
