"""The base model and the audit trail."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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
    # The tamper-evident trail (``core.trail``): position in the chain of the tree root the
    # event belongs to, and the hash over this row's content and the previous row's hash.
    chain = models.CharField(_("chain"), max_length=40, blank=True)
    chain_seq = models.BigIntegerField(_("chain position"), null=True, blank=True)
    chain_hash = models.CharField(_("chain hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["target_type", "target_id", "-created_at"], name="audit_target_idx"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "chain_seq"],
                condition=Q(chain_seq__isnull=False),
                name="auditevent_unique_chain_seq",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.event} {self.target_label}"
        )


class TrailHead(models.Model):
    """The head of one hash chain: its last position and hash.

    Writers lock this row (``select_for_update``) in the transaction that appends to the chain,
    so rows of one chain get consecutive positions even under concurrent writes.
    """

    chain = models.CharField(_("chain"), max_length=40, unique=True)
    seq = models.BigIntegerField(_("last position"), default=0)
    last_hash = models.CharField(_("last hash"), max_length=64)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("trail head")
        verbose_name_plural = _("trail heads")

    def __str__(self) -> str:
        return f"{self.chain}@{self.seq}"


class TrailCheck(models.Model):
    """One verification of one chain (``manage.py verify_trail``): its result and anchor.

    ``head_seq``/``head_hash`` anchor the chain as it was when found intact; a later check
    compares the row at that position with the anchor, so rewriting a whole chain is caught too.
    """

    checked_at = models.DateTimeField(_("checked at"), default=timezone.now, db_index=True)
    chain = models.CharField(_("chain"), max_length=40)
    is_intact = models.BooleanField(_("intact"))
    rows_checked = models.BigIntegerField(_("rows checked"), default=0)
    head_seq = models.BigIntegerField(_("last position"), default=0)
    head_hash = models.CharField(_("last hash"), max_length=64, blank=True)
    broken_table = models.CharField(_("table"), max_length=64, blank=True)
    broken_id = models.CharField(_("row"), max_length=64, blank=True)
    broken_seq = models.BigIntegerField(pgettext_lazy("trail", "position"), null=True, blank=True)
    problem = models.CharField(_("problem"), max_length=32, blank=True)
    checked_by_label = models.CharField(_("checked by"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("trail check")
        verbose_name_plural = _("trail checks")
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["chain", "-checked_at"], name="trailcheck_chain_idx")]

    def __str__(self) -> str:
        return f"{self.chain} {self.checked_at:%Y-%m-%d %H:%M} {self.is_intact}"


class KeyRotationCheckpoint(models.Model):
    """Progress of ``rotate_field_keys`` for one model under one new first key (resumable)."""

    model_label = models.CharField(_("model"), max_length=100)
    key_fingerprint = models.CharField(_("key fingerprint"), max_length=12)
    last_pk = models.BigIntegerField(_("last row"), default=0)
    rows_done = models.BigIntegerField(_("rows re-encrypted"), default=0)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("key rotation checkpoint")
        verbose_name_plural = _("key rotation checkpoints")
        constraints = [
            models.UniqueConstraint(
                fields=["model_label", "key_fingerprint"], name="keyrotation_one_per_model_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model_label} {self.key_fingerprint} {self.last_pk}"
