"""Audit opinions of the audit committee on a node's funds for a year."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.orgs.models import OrgNode

from ..choices import AuditConclusion


class AuditOpinion(models.Model):
    """A recorded opinion; never edited (a later opinion supersedes it)."""

    SCOPE_NODE_FIELD = "node"

    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    conclusion = models.CharField(_("conclusion"), max_length=16, choices=AuditConclusion.choices)
    text = models.TextField(_("opinion"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    author_label = models.CharField(_("author"), max_length=120)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("audit opinion")
        verbose_name_plural = _("audit opinions")
        ordering = ["-fiscal_year", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.node.name} {self.fiscal_year} {self.conclusion}"

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()
