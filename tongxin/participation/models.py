from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import BaseModel
from tongxin.members.models import Person
from tongxin.orgs.models import OrgNode
from tongxin.orgs.scoping import PersonScoped

from .choices import ParticipationKind


class Participation(PersonScoped, BaseModel):
    """One person-time: ``person`` took part in or received ``occasion`` on ``occurred_on``.

    ``node`` is the person's branch at that time, so yearly figures count the right branch even
    after transfers. ``amount_fen`` is the value the person received (a gift pack's cost, a care
    payment), zero for plain attendance.
    """

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "person_id"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=ParticipationKind.choices)
    occasion_type = models.CharField(_("occasion type"), max_length=64)
    occasion_id = models.CharField(_("occasion id"), max_length=64)
    occasion_label = models.CharField(_("occasion"), max_length=200)
    occurred_on = models.DateField(_("date"), db_index=True)
    amount_fen = models.BigIntegerField(_("value (fen)"), default=0)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "occasion_type", "occasion_id"],
                name="participation_once_per_occasion",
            ),
            models.CheckConstraint(
                condition=Q(amount_fen__gte=0), name="participation_amount_gte_0"
            ),
        ]
        indexes = [
            models.Index(
                fields=["occasion_type", "occasion_id"], name="participation_occasion_idx"
            ),
            models.Index(fields=["kind", "occurred_on"], name="participation_kind_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.occasion_label}"
