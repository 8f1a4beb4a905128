"""Reads of proposals, scoped by who may see them; every list joins what it shows, so a page
runs a fixed number of queries whatever the number of rows.

Four ways to see a proposal:
- the public tracker: everyone on the staff of the school sees its proposals from submission
  on (and those still looking for co-signers, so representatives can co-sign them);
- by role: the office, the secretariat, the proposal committee and the audit committee see
  all of their school's, drafts included; a proposer sees their own;
- as a department: handlers see the proposals assigned to their departments;
- one's own: the proposals one proposed, co-proposes or co-signed.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from tongxin.core.errors import Forbidden, NotFound
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import SchoolDepartment
from tongxin.orgs.queries_departments import handled_department_ids

from .choices import (
    ACCEPTED_STATUSES,
    PUBLIC_STATUSES,
    DepartmentRole,
    ProposalCategory,
    ProposalStatus,
    Rating,
)
from .models import (
    Proposal,
    ProposalCollection,
    ProposalCoProposer,
    ProposalCoSignature,
    ProposalDepartment,
    ProposalRating,
    ProposalReply,
)
from .permissions import ProposalPermission

P = ProposalPermission
S = ProposalStatus
TRACKER_STATUSES = (S.CO_SIGNING, *PUBLIC_STATUSES)


@dataclass(frozen=True)
class ProposalFilters:
    collection_id: int | None = None
    status: str = ""
    category: str = ""
    department_id: int | None = None
    overdue: bool = False
    outstanding: bool = False
    q: str = ""


def _school_of_actor(actor: Actor) -> Subquery:
    return Subquery(Person.objects.filter(pk=actor.person_id or 0).values("node__school_id")[:1])


def visibility_q(actor: Actor) -> Q | None:
    """Proposals ``actor`` may open (``None`` means every proposal)."""
    by_role = access.scope_q(Proposal, actor, P.VIEW)
    if by_role is None:
        return None
    condition = by_role | Q(
        status__in=TRACKER_STATUSES, collection__school_id=_school_of_actor(actor)
    )
    if access.holds_somewhere(actor, P.VIEW_ASSIGNED):
        condition |= Q(
            Exists(
                ProposalDepartment.objects.filter(
                    proposal=OuterRef("pk"), department_id__in=handled_department_ids(actor=actor)
                )
            )
        )
    return condition


def _listing() -> QuerySet[Proposal]:
    lead = ProposalDepartment.objects.filter(role=DepartmentRole.LEAD).select_related("department")
    return (
        Proposal.objects.select_related("proposer", "node", "collection")
        .prefetch_related(Prefetch("departments", queryset=lead, to_attr="lead_rows"))
        .annotate(co_signer_count=Count("co_signatures", distinct=True))
    )


def overdue_q(today: dt.date | None = None) -> Q:
    return Q(status=S.ASSIGNED, due_on__lt=today or timezone.localdate())


def _filtered(qs: QuerySet[Proposal], filters: ProposalFilters) -> QuerySet[Proposal]:
    if filters.collection_id:
        qs = qs.filter(collection_id=filters.collection_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.department_id:
        qs = qs.filter(
            departments__department_id=filters.department_id,
            departments__role=DepartmentRole.LEAD,
        )
    if filters.overdue:
        qs = qs.filter(overdue_q())
    if filters.outstanding:
        qs = qs.filter(is_outstanding=True)
    if filters.q.strip():
        qs = qs.filter(title__icontains=filters.q.strip())
    return qs


def proposal_tracker(*, actor: Actor, filters: ProposalFilters | None = None) -> QuerySet[Proposal]:
    """The public tracker: the school's proposals from co-signing on, by number."""
    qs = _listing().filter(status__in=TRACKER_STATUSES)
    condition = visibility_q(actor)
    if condition is not None:
        qs = qs.filter(condition)
    return _filtered(qs, filters or ProposalFilters()).order_by(
        "-collection__opens_at", "number", "id"
    )


def proposal_review_list(
    *, actor: Actor, filters: ProposalFilters | None = None
) -> QuerySet[Proposal]:
    """The committee's and the secretariat's list: every proposal of their school but drafts."""
    qs = access.scope(_listing(), actor, P.VIEW).exclude(status__in=[S.DRAFT, S.WITHDRAWN])
    if not access.holds_somewhere(actor, P.VIEW):
        qs = qs.none()
    return _filtered(qs, filters or ProposalFilters()).order_by(
        "-collection__opens_at", "number", "id"
    )


def proposal_mine(*, actor: Actor) -> QuerySet[Proposal]:
    """The proposals the actor proposed, co-proposes or co-signed, newest first."""
    person_id = actor.person_id or 0
    condition = (
        Q(proposer_id=person_id)
        | Q(pk__in=ProposalCoProposer.objects.filter(person_id=person_id).values("proposal_id"))
        | Q(pk__in=ProposalCoSignature.objects.filter(person_id=person_id).values("proposal_id"))
    )
    return _listing().filter(condition).order_by("-created_at", "-id")


def proposal_department_queue(*, actor: Actor, waiting_only: bool = False) -> QuerySet[Proposal]:
    """Proposals assigned to the departments the actor handles (lead or co-handling)."""
    if not access.holds_somewhere(actor, P.VIEW_ASSIGNED):
        return Proposal.objects.none()
    qs = _listing().filter(
        pk__in=ProposalDepartment.objects.filter(
            department_id__in=handled_department_ids(actor=actor)
        ).values("proposal_id")
    )
    if waiting_only:
        qs = qs.filter(status=S.ASSIGNED)
    return qs.order_by("due_on", "id")


def proposal_get(*, actor: Actor, pk: int | str) -> Proposal:
    """One proposal the actor may open; missing and hidden both raise ``NotFound``."""
    qs = Proposal.objects.select_related(
        "proposer", "node", "collection__school", "collection__term", "merged_into", "voice_item"
    )
    condition = visibility_q(actor)
    if condition is not None:
        qs = qs.filter(condition)
    try:
        return qs.get(pk=pk)
    except (Proposal.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


@dataclass
class ProposalDetail:
    proposal: Proposal
    co_signatures: list[ProposalCoSignature]
    co_proposers: list[ProposalCoProposer]
    departments: list[ProposalDepartment]
    replies: list[ProposalReply]
    merged: list[Proposal]

    @property
    def lead(self) -> ProposalDepartment | None:
        return next((row for row in self.departments if row.role == DepartmentRole.LEAD), None)


def proposal_detail(*, actor: Actor, pk: int | str) -> ProposalDetail:
    """A proposal with its co-signers, co-proposers, departments, replies (with attachments
    and ratings) and the proposals merged into it: a fixed number of queries."""
    proposal = proposal_get(actor=actor, pk=pk)
    return ProposalDetail(
        proposal=proposal,
        co_signatures=list(proposal.co_signatures.select_related("person__node")),
        co_proposers=list(proposal.co_proposers.select_related("person", "from_proposal")),
        departments=list(proposal.departments.select_related("department").order_by("-role", "id")),
        replies=list(
            proposal.replies.select_related("department").prefetch_related(
                "attachments",
                Prefetch("ratings", queryset=ProposalRating.objects.select_related("person")),
            )
        ),
        merged=list(proposal.merged_proposals.select_related("proposer")),
    )


def reply_attachment_get(*, actor: Actor, proposal_pk: int, pk: int):  # type: ignore[no-untyped-def]
    """A reply's document, for whoever may open the proposal."""
    proposal = proposal_get(actor=actor, pk=proposal_pk)
    from .models import ProposalReplyAttachment

    try:
        return ProposalReplyAttachment.objects.get(pk=pk, reply__proposal=proposal)
    except ProposalReplyAttachment.DoesNotExist:
        raise NotFound() from None


def tracker_departments(*, actor: Actor) -> list[SchoolDepartment]:
    """The active departments of the actor's school (or schools, for a role), for the filter."""
    schools = Q(school_id=_school_of_actor(actor))
    by_role = access.scope_q(SchoolDepartment, actor, P.VIEW)
    condition = schools if by_role is None else schools | by_role
    qs = SchoolDepartment.objects.filter(is_active=True)
    if not actor.is_system:
        qs = qs.filter(condition)
    return list(qs.order_by("sort_order", "name"))


def collection_list(*, actor: Actor) -> QuerySet[ProposalCollection]:
    """Collections the actor manages or reads (the school's), newest first."""
    qs = ProposalCollection.objects.select_related("term", "school").annotate(
        proposal_count=Count("proposals", filter=~Q(proposals__status=S.DRAFT))
    )
    condition = access.scope_q(ProposalCollection, actor, P.VIEW)
    if condition is not None:
        if actor.person_id is not None:
            condition |= Q(school_id=_school_of_actor(actor))
        qs = qs.filter(condition)
    return qs.order_by("-opens_at", "-id")


def collection_get(*, actor: Actor, pk: int | str) -> ProposalCollection:
    try:
        return collection_list(actor=actor).get(pk=pk)
    except (ProposalCollection.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def collection_open(*, actor: Actor, now: dt.datetime | None = None) -> ProposalCollection | None:
    """The collection of the actor's school open now, if any."""
    moment = now or timezone.now()
    if actor.person_id is None:
        return None
    return (
        ProposalCollection.objects.filter(
            school_id=_school_of_actor(actor), opens_at__lte=moment, closes_at__gt=moment
        )
        .select_related("term", "school")
        .order_by("closes_at")
        .first()
    )


@dataclass
class HandlingReport:
    """The report on how a collection's proposals were handled, for the next session."""

    collection: ProposalCollection
    total: int
    by_outcome: list[tuple[str, int]]
    by_category: list[tuple[str, int, int]]
    by_department: list[tuple[str, int, int, int]]
    replied: int
    on_time: int
    ratings: list[tuple[str, int]]
    outstanding: list[Proposal]
    proposals: list[Proposal]

    @property
    def on_time_pct(self) -> int:
        return round(100 * self.on_time / self.replied) if self.replied else 0

    @property
    def satisfied_pct(self) -> int:
        total = sum(count for _label, count in self.ratings)
        good = sum(
            count
            for label, count in self.ratings
            if label in (Rating.SATISFIED.label, Rating.BASICALLY_SATISFIED.label)
        )
        return round(100 * good / total) if total else 0


OUTCOME_ORDER = (S.ACCEPTED, S.MERGED, S.CONVERTED, S.REJECTED, S.DISPUTED, S.SUBMITTED)


def _outcome(status: str) -> str:
    return S.ACCEPTED if status in ACCEPTED_STATUSES else status


def proposal_report(*, actor: Actor, collection: ProposalCollection) -> HandlingReport:
    """Counts by outcome, category and lead department, on-time replies and satisfaction,
    from the records (five queries whatever the number of proposals)."""
    if not access.can(actor, P.VIEW_REPORT, collection):
        raise NotFound() if not access.sees(actor, collection) else Forbidden()
    proposals = list(
        _listing()
        .filter(collection=collection, status__in=PUBLIC_STATUSES)
        .order_by("number", "id")
    )
    first_replies = {
        row.proposal_id: row
        for row in ProposalReply.objects.filter(proposal__collection=collection, round=1)
    }
    outcomes = Counter(_outcome(row.status) for row in proposals)
    categories: dict[str, list[int]] = {}
    departments: dict[str, list[int]] = {}
    on_time = 0
    for row in proposals:
        accepted = row.status in ACCEPTED_STATUSES
        cat = categories.setdefault(str(ProposalCategory(row.category).label), [0, 0])
        cat[0] += 1
        cat[1] += int(accepted)
        reply = first_replies.get(row.pk)
        if reply is not None and not reply.is_late:
            on_time += 1
        for lead in row.lead_rows:  # type: ignore[attr-defined]
            dept = departments.setdefault(lead.department.name, [0, 0, 0])
            dept[0] += 1
            dept[1] += int(reply is not None)
            dept[2] += int(reply is not None and not reply.is_late)
    rating_counts = Counter(
        ProposalRating.objects.filter(
            reply__proposal__collection=collection, reply__round=1
        ).values_list("rating", flat=True)
    )
    return HandlingReport(
        collection=collection,
        total=len(proposals),
        by_outcome=[(str(S(key).label), outcomes[key]) for key in OUTCOME_ORDER if outcomes[key]],
        by_category=sorted(
            ((str(label), c[0], c[1]) for label, c in categories.items()), key=lambda r: -r[1]
        ),
        by_department=sorted(
            ((name, d[0], d[1], d[2]) for name, d in departments.items()), key=lambda r: -r[1]
        ),
        replied=len(first_replies),
        on_time=on_time,
        ratings=[(str(Rating(key).label), rating_counts[key]) for key in Rating.values],
        outstanding=[row for row in proposals if row.is_outstanding],
        proposals=proposals,
    )
