"""The base model and the audit trail."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Creation and last-change timestamps for every domain row."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One change (or one sensitive read) of a domain record: who, when, what, before/after.

    Rows are written by ``core.audit.record`` inside the service's transaction, so a change and
    its audit row commit or roll back together. They are never updated or deleted.
    """

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor name"), max_length=120)
    event = models.CharField(_("event"), max_length=64, db_index=True)
    target_type = models.CharField(_("record type"), max_length=64)
    target_id = models.CharField(_("record id"), max_length=64)
    target_label = models.CharField(_("record"), max_length=200)
    node_path = models.CharField(_("org path"), max_length=255, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    is_sensitive_read = models.BooleanField(_("sensitive read"), default=False)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["target_type", "target_id", "-created_at"], name="audit_target_idx"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.event} {self.target_label}"
        )
