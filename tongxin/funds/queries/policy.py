"""Reads of the policy: what domain apps ask before money moves, and the policy pages.

``policy_in_force``, ``care_standard``, ``holiday_cap_fen`` and ``festival_allowed`` answer
for a school on a date (no actor: the standards are public to the school's officers and
members). ``holiday_benefit_total_fen`` is the source of truth for a member's holiday
benefits in a year: the sum of their ``benefit`` participation records (one per person and
distribution, with the value received), which the benefits app writes.
"""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet, Sum
from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode
from tongxin.participation.choices import ParticipationKind
from tongxin.participation.models import Participation

from ..errors import FundsErrorCode
from ..models import CareStandard, PolicySet
from ..permissions import FundsPermission

P = FundsPermission


def policy_in_force(*, school: OrgNode, on: dt.date) -> PolicySet:
    """The school's policy version in force on ``on`` (with its care standards).

    Raises ``DomainError(no_policy)`` when the school has none yet (books not opened).
    """
    policy = (
        PolicySet.objects.filter(school_id=school.school_id or school.pk, effective_from__lte=on)
        .prefetch_related(
            Prefetch("care_standards", queryset=CareStandard.objects.order_by("kind"))
        )
        .order_by("-effective_from")
        .first()
    )
    if policy is None:
        raise DomainError(
            _("No policy is in force on %(date)s; the finance officer sets one up first.")
            % {"date": on.isoformat()},
            code=FundsErrorCode.NO_POLICY,
        )
    return policy


def care_standard(*, school: OrgNode, kind: str, on: dt.date) -> CareStandard | None:
    """The standard for one kind of care visit on ``on`` (None if the kind is unknown)."""
    policy = policy_in_force(school=school, on=on)
    return next((s for s in policy.care_standards.all() if s.kind == kind), None)


def holiday_cap_fen(*, school: OrgNode, on: dt.date) -> int:
    """The cap on one member's holiday benefits per calendar year, in force on ``on``."""
    return policy_in_force(school=school, on=on).holiday_cap_fen


def festival_allowed(*, school: OrgNode, festival: str, on: dt.date) -> bool:
    """Whether holiday benefits may be given for ``festival`` (a ``Festival`` key) on ``on``."""
    return festival in policy_in_force(school=school, on=on).allowed_festivals


def holiday_benefit_total_fen(*, person_ids: Iterable[int], year: int) -> dict[int, int]:
    """person id → value of holiday benefits received in calendar ``year`` (one query).

    People with nothing are absent from the result.
    """
    rows = (
        Participation.objects.filter(
            person_id__in=list(person_ids),
            kind=ParticipationKind.BENEFIT,
            occurred_on__gte=dt.date(year, 1, 1),
            occurred_on__lte=dt.date(year, 12, 31),
        )
        .values("person_id")
        .annotate(total=Sum("amount_fen"))
        .values_list("person_id", "total")
    )
    return {person_id: total or 0 for person_id, total in rows}


def policy_version_list(*, actor: Actor) -> QuerySet[PolicySet]:
    """Policy versions the actor may see, newest first, with their standards.

    A policy binds the whole school, so an officer of a branch sees the policy of the school
    above them (``access.scope_governing``: ancestor-or-self).
    """
    qs = access.scope_governing(PolicySet.objects.select_related("school"), actor, P.VIEW_POLICY)
    return qs.prefetch_related(
        Prefetch("care_standards", queryset=CareStandard.objects.order_by("kind"))
    ).order_by("school__path", "-effective_from")


def policy_get(*, actor: Actor, pk: int | str) -> PolicySet:
    qs = PolicySet.objects.select_related("school").prefetch_related(
        Prefetch("care_standards", queryset=CareStandard.objects.order_by("kind"))
    )
    return access.get_scoped_governing(qs, actor, P.VIEW_POLICY, pk=pk)
