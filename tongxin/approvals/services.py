"""Opening, deciding and withdrawing approval requests.

These are building blocks: a domain service (``membership_application_decide``,
``care_visit_decide``) calls them inside its own transaction and acts on the status it gets
back, so the whole chain (decision → payment → participation) reads top to bottom in the
domain service and commits or rolls back as one.
"""

from collections.abc import Sequence

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, Forbidden, NotFound
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from . import events
from .choices import ApprovalStatus, DecisionOutcome
from .errors import ApprovalsErrorCode
from .models import ApprovalDecision, ApprovalFlow, ApprovalRequest, ApprovalStep


def flow_ensure(*, code: str, name: str, steps: Sequence[tuple[str, str]]) -> ApprovalFlow:
    """Create or update the flow ``code`` with ``steps`` as ``(name, permission)`` pairs.

    Used by data migrations and set-up commands; requests already open keep their step count.
    """
    for _step_name, permission in steps:
        if not access.is_known(permission):
            raise LookupError(f"approval step names unknown permission {permission!r}")
    with transaction.atomic():
        flow, _created = ApprovalFlow.objects.update_or_create(code=code, defaults={"name": name})
        flow.steps.exclude(position__lte=len(steps)).delete()
        for position, (step_name, permission) in enumerate(steps, start=1):
            ApprovalStep.objects.update_or_create(
                flow=flow,
                position=position,
                defaults={"name": step_name, "permission": permission},
            )
    return flow


def approval_open(
    *,
    actor: Actor,
    flow_code: str,
    subject: models.Model,
    node: OrgNode,
    title: str,
    person_id: int | None = None,
) -> ApprovalRequest:
    """Open a request for ``subject`` at ``node``, inside the caller's transaction.

    The caller has checked that the actor may submit the subject. Refuses a second pending
    request for the same subject in the same flow.
    """
    try:
        flow = ApprovalFlow.objects.get(code=flow_code)
    except ApprovalFlow.DoesNotExist:
        raise DomainError(
            _("The approval flow %(code)s is not configured.") % {"code": flow_code},
            code=ApprovalsErrorCode.UNKNOWN_FLOW,
        ) from None
    step_count = flow.steps.count()
    if step_count == 0:
        raise DomainError(
            _("The approval flow %(code)s has no steps.") % {"code": flow_code},
            code=ApprovalsErrorCode.UNKNOWN_FLOW,
        )
    request = ApprovalRequest(
        flow=flow,
        node=node,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        title=title[:200],
        step_count=step_count,
        requested_by_id=actor.user_id,
        requested_for_person_id=person_id,
    )
    with transaction.atomic(savepoint=False):
        try:
            with transaction.atomic():
                request.save(force_insert=True)
        except IntegrityError:
            raise DomainError(
                _("This record already has a pending approval request."),
                code=ApprovalsErrorCode.ALREADY_OPEN,
            ) from None
        audit.record(
            actor=actor,
            event=events.REQUEST_OPENED,
            target=request,
            changes={"flow": flow_code, "subject": f"{request.subject_type}:{request.subject_id}"},
            node_path=node.path,
        )
    return request


def current_step(request: ApprovalRequest) -> ApprovalStep:
    return ApprovalStep.objects.get(flow_id=request.flow_id, position=request.current_position)


def approval_decide(
    *,
    actor: Actor,
    request: ApprovalRequest,
    outcome: str,
    comment: str = "",
    expected_position: int | None = None,
) -> ApprovalRequest:
    """Record ``actor``'s decision on the request's current step, in the caller's transaction.

    The actor needs the step's permission on the request's node. Approving the last step
    approves the request; rejecting any step rejects it (a rejection needs a comment). The
    request row is locked, so two simultaneous decisions cannot both pass the same step; with
    ``expected_position`` a decision made on a stale page is refused instead of landing on
    the next step.
    """
    if outcome not in DecisionOutcome.values:
        raise DomainError(_("Choose approve or reject."), field="outcome")
    with transaction.atomic(savepoint=False):
        request = (
            ApprovalRequest.objects.select_for_update().select_related("node").get(pk=request.pk)
        )
        step = current_step(request)
        if not access.can_at(actor, step.permission, request.node.path):
            if access.sees(actor, request):
                raise Forbidden(_("You may not decide this step."))
            raise NotFound()
        if request.status != ApprovalStatus.PENDING:
            raise DomainError(
                _("This request has already been decided."), code=ApprovalsErrorCode.NOT_PENDING
            )
        if expected_position is not None and expected_position != request.current_position:
            raise DomainError(
                _("Someone else has decided this step in the meantime; reload the page."),
                code=ApprovalsErrorCode.STEP_CHANGED,
            )
        comment = comment.strip()
        if outcome == DecisionOutcome.REJECT and not comment:
            raise DomainError(
                _("Give a reason for the rejection."),
                code=ApprovalsErrorCode.COMMENT_REQUIRED,
                field="comment",
            )
        grant = next(
            (
                g
                for g in actor.grants
                if access.role_has(g.role, step.permission)
                and request.node.path.startswith(g.node_path)
            ),
            None,
        )
        try:
            with transaction.atomic():
                ApprovalDecision.objects.create(
                    request=request,
                    position=step.position,
                    step_name=step.name,
                    outcome=outcome,
                    decided_by_id=actor.user_id,
                    decider_label=actor.label[:120],
                    decider_role=grant.role if grant else "",
                    decider_node_id=grant.node_id if grant else None,
                    comment=comment,
                )
        except IntegrityError:
            raise DomainError(
                _("This step has already been decided."), code=ApprovalsErrorCode.NOT_PENDING
            ) from None
        before = (request.status, request.current_position)
        if outcome == DecisionOutcome.REJECT:
            request.status = ApprovalStatus.REJECTED
            request.closed_at = timezone.now()
        elif request.current_position >= request.step_count:
            request.status = ApprovalStatus.APPROVED
            request.closed_at = timezone.now()
        else:
            request.current_position += 1
        request.save(update_fields=["status", "current_position", "closed_at", "updated_at"])
        audit.record(
            actor=actor,
            event=events.REQUEST_DECIDED,
            target=request,
            changes={
                "step": step.position,
                "outcome": outcome,
                "status": [before[0], request.status],
                "current_position": [before[1], request.current_position],
            },
            node_path=request.node.path,
        )
    return request


def approval_withdraw(*, actor: Actor, request: ApprovalRequest) -> ApprovalRequest:
    """Withdraw a pending request, in the caller's transaction.

    The caller has checked that ``actor`` may withdraw the subject (usually its submitter).
    """
    with transaction.atomic(savepoint=False):
        request = (
            ApprovalRequest.objects.select_for_update().select_related("node").get(pk=request.pk)
        )
        if request.status != ApprovalStatus.PENDING:
            raise DomainError(
                _("Only a pending request can be withdrawn."), code=ApprovalsErrorCode.NOT_PENDING
            )
        request.status = ApprovalStatus.WITHDRAWN
        request.closed_at = timezone.now()
        request.save(update_fields=["status", "closed_at", "updated_at"])
        audit.record(
            actor=actor,
            event=events.REQUEST_WITHDRAWN,
            target=request,
            changes={"status": [ApprovalStatus.PENDING, ApprovalStatus.WITHDRAWN]},
            node_path=request.node.path,
        )
    return request
