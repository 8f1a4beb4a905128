"""Opening, deciding and withdrawing approval requests.

These are building blocks: a domain service (``membership_application_decide``,
``care_visit_decide``) calls them inside its own transaction and acts on the status it gets
back, so the whole chain (decision → payment → participation) reads top to bottom in the
domain service and commits or rolls back as one.
"""

from collections.abc import Mapping, Sequence

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, Forbidden, NotFound
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from . import conflicts, events, registry
from .choices import ApprovalStatus, ConflictRoute, DecisionOutcome, PartyKind
from .errors import ApprovalsErrorCode
from .models import ApprovalDecision, ApprovalFlow, ApprovalParty, ApprovalRequest, ApprovalStep


def flow_ensure(
    *,
    code: str,
    name: str,
    steps: Sequence[tuple[str, str]],
    conflict_route: str = ConflictRoute.SAME_ROLE_OTHER_HOLDER,
    step_routes: Mapping[int, str] | None = None,
) -> ApprovalFlow:
    """Create or update the flow ``code`` with ``steps`` as ``(name, permission)`` pairs.

    ``conflict_route`` says where a step goes when a holder is conflicted (decision 0011);
    ``step_routes`` overrides it for some step positions. Used by data migrations and set-up
    commands; requests already open keep their step count.
    """
    routes = set(ConflictRoute.values)
    step_routes = dict(step_routes or {})
    for _step_name, permission in steps:
        if not access.is_known(permission):
            raise LookupError(f"approval step names unknown permission {permission!r}")
    if conflict_route not in routes or not set(step_routes.values()) <= routes:
        raise LookupError(f"unknown conflict route in flow {code!r}")
    with transaction.atomic():
        flow, _created = ApprovalFlow.objects.update_or_create(
            code=code, defaults={"name": name, "conflict_route": conflict_route}
        )
        flow.steps.exclude(position__lte=len(steps)).delete()
        for position, (step_name, permission) in enumerate(steps, start=1):
            ApprovalStep.objects.update_or_create(
                flow=flow,
                position=position,
                defaults={
                    "name": step_name,
                    "permission": permission,
                    "conflict_route": step_routes.get(position, ""),
                },
            )
    return flow


def flow_ensure_registered(code: str) -> ApprovalFlow:
    """Create or refresh a flow from its registered definition (``registry.register_flow``)."""
    spec = registry.flow_spec(code)
    return flow_ensure(
        code=spec.code,
        name=spec.name,
        steps=spec.steps,
        conflict_route=spec.conflict_route,
        step_routes=spec.step_routes,
    )


def _party_ids(request: ApprovalRequest) -> list[int]:
    return sorted(set(request.parties.values_list("person_id", flat=True)))


def _set_escalation(request: ApprovalRequest, flow: ApprovalFlow) -> None:
    """Fix, as the current step opens, whether it is decided above a party's level."""
    step = current_step(request)
    request.escalated_above_path = conflicts.escalation_floor(
        request, step, flow, _party_ids(request)
    )


def approval_open(
    *,
    actor: Actor,
    flow_code: str,
    subject: models.Model,
    node: OrgNode,
    title: str,
    person_id: int | None = None,
    person_ids: Sequence[int] = (),
) -> ApprovalRequest:
    """Open a request for ``subject`` at ``node``, inside the caller's transaction.

    The caller has checked that the actor may submit the subject. Refuses a second pending
    request for the same subject in the same flow. The request records its parties: the
    filer (the actor's person) and whom it concerns (``person_id`` and ``person_ids``), so
    none of them, nor their family, decides a step of it (decision 0011).
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
        parties = {(pid, PartyKind.SUBJECT) for pid in (person_id, *person_ids) if pid}
        if actor.person_id is not None:
            parties.add((actor.person_id, PartyKind.FILER))
        ApprovalParty.objects.bulk_create(
            ApprovalParty(request=request, person_id=pid, kind=kind)
            for pid, kind in sorted(parties)
        )
        _set_escalation(request, flow)
        if request.escalated_above_path:
            request.save(update_fields=["escalated_above_path"])
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

    Separation of duties (decision 0011): an actor who filed the request, whom it concerns,
    or whose family it concerns is refused with ``conflict_of_interest``; under the
    ``parent_level`` route a step a party could decide goes to a holder on a node above.
    """
    if outcome not in DecisionOutcome.values:
        raise DomainError(_("Choose approve or reject."), field="outcome")
    with transaction.atomic(savepoint=False):
        # Lock the request only: the flow row is shared by every request of the flow.
        request = (
            ApprovalRequest.objects.select_for_update(of=("self",))
            .select_related("node", "flow")
            .get(pk=request.pk)
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
        conflict = conflicts.request_conflict(actor, request)
        if conflict is not None:
            raise DomainError(conflict.message(), code=ApprovalsErrorCode.CONFLICT_OF_INTEREST)
        floor = request.escalated_above_path
        if not conflicts.above_floor(actor, step.permission, floor):
            raise DomainError(
                conflicts.escalated_message(), code=ApprovalsErrorCode.CONFLICT_OF_INTEREST
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
                and (not floor or (floor.startswith(g.node_path) and floor != g.node_path))
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
            _set_escalation(request, request.flow)
        if request.status != ApprovalStatus.PENDING:
            request.escalated_above_path = ""
        request.save(
            update_fields=[
                "status",
                "current_position",
                "closed_at",
                "escalated_above_path",
                "updated_at",
            ]
        )
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
