"""Reads of holiday benefits, always narrowed through ``access.scope``.

Batches belong to the school union: the office, finance and audit see them by role. A
liaison or branch chair sees a batch through its receipts in their branch (their pickup list);
a member sees only their own receipts.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from tongxin.core.errors import NotFound
from tongxin.funds.queries.policy import holiday_benefit_total_fen, holiday_cap_fen
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from ..choices import BatchStatus, ReceiptStatus
from ..models import BenefitBatch, BenefitReceipt, CapExclusion
from ..permissions import BenefitsPermission
from .eligibility import Recipient, batch_recipients

P = BenefitsPermission

__all__ = [
    "BranchProgress",
    "Preview",
    "Recipient",
    "batch_get",
    "batch_list",
    "batch_preview",
    "batch_progress",
    "batch_recipients",
]


def batch_list(*, actor: Actor, status: str = "") -> QuerySet[BenefitBatch]:
    """Batches the actor may see: by role (office, finance, audit), else those with receipts
    on the actor's pickup lists (liaisons, chairs), newest first."""
    qs = BenefitBatch.objects.select_related("school", "activity", "audience_node")
    if access.holds_somewhere(actor, P.VIEW_BATCH):
        qs = access.scope(qs, actor, P.VIEW_BATCH)
    else:
        paths = access.grant_paths(actor, P.VIEW_RECEIPT)
        if not paths and not actor.is_system:
            return qs.none()
        receipts = access.scope(BenefitReceipt.objects.all(), actor, P.SIGN_FOR_MEMBER)
        qs = qs.filter(
            pk__in=receipts.values("batch_id"),
            status__in=[BatchStatus.CONFIRMED, BatchStatus.CLOSED],
        )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-distribute_on", "-pk")


def batch_get(*, actor: Actor, pk: int | str) -> BenefitBatch:
    """One batch the actor may see (see ``batch_list``); missing and hidden are ``NotFound``."""
    try:
        return batch_list(actor=actor).get(pk=pk)
    except (BenefitBatch.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


@dataclass
class BranchProgress:
    branch_id: int
    branch_name: str
    total: int = 0
    signed: int = 0
    mailed: int = 0
    pending: int = 0
    undelivered: int = 0
    proxy: int = 0

    @property
    def done(self) -> int:
        return self.signed + self.mailed

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def batch_progress(*, actor: Actor, batch: BenefitBatch) -> list[BranchProgress]:
    """Per branch the actor may see: receipts by status (one query)."""
    rows = (
        access.scope(BenefitReceipt.objects.filter(batch=batch), actor, P.VIEW_RECEIPT)
        .values("branch_id", "branch__name", "branch__path")
        .annotate(
            total=Count("pk"),
            signed=Count("pk", filter=Q(status=ReceiptStatus.SIGNED)),
            mailed=Count("pk", filter=Q(status=ReceiptStatus.MAILED)),
            pending=Count("pk", filter=Q(status=ReceiptStatus.PENDING)),
            undelivered=Count("pk", filter=Q(status=ReceiptStatus.UNDELIVERED)),
            proxy=Count("pk", filter=Q(sign_method="proxy")),
        )
        .order_by("branch__path")
    )
    return [
        BranchProgress(
            branch_id=row["branch_id"],
            branch_name=row["branch__name"],
            total=row["total"],
            signed=row["signed"],
            mailed=row["mailed"],
            pending=row["pending"],
            undelivered=row["undelivered"],
            proxy=row["proxy"],
        )
        for row in rows
    ]


def progress_total(rows: list[BranchProgress]) -> BranchProgress:
    total = BranchProgress(branch_id=0, branch_name="")
    for row in rows:
        for name in ("total", "signed", "mailed", "pending", "undelivered", "proxy"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return total


def receipt_list(
    *,
    actor: Actor,
    batch: BenefitBatch | None = None,
    branch_id: int | None = None,
    status: str = "",
    permission: str = P.VIEW_RECEIPT,
) -> QuerySet[BenefitReceipt]:
    """Receipts the actor may see (own ones included), with what the lists show."""
    qs = access.scope(
        BenefitReceipt.objects.select_related("batch", "person", "node", "branch", "signed_by"),
        actor,
        permission,
    )
    if batch is not None:
        qs = qs.filter(batch=batch)
    if branch_id:
        qs = qs.filter(branch_id=branch_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("batch_id", "branch__path", "person__staff_number", "pk")


def receipt_mine(*, actor: Actor) -> QuerySet[BenefitReceipt]:
    """The actor's own receipts, newest batch first."""
    if actor.person_id is None:
        return BenefitReceipt.objects.none()
    return (
        BenefitReceipt.objects.filter(person_id=actor.person_id)
        .exclude(batch__status=BatchStatus.CANCELLED)
        .select_related("batch", "node", "person")
        .order_by("-batch__distribute_on", "-pk")
    )


def receipt_get(*, actor: Actor, pk: int | str) -> BenefitReceipt:
    return access.get_scoped(
        BenefitReceipt.objects.select_related("batch", "person", "node", "branch", "signed_by"),
        actor,
        P.VIEW_RECEIPT,
        pk=pk,
    )


def receipt_by_token(*, actor: Actor, token: str) -> BenefitReceipt:
    """The receipt a QR code or link points to, if the actor may see it (its member, or whoever
    signs for the branch); otherwise ``NotFound``."""
    return access.get_scoped(
        BenefitReceipt.objects.select_related("batch", "person", "node", "branch"),
        actor,
        P.VIEW_RECEIPT,
        token=token,
    )


def pickup_branches(*, actor: Actor, batch: BenefitBatch) -> list[OrgNode]:
    """The branches of ``batch`` whose lists the actor may see (two queries)."""
    ids = (
        access.scope(BenefitReceipt.objects.filter(batch=batch), actor, P.SIGN_FOR_MEMBER)
        .values_list("branch_id", flat=True)
        .distinct()
    )
    return list(OrgNode.objects.filter(pk__in=list(ids)).order_by("path"))


def branch_get(*, actor: Actor, batch: BenefitBatch, pk: int | str) -> OrgNode:
    """A branch of ``batch`` on which the actor may see receipts (else ``NotFound``)."""
    try:
        branch = OrgNode.objects.get(pk=pk)
    except (OrgNode.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not access.can_at(actor, P.VIEW_RECEIPT, branch.path):
        raise NotFound()
    return branch


def exclusion_list(*, actor: Actor, batch: BenefitBatch) -> QuerySet[CapExclusion]:
    return access.scope(
        CapExclusion.objects.filter(batch=batch).select_related("person", "node"),
        actor,
        P.VIEW_RECEIPT,
    ).order_by("person__staff_number")


@dataclass
class OverCap:
    person: Person
    year_total_fen: int
    after_fen: int


@dataclass
class Preview:
    """What confirming a draft would do now: who gets the goods, per branch, who is over."""

    recipients: int
    cost_fen: int
    cap_fen: int
    by_branch: list[tuple[str, int]] = field(default_factory=list)
    over: list[OverCap] = field(default_factory=list)


def batch_preview(*, actor: Actor, batch: BenefitBatch) -> Preview:
    """The confirmation page's figures (no lock: the confirmation checks again under lock)."""
    access.require(actor, P.VIEW_BATCH, batch)
    recipients = batch_recipients(batch)
    ids = [r.person_id for r in recipients]
    over: list[OverCap] = []
    cap = 0
    if batch.is_festival and ids:
        cap = holiday_cap_fen(school=batch.school, on=batch.distribute_on)
        totals = holiday_benefit_total_fen(person_ids=ids, year=batch.distribute_on.year)
        over_ids = [pid for pid in ids if totals.get(pid, 0) + batch.unit_cost_fen > cap]
        people = Person.objects.in_bulk(over_ids)
        over = [
            OverCap(people[pid], totals.get(pid, 0), totals.get(pid, 0) + batch.unit_cost_fen)
            for pid in over_ids
        ]
    from ..services.common import branch_paths

    branches = branch_paths(r.node_path for r in recipients) if recipients else {}
    names = dict(OrgNode.objects.filter(pk__in=set(branches.values())).values_list("pk", "name"))
    counts: dict[int, int] = {}
    for r in recipients:
        counts[branches[r.node_path]] = counts.get(branches[r.node_path], 0) + 1
    paths = dict(OrgNode.objects.filter(pk__in=counts).values_list("pk", "path"))
    by_branch = [(names[pk], counts[pk]) for pk in sorted(counts, key=lambda pk: paths[pk])]
    return Preview(
        recipients=len(recipients),
        cost_fen=len(recipients) * batch.unit_cost_fen,
        cap_fen=cap,
        by_branch=by_branch,
        over=over,
    )
