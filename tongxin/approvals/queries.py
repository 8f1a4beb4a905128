"""Reads of approval requests: a record's request and decisions, and a decider's inbox."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import subtree_q

from . import conflicts
from .choices import ApprovalStatus
from .models import ApprovalDecision, ApprovalRequest, ApprovalStep
from .permissions import ApprovalsPermission


def approval_inbox(*, actor: Actor) -> QuerySet[ApprovalRequest]:
    """Pending requests whose *current* step ``actor`` may decide (three queries in all).

    Requests the actor filed, or that concern them or their family, are left out, and so is
    a step escalated above the node where the actor holds its permission (decision 0011).
    """
    qs = ApprovalRequest.objects.filter(status=ApprovalStatus.PENDING).select_related(
        "node", "flow"
    )
    if actor.is_system:
        return qs
    condition = Q(pk__in=[])
    for step in ApprovalStep.objects.only("flow_id", "position", "permission"):
        for root in access.grant_paths(actor, step.permission):
            condition |= (
                Q(flow_id=step.flow_id, current_position=step.position)
                & subtree_q(root, "node__path")
                & (
                    Q(escalated_above_path="")
                    | (Q(escalated_above_path__startswith=root) & ~Q(escalated_above_path=root))
                )
            )
    return (
        qs.filter(condition).exclude(conflicts.conflicted_requests_q(actor)).order_by("created_at")
    )


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


def holds_step(*, actor: Actor, request: ApprovalRequest, step: ApprovalStep) -> bool:
    """Whether ``actor``'s roles cover the step, conflicts aside (no query)."""
    return request.is_pending and access.can_at(actor, step.permission, request.node.path)


def decide_blocker(*, actor: Actor, request: ApprovalRequest, step: ApprovalStep) -> str:
    """Why an actor whose roles cover the step may not decide it, or ``""``.

    The page shows it in place of the decision form: "you filed this; someone else decides".
    """
    if not holds_step(actor=actor, request=request, step=step):
        return ""
    conflict = conflicts.request_conflict(actor, request)
    if conflict is not None:
        return conflict.message()
    if not conflicts.above_floor(actor, step.permission, request.escalated_above_path):
        return conflicts.escalated_message()
    return ""


def can_decide(*, actor: Actor, request: ApprovalRequest, step: ApprovalStep) -> bool:
    """Whether ``actor`` may decide ``step`` now: roles, no conflict, the right level."""
    return holds_step(actor=actor, request=request, step=step) and not decide_blocker(
        actor=actor, request=request, step=step
    )


def approval_get(*, actor: Actor, pk: int | str) -> ApprovalRequest:
    """One request the actor may see (their branch's, or one for themselves); NotFound else."""
    return access.get_scoped(
        ApprovalRequest.objects.select_related("node", "flow"),
        actor,
        ApprovalsPermission.VIEW_REQUEST,
        pk=pk,
    )


@dataclass(frozen=True)
class StepState:
    position: int
    name: str
    permission: str
    is_current: bool
    can_decide: bool
    blocked_reason: str = ""


def step_states(*, actor: Actor, request: ApprovalRequest) -> list[StepState]:
    """The request's steps, which one is waiting, and whether ``actor`` may decide it now
    (or why not, when the actor's roles cover it but they are a party)."""
    current = request.current_position if request.is_pending else None
    states = []
    for step in steps_of(request):
        blocked = (
            decide_blocker(actor=actor, request=request, step=step)
            if step.position == current
            else ""
        )
        states.append(
            StepState(
                position=step.position,
                name=step.name,
                permission=step.permission,
                is_current=step.position == current,
                can_decide=step.position == current
                and not blocked
                and holds_step(actor=actor, request=request, step=step),
                blocked_reason=blocked,
            )
        )
    return states
