"""Approval requests over HTTP: the decider's inbox and one request with its steps.

Decisions are taken through the domain's own endpoint (e.g. a membership application's
``decide``), whose service acts on the outcome.
"""

from ninja import Router
from ninja.pagination import paginate

from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Id, Pagination

from . import queries
from .schemas import ApprovalRequestDetailOut, ApprovalRequestOut

router = Router(tags=["approvals"])


@router.get("/inbox", response=list[ApprovalRequestOut], operation_id="approval_inbox")
@paginate(Pagination)
def approval_inbox(request: ActorRequest):  # type: ignore[no-untyped-def]
    """Pending requests whose current step the caller may decide, oldest first."""
    return queries.approval_inbox(actor=request.actor)


@router.get("/requests/{pk}", response=ApprovalRequestDetailOut, operation_id="approval_get")
def approval_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """A request with its steps (and whether the caller may decide the current one) and the
    decisions taken so far."""
    approval = queries.approval_get(actor=request.actor, pk=pk)
    return {
        **ApprovalRequestOut.from_orm(approval).dict(),
        "steps": queries.step_states(actor=request.actor, request=approval),
        "decisions": queries.decisions_of(approval),
    }
