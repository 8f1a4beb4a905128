"""Reads of staff services, each scoped through ``orgs.access``; related rows are loaded here,
once, so pages and API lists run a constant number of queries whatever their length."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from tongxin.core.errors import NotFound
from tongxin.members.choices import Relation
from tongxin.members.models import FamilyMember, Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .choices import PLACEMENT_STAGES, ClaimStatus, PlacementStatus
from .models import (
    CoverItem,
    InsuranceClaim,
    InsurancePolicy,
    InsuredPerson,
    SchoolPlaceApplication,
)
from .permissions import StaffServicesPermission as P

# Policies ------------------------------------------------------------------------------


def _with_counts(qs: QuerySet[InsurancePolicy]) -> QuerySet[InsurancePolicy]:
    return qs.select_related("node").annotate(
        insured_count=Count("insured", filter=Q(insured__removed_on__isnull=True), distinct=True),
        claim_count=Count("claims", distinct=True),
    )


def policy_list(*, actor: Actor) -> QuerySet[InsurancePolicy]:
    """Policies the actor may read (office, finance, audit committee), newest first."""
    return _with_counts(access.scope(InsurancePolicy.objects.all(), actor, P.VIEW_POLICY)).order_by(
        "-starts_on", "-id"
    )


def policy_get(*, actor: Actor, pk: int | str) -> InsurancePolicy:
    """One policy with its cover items; missing and out of scope both raise ``NotFound``."""
    qs = _with_counts(InsurancePolicy.objects.all()).prefetch_related(
        Prefetch("cover_items", queryset=CoverItem.objects.order_by("position", "id"))
    )
    return access.get_scoped(qs, actor, P.VIEW_POLICY, pk=pk)


def policy_choices(*, actor: Actor, permission: str = P.FILE_CLAIM) -> list[InsurancePolicy]:
    """Policies covering part of the subtrees where the actor holds ``permission`` (a
    liaison filing a claim picks the school's policy, which lies above their branch)."""
    roots = access.grant_paths(actor, permission) if not actor.is_system else [""]
    policies = list(InsurancePolicy.objects.select_related("node").order_by("-starts_on", "-id"))
    return [
        p
        for p in policies
        if any(root.startswith(p.node.path) or p.node.path.startswith(root) for root in roots)
    ]


def cover_item_get(*, actor: Actor, pk: int | str) -> CoverItem:
    item = CoverItem.objects.select_related("policy__node").filter(pk=pk).first()
    if item is None:
        raise NotFound()
    policy_get(actor=actor, pk=item.policy_id)
    return item


# Insured roster ----------------------------------------------------------------------------


def insured_list(
    *,
    actor: Actor,
    policy: InsurancePolicy | None = None,
    node_id: int | None = None,
    active_only: bool = False,
    text: str = "",
) -> QuerySet[InsuredPerson]:
    """Roster rows the actor may see (the office all, a branch its own, a member theirs)."""
    qs = access.scope(
        InsuredPerson.objects.select_related("person", "node", "policy"), actor, P.VIEW_INSURED
    )
    if policy is not None:
        qs = qs.filter(policy=policy)
    if node_id:
        qs = qs.filter(node_id=node_id)
    if active_only:
        qs = qs.filter(removed_on__isnull=True)
    if text:
        qs = qs.filter(Q(person__name__icontains=text) | Q(person__staff_number__icontains=text))
    return qs.order_by("node__path", "person__staff_number", "id")


def insured_get(*, actor: Actor, pk: int | str) -> InsuredPerson:
    return access.get_scoped(
        InsuredPerson.objects.select_related("person", "node", "policy__node"),
        actor,
        P.VIEW_INSURED,
        pk=pk,
    )


def insured_mine(*, actor: Actor) -> list[InsuredPerson]:
    """The member's own cover: each policy they are on, with its cover items and their claims."""
    if actor.person_id is None:
        return []
    return list(
        InsuredPerson.objects.filter(person_id=actor.person_id)
        .select_related("policy")
        .prefetch_related(
            Prefetch("policy__cover_items", queryset=CoverItem.objects.order_by("position")),
            Prefetch("claims", queryset=InsuranceClaim.objects.order_by("-reported_on", "-id")),
        )
        .order_by("-policy__starts_on", "-id")
    )


# Claims --------------------------------------------------------------------------------


def claim_list(
    *,
    actor: Actor,
    policy_id: int | None = None,
    status: str = "",
    node_id: int | None = None,
) -> QuerySet[InsuranceClaim]:
    qs = access.scope(
        InsuranceClaim.objects.select_related("person", "node", "policy"), actor, P.VIEW_CLAIM
    )
    if policy_id:
        qs = qs.filter(policy_id=policy_id)
    if status:
        qs = qs.filter(status=status)
    if node_id:
        qs = qs.filter(node_id=node_id)
    return qs.order_by("-reported_on", "-id")


def claim_get(*, actor: Actor, pk: int | str) -> InsuranceClaim:
    return access.get_scoped(
        InsuranceClaim.objects.select_related("person", "node", "policy", "insured"),
        actor,
        P.VIEW_CLAIM,
        pk=pk,
    )


@dataclass
class ClaimBoard:
    """Claims per status and what insurers paid (recorded, not union money)."""

    counts: dict[str, int] = field(default_factory=dict)
    paid_fen: int = 0


def claim_board(*, actor: Actor, policy_id: int | None = None) -> ClaimBoard:
    qs = claim_list(actor=actor, policy_id=policy_id).order_by()
    counts = dict(qs.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    paid = qs.filter(status=ClaimStatus.PAID).aggregate(total=Sum("paid_fen"))["total"] or 0
    return ClaimBoard(counts={s: counts.get(s, 0) for s in ClaimStatus.values}, paid_fen=paid)


# School places -------------------------------------------------------------------------


def school_place_list(
    *,
    actor: Actor,
    year: int | None = None,
    status: str = "",
    stage: str = "",
    node_id: int | None = None,
    permission: str = P.VIEW_SCHOOL_PLACE,
) -> QuerySet[SchoolPlaceApplication]:
    qs = access.scope(
        SchoolPlaceApplication.objects.select_related("person", "child", "node"),
        actor,
        permission,
    )
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if stage:
        qs = qs.filter(stage=stage)
    if node_id:
        qs = qs.filter(node_id=node_id)
    return qs.order_by("-year", "node__path", "-submitted_on", "-id")


def school_place_mine(*, actor: Actor) -> QuerySet[SchoolPlaceApplication]:
    if actor.person_id is None:
        return SchoolPlaceApplication.objects.none()
    return (
        SchoolPlaceApplication.objects.filter(person_id=actor.person_id)
        .select_related("child", "node")
        .order_by("-year", "-id")
    )


def school_place_get(*, actor: Actor, pk: int | str) -> SchoolPlaceApplication:
    return access.get_scoped(
        SchoolPlaceApplication.objects.select_related("person", "child", "node"),
        actor,
        P.VIEW_SCHOOL_PLACE,
        pk=pk,
    )


def school_place_years(*, actor: Actor) -> list[int]:
    qs = access.scope(SchoolPlaceApplication.objects.all(), actor, P.VIEW_SCHOOL_PLACE)
    return sorted(set(qs.values_list("year", flat=True)), reverse=True)


@dataclass
class PlacementSummary:
    """A year's applications: the total, and counts by stage × status."""

    year: int
    total: int = 0
    by_stage: dict[str, dict[str, int]] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)


def school_place_summary(*, actor: Actor, year: int) -> PlacementSummary:
    """Counts of ``year``'s applications the actor sees, by stage and outcome. One query."""
    rows = (
        school_place_list(actor=actor, year=year)
        .order_by()
        .values_list("stage", "status")
        .annotate(n=Count("pk"))
    )
    summary = PlacementSummary(year=year)
    summary.by_stage = {s: dict.fromkeys(PlacementStatus.values, 0) for s in PLACEMENT_STAGES}
    statuses: Counter[str] = Counter()
    for stage, status, n in rows:
        summary.by_stage.setdefault(stage, dict.fromkeys(PlacementStatus.values, 0))[status] = n
        statuses[status] += n
        summary.total += n
    summary.by_status = {s: statuses.get(s, 0) for s in PlacementStatus.values}
    return summary


def children_of(*, person: Person) -> list[FamilyMember]:
    """A staff member's children in the family records (for the application form)."""
    return list(
        FamilyMember.objects.filter(person=person, relation=Relation.CHILD).order_by("birth_on")
    )
