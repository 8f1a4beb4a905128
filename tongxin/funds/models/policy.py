"""Policy caps as configurable, versioned rules.

The national text sets no amounts; provinces and schools do (domain-rules 1.3, 5). Each
``PolicySet`` is one version for a school, in force from ``effective_from`` until the next;
a version is never edited, a change is a new version.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import BaseModel
from tongxin.orgs.models import OrgNode

from ..choices import CareKind, PaymentForm


class PolicySet(BaseModel):
    """Caps and standards of one school from a date: holiday benefits, festivals, prizes."""

    SCOPE_NODE_FIELD = "school"

    school = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("version"))
    effective_from = models.DateField(_("in force from"))
    holiday_cap_fen = models.BigIntegerField(
        _("holiday benefits cap per member per year (fen)"), default=200000
    )
    holiday_category_key = models.CharField(
        _("category for holiday benefits"),
        max_length=100,
        default="expense.staff_activities.member_activities",
    )
    allowed_festivals = models.JSONField(_("festivals for holiday benefits"), default=list)
    prize_share_numerator = models.PositiveSmallIntegerField(_("prize share numerator"), default=2)
    prize_share_denominator = models.PositiveSmallIntegerField(
        _("prize share denominator"), default=3
    )
    prize_cap_fen = models.BigIntegerField(_("cap per prize (fen)"), default=80000)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["school", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="policyset_unique_number"),
            models.UniqueConstraint(
                fields=["school", "effective_from"], name="policyset_unique_effective_from"
            ),
            models.CheckConstraint(condition=Q(holiday_cap_fen__gte=0), name="policyset_cap_gte_0"),
            models.CheckConstraint(
                condition=Q(prize_cap_fen__gte=0), name="policyset_prize_cap_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(prize_share_denominator__gt=0)
                & Q(prize_share_numerator__lte=F("prize_share_denominator")),
                name="policyset_prize_share_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school.name} v{self.number} ({self.effective_from})"

    @property
    def scope_path(self) -> str:
        return self.school.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class CareStandard(models.Model):
    """The standard for one kind of care visit within a policy version."""

    SCOPE_NODE_FIELD = "policy__school"

    policy = models.ForeignKey(PolicySet, on_delete=models.PROTECT, related_name="care_standards")
    kind = models.CharField(_("kind"), max_length=24, choices=CareKind.choices)
    is_enabled = models.BooleanField(_("enabled"), default=True)
    max_amount_fen = models.BigIntegerField(_("maximum per visit (fen)"))
    payment_form = models.CharField(_("paid as"), max_length=8, choices=PaymentForm.choices)
    yearly_count_limit = models.PositiveSmallIntegerField(
        _("visits per person per year"), null=True, blank=True
    )
    claim_window_days = models.PositiveSmallIntegerField(
        _("claim within (days)"), null=True, blank=True
    )
    category_key = models.CharField(_("fund category"), max_length=100)
    required_attachments = models.TextField(_("required attachments"), blank=True)

    class Meta:
        verbose_name = _("care standard")
        verbose_name_plural = _("care standards")
        ordering = ["policy", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "kind"], name="carestandard_one_per_kind"),
            models.CheckConstraint(
                condition=Q(max_amount_fen__gte=0), name="carestandard_amount_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CareKind.values), name="carestandard_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(payment_form__in=PaymentForm.values),
                name="carestandard_payment_form_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} {self.kind}"

    @property
    def attachment_list(self) -> list[str]:
        return [line.strip() for line in self.required_attachments.splitlines() if line.strip()]
