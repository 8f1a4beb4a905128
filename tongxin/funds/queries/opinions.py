"""Reads of audit opinions."""

from django.db.models import QuerySet

from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from ..models import AuditOpinion
from ..permissions import FundsPermission


def audit_opinion_list(*, actor: Actor, fiscal_year: int | None = None) -> QuerySet[AuditOpinion]:
    qs = access.scope(
        AuditOpinion.objects.select_related("node"), actor, FundsPermission.VIEW_AUDIT_OPINION
    )
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs.order_by("-fiscal_year", "-created_at", "-id")
