"""Proposals over HTTP: the same services and queries as the pages, one error shape."""

import base64
import binascii

from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from tongxin.congress.models import CongressTerm
from tongxin.core.errors import NotFound, ValidationFailed
from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Id, Pagination
from tongxin.members.models import Person
from tongxin.orgs.models import SchoolDepartment

from . import queries, services
from .errors import ProposalErrorCode
from .models import Proposal
from .schemas import (
    AcceptIn,
    AssignIn,
    CollectionIn,
    CollectionOut,
    ConvertIn,
    DisputeDecisionIn,
    MergeIn,
    OutstandingIn,
    ProposalDetailOut,
    ProposalIn,
    ProposalOut,
    ProposalReasonIn,
    RateIn,
    ReplyIn,
    ReportOut,
    SendIn,
)

router = Router(tags=["proposals"])


def _detail(request: ActorRequest, pk: int) -> dict:
    detail = queries.proposal_detail(actor=request.actor, pk=pk)
    proposal = detail.proposal
    return {
        **{
            name: getattr(proposal, name)
            for name in (
                "id",
                "collection_id",
                "number",
                "title",
                "reasons",
                "measures",
                "category",
                "status",
                "proposer_id",
                "submitted_at",
                "reviewed_on",
                "review_note",
                "merged_into_id",
                "voice_item_id",
                "dispute_reason",
                "dispute_decision",
                "dispute_note",
                "round",
                "assigned_on",
                "due_on",
                "rating",
                "is_outstanding",
            )
        },
        "status_label": str(proposal.get_status_display()),
        "proposer_name": proposal.proposer.name,
        "co_signers": [
            {"person_id": row.person_id, "name": row.person.name} for row in detail.co_signatures
        ],
        "co_proposers": [
            {"person_id": row.person_id, "name": row.person.name} for row in detail.co_proposers
        ],
        "departments": [
            {"department_id": row.department_id, "name": row.department.name, "role": row.role}
            for row in detail.departments
        ],
        "replies": [
            {
                "round": reply.round,
                "department_id": reply.department_id,
                "department_name": reply.department.name,
                "text": reply.text,
                "replied_on": reply.replied_on,
                "due_on": reply.due_on,
                "is_late": reply.is_late,
                "attachments": list(reply.attachments.all()),
                "ratings": list(reply.ratings.all()),
            }
            for reply in detail.replies
        ],
    }


def _proposal(request: ActorRequest, pk: int) -> Proposal:
    return queries.proposal_get(actor=request.actor, pk=pk)


def _departments(proposal: Proposal, ids: list[int], field: str) -> list[SchoolDepartment]:
    found = {
        dept.pk: dept
        for dept in SchoolDepartment.objects.filter(
            pk__in=ids, school_id=proposal.collection.school_id
        )
    }
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationFailed(
            _("Choose a department of the school that is in use: %(name)s") % {"name": missing[0]},
            code=ProposalErrorCode.DEPARTMENT_INVALID,
            field=field,
        )
    return [found[pk] for pk in ids]


@router.get("/collections", response=list[CollectionOut], operation_id="proposal_collection_list")
def collection_list(request: ActorRequest):  # type: ignore[no-untyped-def]
    return list(queries.collection_list(actor=request.actor)[:100])


@router.post(
    "/collections", response={201: CollectionOut}, operation_id="proposal_collection_create"
)
def collection_create(request: ActorRequest, payload: CollectionIn):  # type: ignore[no-untyped-def]
    term = CongressTerm.objects.select_related("school").filter(pk=payload.term_id).first()
    if term is None:
        raise NotFound()
    collection = services.proposal_collection_create(
        actor=request.actor,
        term=term,
        session_number=payload.session_number,
        title=payload.title,
        opens_at=payload.opens_at,
        closes_at=payload.closes_at,
        min_co_signers=payload.min_co_signers,
        reply_days=payload.reply_days,
    )
    return Status(201, collection)


@router.get(
    "/collections/{pk}/report", response=ReportOut, operation_id="proposal_collection_report"
)
def collection_report(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    collection = queries.collection_get(actor=request.actor, pk=pk)
    report = queries.proposal_report(actor=request.actor, collection=collection)
    return {
        "collection_id": collection.pk,
        "total": report.total,
        "by_outcome": dict(report.by_outcome),
        "by_category": report.by_category,
        "by_department": report.by_department,
        "replied": report.replied,
        "on_time": report.on_time,
        "on_time_pct": report.on_time_pct,
        "ratings": dict(report.ratings),
        "satisfied_pct": report.satisfied_pct,
        "outstanding_ids": [row.pk for row in report.outstanding],
    }


@router.get("/tracker", response=list[ProposalOut], operation_id="proposal_tracker")
@paginate(Pagination)
def proposal_tracker(  # type: ignore[no-untyped-def]
    request: ActorRequest,
    collection_id: Id | None = None,
    status: str = "",
    category: str = "",
    department_id: Id | None = None,
):
    filters = queries.ProposalFilters(
        collection_id=collection_id, status=status, category=category, department_id=department_id
    )
    return queries.proposal_tracker(actor=request.actor, filters=filters)


@router.get("/mine", response=list[ProposalOut], operation_id="proposal_mine")
@paginate(Pagination)
def proposal_mine(request: ActorRequest):  # type: ignore[no-untyped-def]
    return queries.proposal_mine(actor=request.actor)


@router.get("/review", response=list[ProposalOut], operation_id="proposal_review_list")
@paginate(Pagination)
def proposal_review_list(  # type: ignore[no-untyped-def]
    request: ActorRequest, status: str = "", overdue: bool = False
):
    filters = queries.ProposalFilters(status=status, overdue=overdue)
    return queries.proposal_review_list(actor=request.actor, filters=filters)


@router.get("/department", response=list[ProposalOut], operation_id="proposal_department_queue")
@paginate(Pagination)
def proposal_department_queue(request: ActorRequest):  # type: ignore[no-untyped-def]
    return queries.proposal_department_queue(actor=request.actor)


@router.get("/{pk}", response=ProposalDetailOut, operation_id="proposal_get")
def proposal_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return _detail(request, pk)


@router.post("", response={201: ProposalDetailOut}, operation_id="proposal_draft")
def proposal_draft(request: ActorRequest, payload: ProposalIn):  # type: ignore[no-untyped-def]
    collection = queries.collection_get(actor=request.actor, pk=payload.collection_id)
    proposal = services.proposal_draft(
        actor=request.actor,
        collection=collection,
        title=payload.title,
        reasons=payload.reasons,
        measures=payload.measures,
        category=payload.category,
    )
    return Status(201, _detail(request, proposal.pk))


@router.post("/{pk}/send", response=ProposalDetailOut, operation_id="proposal_send")
def proposal_send(request: ActorRequest, pk: Id, payload: SendIn):  # type: ignore[no-untyped-def]
    proposal = _proposal(request, pk)
    invitees = list(Person.objects.filter(pk__in=payload.invitee_ids))
    if len(invitees) != len(set(payload.invitee_ids)):
        raise ValidationFailed(_("Unknown representative."), field="invitee_ids")
    services.proposal_send_for_co_signing(actor=request.actor, proposal=proposal, invitees=invitees)
    return _detail(request, pk)


@router.post("/{pk}/co-sign", response=ProposalDetailOut, operation_id="proposal_co_sign")
def proposal_co_sign(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    services.proposal_co_sign(actor=request.actor, proposal=_proposal(request, pk))
    return _detail(request, pk)


@router.post("/{pk}/withdraw", response=ProposalDetailOut, operation_id="proposal_withdraw")
def proposal_withdraw(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    services.proposal_withdraw(actor=request.actor, proposal=_proposal(request, pk))
    return _detail(request, pk)


@router.post("/{pk}/send-as-suggestion", response=ProposalDetailOut, operation_id="proposal_late")
def proposal_late(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    services.proposal_send_as_suggestion(actor=request.actor, proposal=_proposal(request, pk))
    return _detail(request, pk)


@router.post("/{pk}/accept", response=ProposalDetailOut, operation_id="proposal_accept")
def proposal_accept(request: ActorRequest, pk: Id, payload: AcceptIn):  # type: ignore[no-untyped-def]
    proposal = _proposal(request, pk)
    lead = (
        _departments(proposal, [payload.lead_department_id], "lead_department_id")[0]
        if payload.lead_department_id
        else None
    )
    services.proposal_accept(
        actor=request.actor,
        proposal=proposal,
        note=payload.note,
        lead_department=lead,
        co_departments=_departments(proposal, payload.co_department_ids, "co_department_ids"),
        due_on=payload.due_on,
    )
    return _detail(request, pk)


@router.post("/{pk}/assign", response=ProposalDetailOut, operation_id="proposal_assign")
def proposal_assign(request: ActorRequest, pk: Id, payload: AssignIn):  # type: ignore[no-untyped-def]
    proposal = _proposal(request, pk)
    services.proposal_assign(
        actor=request.actor,
        proposal=proposal,
        lead_department=_departments(proposal, [payload.lead_department_id], "lead_department_id")[
            0
        ],
        co_departments=_departments(proposal, payload.co_department_ids, "co_department_ids"),
        due_on=payload.due_on,
    )
    return _detail(request, pk)


@router.post("/{pk}/merge", response=ProposalDetailOut, operation_id="proposal_merge")
def proposal_merge(request: ActorRequest, pk: Id, payload: MergeIn):  # type: ignore[no-untyped-def]
    services.proposal_merge(
        actor=request.actor,
        proposal=_proposal(request, pk),
        into=_proposal(request, payload.into_id),
        note=payload.note,
    )
    return _detail(request, pk)


@router.post("/{pk}/convert", response=ProposalDetailOut, operation_id="proposal_convert")
def proposal_convert(request: ActorRequest, pk: Id, payload: ConvertIn):  # type: ignore[no-untyped-def]
    proposal = _proposal(request, pk)
    services.proposal_convert(
        actor=request.actor,
        proposal=proposal,
        department=_departments(proposal, [payload.department_id], "department_id")[0],
        note=payload.note,
    )
    return _detail(request, pk)


@router.post("/{pk}/reject", response=ProposalDetailOut, operation_id="proposal_reject")
def proposal_reject(request: ActorRequest, pk: Id, payload: ProposalReasonIn):  # type: ignore[no-untyped-def]
    services.proposal_reject(
        actor=request.actor, proposal=_proposal(request, pk), reason=payload.reason
    )
    return _detail(request, pk)


@router.post("/{pk}/dispute", response=ProposalDetailOut, operation_id="proposal_dispute")
def proposal_dispute(request: ActorRequest, pk: Id, payload: ProposalReasonIn):  # type: ignore[no-untyped-def]
    services.proposal_dispute(
        actor=request.actor, proposal=_proposal(request, pk), reason=payload.reason
    )
    return _detail(request, pk)


@router.post(
    "/{pk}/dispute-decision",
    response=ProposalDetailOut,
    operation_id="proposal_dispute_decide",
)
def proposal_dispute_decide(request: ActorRequest, pk: Id, payload: DisputeDecisionIn):  # type: ignore[no-untyped-def]
    services.proposal_dispute_decide(
        actor=request.actor,
        proposal=_proposal(request, pk),
        decision=payload.decision,
        note=payload.note,
    )
    return _detail(request, pk)


@router.post("/{pk}/outstanding", response=ProposalDetailOut, operation_id="proposal_outstanding")
def proposal_outstanding(request: ActorRequest, pk: Id, payload: OutstandingIn):  # type: ignore[no-untyped-def]
    services.proposal_mark_outstanding(
        actor=request.actor,
        proposal=_proposal(request, pk),
        is_outstanding=payload.is_outstanding,
        note=payload.note,
    )
    return _detail(request, pk)


@router.post("/{pk}/reply", response=ProposalDetailOut, operation_id="proposal_reply")
def proposal_reply(request: ActorRequest, pk: Id, payload: ReplyIn):  # type: ignore[no-untyped-def]
    uploads = []
    for attachment in payload.attachments:
        try:
            data = base64.b64decode(attachment.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationFailed(
                _("The file is not valid base64 (%(name)s).") % {"name": attachment.filename},
                code=ProposalErrorCode.BAD_ATTACHMENT,
                field="attachments",
            ) from None
        uploads.append(services.Upload(filename=attachment.filename, data=data))
    services.proposal_reply(
        actor=request.actor, proposal=_proposal(request, pk), text=payload.text, attachments=uploads
    )
    return _detail(request, pk)


@router.post("/{pk}/rate", response=ProposalDetailOut, operation_id="proposal_rate")
def proposal_rate(request: ActorRequest, pk: Id, payload: RateIn):  # type: ignore[no-untyped-def]
    services.proposal_rate(
        actor=request.actor,
        proposal=_proposal(request, pk),
        rating=payload.rating,
        comment=payload.comment,
    )
    return _detail(request, pk)
