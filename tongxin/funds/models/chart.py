"""The chart of fund categories: versioned data, never code.

A ``FundChart`` is one loaded version of the chart (from ``funds/data/``); its categories carry
a stable ``key`` (``"expense.rights.hardship_aid"``) that code and other apps use, and a
``code`` that the finance office may change by loading a new chart version.
"""

from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import BaseModel

from ..choices import CategoryKind


class FundChart(BaseModel):
    """One version of the chart; the one in force on a date has the latest ``effective_from``."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    effective_from = models.DateField(_("in force from"), unique=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fund chart")
        verbose_name_plural = _("fund charts")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.name


class FundCategory(models.Model):
    """One category of the chart: an income, expense, asset, liability, net-assets or transfer
    heading, with its parent. Only selectable, non-forbidden categories can be posted to."""

    chart = models.ForeignKey(FundChart, on_delete=models.PROTECT, related_name="categories")
    key = models.CharField(_("key"), max_length=100)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=CategoryKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_selectable = models.BooleanField(_("selectable"), default=True)
    is_forbidden = models.BooleanField(_("forbidden"), default=False)
    forbidden_reason = models.CharField(_("why forbidden"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fund category")
        verbose_name_plural = _("fund categories")
        ordering = ["chart", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["chart", "key"], name="fundcategory_unique_key"),
            models.UniqueConstraint(fields=["chart", "code"], name="fundcategory_unique_code"),
            models.CheckConstraint(
                condition=Q(kind__in=CategoryKind.values), name="fundcategory_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(is_forbidden=False)
                | (Q(is_selectable=False) & ~Q(forbidden_reason="")),
                name="fundcategory_forbidden_not_selectable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        """The name in the current language (the chart's data carries both)."""
        language = translation.get_language() or ""
        return self.name_en if language.startswith("en") else self.name

    def covers(self, key: str) -> bool:
        """Whether ``key`` is this category or lies below it."""
        return key == self.key or key.startswith(self.key + ".")
