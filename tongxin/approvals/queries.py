"""Reads of approval requests: a record's request and decisions, and a decider's inbox."""

from django.db.models import Q, QuerySet

from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import subtree_q

from .choices import ApprovalStatus
from .models import ApprovalDecision, ApprovalRequest, ApprovalStep
from .permissions import ApprovalsPermission


def approval_inbox(*, actor: Actor) -> QuerySet[ApprovalRequest]:
    """Pending requests whose *current* step ``actor`` may decide (two queries in all)."""
    qs = ApprovalRequest.objects.filter(status=ApprovalStatus.PENDING).select_related(
        "node", "flow"
    )
    if actor.is_system:
        return qs
    condition = Q(pk__in=[])
    for step in ApprovalStep.objects.only("flow_id", "position", "permission"):
        for root in access.grant_paths(actor, step.permission):
            condition |= Q(flow_id=step.flow_id, current_position=step.position) & subtree_q(
                root, "node__path"
            )
    return qs.filter(condition).order_by("created_at")


def approval_for_subject(
    *, actor: Actor, subject_type: str, subject_id: int | str
) -> ApprovalRequest | None:
    """The latest request about a record, if the actor may see approvals there."""
    return (
        access.scope(ApprovalRequest.objects.all(), actor, ApprovalsPermission.VIEW_REQUEST)
        .filter(subject_type=subject_type, subject_id=str(subject_id))
        .select_related("node", "flow")
        .order_by("-created_at", "-id")
        .first()
    )


def decisions_of(request: ApprovalRequest) -> list[ApprovalDecision]:
    """The decisions on a request, step by step. The caller has checked visibility."""
    return list(request.decisions.order_by("position"))


def steps_of(request: ApprovalRequest) -> list[ApprovalStep]:
    return list(ApprovalStep.objects.filter(flow_id=request.flow_id).order_by("position"))


def can_decide(*, actor: Actor, request: ApprovalRequest, step: ApprovalStep) -> bool:
    return request.is_pending and access.can_at(actor, step.permission, request.node.path)
