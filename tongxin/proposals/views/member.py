"""The representative's pages (mobile first): my proposals, drafting, co-signing, rating,
disputing a rejection, and the public tracker every staff member of the school sees."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.congress import queries as congress_queries
from tongxin.congress.choices import RepresentativeKind
from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import message_domain_error, paginate
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs import queries_departments as department_queries

from .. import queries, services
from ..choices import DepartmentRole, ProposalStatus
from ..forms import CoSignInviteForm, FilterForm, ProposalForm, RateForm, ReasonForm
from ..permissions import ProposalPermission
from .common import detail_url, posted, run_form

P = ProposalPermission
S = ProposalStatus


@login_required
def proposal_mine(request: ActorRequest) -> HttpResponse:
    """My proposals (proposed, co-proposed, co-signed) and the open collection, if any."""
    actor = request.actor
    collection = queries.collection_open(actor=actor)
    seat = (
        congress_queries.representative_current(person_id=actor.person_id, term=collection.term)
        if collection is not None and actor.person_id is not None
        else None
    )
    page = paginate(request, queries.proposal_mine(actor=actor))
    return render(
        request,
        "proposals/proposal_mine.html",
        {
            "page_obj": page,
            "collection": collection,
            "is_representative": seat is not None and seat.kind == RepresentativeKind.FORMAL,
        },
    )


@login_required
def proposal_draft(request: ActorRequest) -> HttpResponse:
    """Draft a proposal in the open collection (formal representatives)."""
    actor = request.actor
    collection = queries.collection_open(actor=actor)
    if collection is None:
        messages.error(request, _("No proposal collection is open now."))
        return redirect("proposals:proposal-mine")
    return run_form(
        request,
        None,
        ProposalForm(request.POST or None),
        _("A new proposal"),
        lambda data: services.proposal_draft(actor=actor, collection=collection, **data),
        _("Saved as a draft. Send it for co-signing when it is ready."),
        back_url=reverse("proposals:proposal-mine"),
        next_url=lambda proposal: detail_url(proposal),  # type: ignore[arg-type]
        submit_label=_("Save the draft"),
    )


@login_required
def proposal_edit(request: ActorRequest, pk: int) -> HttpResponse:
    proposal = queries.proposal_get(actor=request.actor, pk=pk)
    initial = {
        "title": proposal.title,
        "category": proposal.category,
        "reasons": proposal.reasons,
        "measures": proposal.measures,
    }
    return run_form(
        request,
        proposal,
        ProposalForm(request.POST or None, initial=initial),
        _("Edit the draft"),
        lambda data: services.proposal_update(actor=request.actor, proposal=proposal, **data),
        _("Saved."),
    )


@login_required
def proposal_detail(request: ActorRequest, pk: int) -> HttpResponse:
    """One proposal with its co-signers, review, departments, replies and ratings, and the
    actions the actor may take (a fixed number of queries)."""
    actor = request.actor
    detail = queries.proposal_detail(actor=actor, pk=pk)
    proposal = detail.proposal
    person_id = actor.person_id
    signed = {row.person_id for row in detail.co_signatures}
    raters = {proposal.proposer_id, *signed, *(row.person_id for row in detail.co_proposers)}
    current_reply = next((r for r in detail.replies if r.round == proposal.round), None)
    rated = current_reply is not None and any(
        row.person_id == person_id for row in current_reply.ratings.all()
    )
    handled = {d.pk for d in department_queries.departments_handled(actor=actor)}
    lead = detail.lead
    mine = person_id is not None and person_id == proposal.proposer_id
    context = {
        "detail": detail,
        "proposal": proposal,
        "is_proposer": mine,
        "can_co_sign": proposal.status == S.CO_SIGNING
        and person_id is not None
        and not mine
        and person_id not in signed,
        "can_rate": proposal.status == S.REPLIED and person_id in raters and not rated,
        "is_committee": access.can(actor, P.REVIEW, proposal),
        "can_decide_dispute": proposal.status == S.DISPUTED
        and access.can(actor, P.DECIDE_DISPUTE, proposal),
        "can_reply": proposal.status == S.ASSIGNED
        and lead is not None
        and lead.department_id in handled,
        "is_overdue": proposal.status == S.ASSIGNED
        and proposal.due_on is not None
        and proposal.due_on < timezone.localdate(),
        "is_closed_collection": timezone.now() >= proposal.collection.closes_at,
        "lead_role": DepartmentRole.LEAD,
    }
    return render(request, "proposals/proposal_detail.html", context)


@login_required
def proposal_send(request: ActorRequest, pk: int) -> HttpResponse:
    """Send the draft for co-signing, asking chosen formal representatives to co-sign."""
    actor = request.actor
    proposal = queries.proposal_get(actor=actor, pk=pk)
    seated = congress_queries.representatives_seated(term=proposal.collection.term).exclude(
        person_id=proposal.proposer_id
    )
    people = [(row.person_id, row.person.name) for row in seated.order_by("person__name")]
    form = CoSignInviteForm(posted(request), people=people)

    def _run(data: dict[str, list[int]]) -> object:
        invitees = list(Person.objects.filter(pk__in=data["invitees"]))
        return services.proposal_send_for_co_signing(
            actor=actor, proposal=proposal, invitees=invitees
        )

    return run_form(
        request,
        proposal,
        form,
        _("Send for co-signing"),
        _run,
        _("Sent. It is submitted as soon as enough representatives co-sign it."),
        submit_label=_("Send"),
    )


def _post(request: ActorRequest, pk: int, run, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    proposal = queries.proposal_get(actor=request.actor, pk=pk)
    try:
        run(proposal)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, done)
    return redirect(detail_url(proposal))


@login_required
@require_POST
def proposal_co_sign(request: ActorRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        lambda proposal: services.proposal_co_sign(actor=request.actor, proposal=proposal),
        _("Thank you: you have co-signed this proposal."),
    )


@login_required
@require_POST
def proposal_withdraw(request: ActorRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        lambda proposal: services.proposal_withdraw(actor=request.actor, proposal=proposal),
        _("The proposal has been withdrawn."),
    )


@login_required
@require_POST
def proposal_late(request: ActorRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        lambda proposal: services.proposal_send_as_suggestion(
            actor=request.actor, proposal=proposal
        ),
        _("Sent to the union as a suggestion."),
    )


@login_required
def proposal_dispute(request: ActorRequest, pk: int) -> HttpResponse:
    proposal = queries.proposal_get(actor=request.actor, pk=pk)
    return run_form(
        request,
        proposal,
        ReasonForm(request.POST or None),
        _("Dispute the rejection"),
        lambda data: services.proposal_dispute(
            actor=request.actor, proposal=proposal, reason=data["reason"]
        ),
        _("Your dispute goes to the presidium."),
    )


@login_required
def proposal_rate(request: ActorRequest, pk: int) -> HttpResponse:
    proposal = queries.proposal_get(actor=request.actor, pk=pk)
    return run_form(
        request,
        proposal,
        RateForm(request.POST or None),
        _("Rate the reply"),
        lambda data: services.proposal_rate(actor=request.actor, proposal=proposal, **data),
        _("Thank you for rating the reply."),
        submit_label=_("Send"),
    )


@login_required
def proposal_tracker(request: ActorRequest) -> HttpResponse:
    """Every proposal of the school and where it stands, by department and category."""
    actor = request.actor
    departments = queries.tracker_departments(actor=actor)
    form = FilterForm(request.GET or None, departments=departments)
    data = form.cleaned_data if form.is_valid() else {}
    filters = queries.ProposalFilters(
        status=data.get("status", ""),
        category=data.get("category", ""),
        department_id=data.get("department"),
        q=data.get("q", ""),
    )
    page = paginate(request, queries.proposal_tracker(actor=actor, filters=filters))
    return render(request, "proposals/proposal_tracker.html", {"page_obj": page, "form": form})
