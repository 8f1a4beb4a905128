"""The proposal committee's, the secretariat's and the departments' pages: the review list,
the review and assignment actions, the presidium's decision, a department's queue and reply,
overdue replies, collections."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import message_domain_error, paginate
from tongxin.orgs import access
from tongxin.orgs import queries_departments as department_queries
from tongxin.orgs.models import SchoolDepartment

from .. import queries, services
from ..choices import ProposalStatus
from ..forms import (
    AssignForm,
    CollectionForm,
    ConvertForm,
    DisputeDecisionForm,
    FilterForm,
    MergeForm,
    OutstandingForm,
    ReasonForm,
    ReplyForm,
)
from ..models import Proposal
from ..permissions import ProposalPermission
from ..services.common import Upload
from .common import detail_url, posted, run_form

P = ProposalPermission
S = ProposalStatus


def _departments(request: ActorRequest) -> list[SchoolDepartment]:
    return department_queries.department_choices(actor=request.actor, permission=P.REVIEW)


def _pick(departments: list[SchoolDepartment], pk: int | None) -> SchoolDepartment | None:
    return next((dept for dept in departments if dept.pk == pk), None)


@login_required
def proposal_review_list(request: ActorRequest) -> HttpResponse:
    """Every proposal of the school but drafts, with filters (committee, secretariat, office)."""
    actor = request.actor
    if not access.holds_somewhere(actor, P.VIEW):
        raise PermissionDenied
    form = FilterForm(request.GET or None, departments=queries.tracker_departments(actor=actor))
    data = form.cleaned_data if form.is_valid() else {}
    filters = queries.ProposalFilters(
        status=data.get("status", ""),
        category=data.get("category", ""),
        department_id=data.get("department"),
        overdue=request.GET.get("overdue") == "1",
        q=data.get("q", ""),
    )
    page = paginate(request, queries.proposal_review_list(actor=actor, filters=filters))
    return render(
        request,
        "proposals/proposal_review_list.html",
        {"page_obj": page, "form": form, "today": timezone.localdate()},
    )


@login_required
def proposal_accept(request: ActorRequest, pk: int) -> HttpResponse:
    proposal = queries.proposal_get(actor=request.actor, pk=pk)
    departments = _departments(request)
    form = AssignForm(posted(request), departments=departments)
    form.fields["lead_department"].required = False
    return run_form(
        request,
        proposal,
        form,
        _("Accept the proposal"),
        lambda data: services.proposal_accept(
            actor=request.actor,
            proposal=proposal,
            note=data["note"],
            lead_department=_pick(departments, data["lead_department"]),
            co_departments=[d for d in departments if d.pk in data["co_departments"]],
            due_on=data["due_on"],
        ),
        _("The proposal has been accepted."),
        submit_label=pgettext("proposal review", "Accept"),
    )


@login_required
def proposal_assign(request: ActorRequest, pk: int) -> HttpResponse:
    proposal = queries.proposal_get(actor=request.actor, pk=pk)
    departments = _departments(request)
    form = AssignForm(request.POST or None, departments=departments)

    def _run(data: dict) -> object:
        lead = _pick(departments, data["lead_department"])
        if lead is None:
            raise DomainError(_("Choose the lead department."), field="lead_department")
        return services.proposal_assign(
            actor=request.actor,
            proposal=proposal,
            lead_department=lead,
            co_departments=[d for d in departments if d.pk in data["co_departments"]],
            due_on=data["due_on"],
        )

    return run_form(request, proposal, form, _("Assign to departments"), _run, _("Assigned."))


@login_required
def proposal_merge(request: ActorRequest, pk: int) -> HttpResponse:
    proposal = queries.proposal_get(actor=request.actor, pk=pk)
    targets = [
        (row.pk, f"{row.number or ''} {row.title}")
        for row in Proposal.objects.filter(
            collection_id=proposal.collection_id,
            status__in=[S.SUBMITTED, S.ACCEPTED, S.ASSIGNED, S.REPLIED],
        )
        .exclude(pk=proposal.pk)
        .order_by("number")
    ]
    form = MergeForm(request.POST or None, targets=targets)

    def _run(data: dict) -> object:
        into = queries.proposal_get(actor=request.actor, pk=data["into"])
        return services.proposal_merge(
            actor=request.actor, proposal=proposal, into=into, note=data["note"]
        )

    return run_form(request, proposal, form, _("Merge into another proposal"), _run, _("Merged."))


@login_required
def proposal_convert(request: ActorRequest, pk: int) -> HttpResponse:
    proposal = queries.proposal_get(actor=request.actor, pk=pk)
    departments = _departments(request)

    def _run(data: dict) -> object:
        department = _pick(departments, data["department"])
        if department is None:
            raise DomainError(_("Choose a department."), field="department")
        return services.proposal_convert(
            actor=request.actor, proposal=proposal, department=department, note=data["note"]
        )

    return run_form(
        request,
        proposal,
        ConvertForm(request.POST or None, departments=departments),
        _("Forward as a suggestion"),
        _run,
        _("Forwarded to the department as a suggestion."),
    )


@login_required
def proposal_reject(request: ActorRequest, pk: int) -> HttpResponse:
    proposal = queries.proposal_get(actor=request.actor, pk=pk)
    return run_form(
        request,
        proposal,
        ReasonForm(request.POST or None),
        pgettext("proposal review", "Do not accept"),
        lambda data: services.proposal_reject(
            actor=request.actor, proposal=proposal, reason=data["reason"]
        ),
        _("The proposal was not accepted; the proposer sees the reason."),
    )


@login_required
def proposal_decide_dispute(request: ActorRequest, pk: int) -> HttpResponse:
    proposal = queries.proposal_get(actor=request.actor, pk=pk)
    return run_form(
        request,
        proposal,
        DisputeDecisionForm(request.POST or None),
        _("The presidium's decision"),
        lambda data: services.proposal_dispute_decide(
            actor=request.actor, proposal=proposal, **data
        ),
        _("The decision has been recorded."),
    )


@login_required
def proposal_outstanding(request: ActorRequest, pk: int) -> HttpResponse:
    proposal = queries.proposal_get(actor=request.actor, pk=pk)
    initial = {"is_outstanding": proposal.is_outstanding, "note": proposal.outstanding_note}
    return run_form(
        request,
        proposal,
        OutstandingForm(posted(request), initial=initial),
        _("Outstanding proposal"),
        lambda data: services.proposal_mark_outstanding(
            actor=request.actor, proposal=proposal, **data
        ),
        _("Saved."),
    )


@login_required
@require_POST
def proposal_close(request: ActorRequest, pk: int) -> HttpResponse:
    proposal = queries.proposal_get(actor=request.actor, pk=pk)
    try:
        services.proposal_close(actor=request.actor, proposal=proposal)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The proposal is closed."))
    return redirect(detail_url(proposal))


@login_required
def proposal_reply(request: ActorRequest, pk: int) -> HttpResponse:
    """The lead department's written reply, with documents."""
    proposal = queries.proposal_get(actor=request.actor, pk=pk)
    form = ReplyForm(request.POST or None, request.FILES or None)

    def _run(data: dict) -> object:
        uploads = [Upload(filename=f.name, data=f.read()) for f in data["attachments"]]
        return services.proposal_reply(
            actor=request.actor, proposal=proposal, text=data["text"], attachments=uploads
        )

    return run_form(
        request,
        proposal,
        form,
        _("Reply to the proposal"),
        _run,
        _("The reply has been sent to the proposers."),
        submit_label=_("Send the reply"),
    )


@login_required
def reply_attachment(request: ActorRequest, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = queries.reply_attachment_get(actor=request.actor, proposal_pk=pk, pk=attachment_pk)
    response = HttpResponse(
        base64.b64decode(attachment.content), content_type=attachment.content_type
    )
    response["Content-Disposition"] = f'inline; filename="{attachment.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def department_queue(request: ActorRequest) -> HttpResponse:
    """The proposals assigned to the handler's departments, soonest deadline first."""
    actor = request.actor
    if not access.holds_somewhere(actor, P.VIEW_ASSIGNED):
        raise PermissionDenied
    page = paginate(request, queries.proposal_department_queue(actor=actor))
    return render(
        request,
        "proposals/department_queue.html",
        {
            "page_obj": page,
            "departments": department_queries.departments_handled(actor=actor),
            "today": timezone.localdate(),
        },
    )


@login_required
def department_proposal(request: ActorRequest, pk: int) -> HttpResponse:
    """A department's link to a proposal: the detail page, with the reply form when it leads."""
    return redirect("proposals:proposal-detail", pk=pk)


@login_required
def collection_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if not access.holds_somewhere(actor, P.VIEW):
        raise PermissionDenied
    return render(
        request,
        "proposals/collection_list.html",
        {
            "collections": list(queries.collection_list(actor=actor)),
            "can_manage": access.holds_somewhere(actor, P.MANAGE_COLLECTION),
            "now": timezone.now(),
        },
    )


@login_required
def collection_create(request: ActorRequest) -> HttpResponse:
    from tongxin.congress.models import CongressTerm
    from tongxin.orgs import queries as org_queries

    actor = request.actor
    school = org_queries.school_for(actor=actor, permission=P.MANAGE_COLLECTION)
    if school is None:
        raise PermissionDenied
    term = (
        CongressTerm.objects.filter(school=school)
        .exclude(status="closed")
        .order_by("-number")
        .first()
    )
    if term is None:
        messages.error(request, _("The school has no congress term yet."))
        return redirect("proposals:collection-list")
    form = CollectionForm(
        request.POST or None,
        initial={"min_co_signers": 2, "reply_days": 30, "session_number": 1},
    )
    return run_form(
        request,
        None,
        form,
        _("Open a proposal collection"),
        lambda data: services.proposal_collection_create(actor=actor, term=term, **data),
        _("The collection is set up."),
        back_url=reverse("proposals:collection-list"),
        next_url=lambda _collection: reverse("proposals:collection-list"),
    )


@login_required
def collection_edit(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    collection = queries.collection_get(actor=actor, pk=pk)
    form = CollectionForm(
        request.POST or None,
        initial={
            "session_number": collection.session_number,
            "title": collection.title,
            "opens_at": timezone.localtime(collection.opens_at),
            "closes_at": timezone.localtime(collection.closes_at),
            "min_co_signers": collection.min_co_signers,
            "reply_days": collection.reply_days,
        },
    )
    form.fields["session_number"].disabled = True
    form.fields["title"].disabled = True
    return run_form(
        request,
        None,
        form,
        _("Change the collection"),
        lambda data: services.proposal_collection_update(
            actor=actor,
            collection=collection,
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            min_co_signers=data["min_co_signers"],
            reply_days=data["reply_days"],
        ),
        _("Saved."),
        back_url=reverse("proposals:collection-list"),
        next_url=lambda _collection: reverse("proposals:collection-list"),
    )
