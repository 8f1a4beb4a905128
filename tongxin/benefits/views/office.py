"""The union office's pages: batches, a batch with its progress per branch, planning a batch,
the confirmation with the people over the cap, closing and cancelling."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.activities import queries as activities_queries
from tongxin.activities.choices import ActivityStatus
from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.money import format_fen
from tongxin.core.web import add_domain_error, message_domain_error, paginate
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries
from tongxin.orgs.models import OrgNode

from .. import queries, services
from ..choices import BatchStatus
from ..forms import BatchForm, ConfirmForm
from ..permissions import BenefitsPermission

P = BenefitsPermission


@login_required
def batch_list(request: ActorRequest) -> HttpResponse:
    """Batches the actor may see; liaisons see the batches on their pickup lists."""
    actor = request.actor
    if not (
        access.holds_somewhere(actor, P.VIEW_BATCH)
        or access.holds_somewhere(actor, P.SIGN_FOR_MEMBER)
    ):
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status not in BatchStatus.values:
        status = ""
    page = paginate(request, queries.batch_list(actor=actor, status=status))
    return render(
        request,
        "benefits/batch_list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": BatchStatus.choices,
            "can_create": access.holds_somewhere(actor, P.MANAGE_BATCH),
        },
    )


def _batch_form(request: ActorRequest, school: OrgNode, initial: dict | None = None) -> BatchForm:
    actor = request.actor
    nodes = orgs_queries.branch_choices(actor=actor, permission=P.MANAGE_BATCH)
    activities = list(
        activities_queries.activity_list_office(actor=actor).filter(
            school=school, status__in=[ActivityStatus.PUBLISHED, ActivityStatus.CLOSED]
        )[:200]
    )
    return BatchForm(
        request.POST or None, nodes=nodes, activities=activities, initial=initial or {}
    )


def _plan(data: dict) -> services.BatchPlan:
    return services.BatchPlan(
        title=data["title"],
        festival=data["festival"] or "",
        activity=data["activity"],
        goods=data["goods"],
        unit_cost_fen=data["unit_cost"],
        supplier=data["supplier"],
        cutoff_on=data["cutoff_on"],
        distribute_on=data["distribute_on"],
        include_retirees=data["include_retirees"],
        audience_node=data["audience_node"],
        note=data["note"],
    )


def _form_error(form: BatchForm, error: DomainError) -> None:
    if error.field == "unit_cost_fen":
        error.field = "unit_cost"
    add_domain_error(form, error)


@login_required
def batch_edit(request: ActorRequest, pk: int) -> HttpResponse:
    """Change a draft before it is confirmed."""
    actor = request.actor
    batch = queries.batch_get(actor=actor, pk=pk)
    access.require(actor, P.MANAGE_BATCH, batch)
    if batch.status != BatchStatus.DRAFT:
        return redirect("benefits:batch-detail", pk=batch.pk)
    initial = {
        "title": batch.title,
        "festival": batch.festival,
        "activity": batch.activity_id,
        "goods": batch.goods,
        "unit_cost": format_fen(batch.unit_cost_fen, grouping=False),
        "supplier": batch.supplier,
        "cutoff_on": batch.cutoff_on,
        "distribute_on": batch.distribute_on,
        "include_retirees": batch.include_retirees,
        "audience_node": batch.audience_node_id,
        "note": batch.note,
    }
    form = _batch_form(request, batch.school, initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.benefit_batch_update(actor=actor, batch=batch, plan=_plan(form.cleaned_data))
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("benefits:batch-detail", pk=batch.pk)
    return render(request, "benefits/batch_form.html", {"form": form, "batch": batch})


@login_required
def batch_create(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    school = orgs_queries.school_for(actor=actor, permission=P.MANAGE_BATCH)
    if school is None:
        raise PermissionDenied
    form = _batch_form(request, school)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.benefit_batch_create(
                actor=actor, school=school, **vars(_plan(form.cleaned_data))
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The batch is planned. Check it, then confirm it."))
            return redirect("benefits:batch-detail", pk=batch.pk)
    return render(request, "benefits/batch_form.html", {"form": form})


@login_required
def batch_detail(request: ActorRequest, pk: int) -> HttpResponse:
    """A batch: its facts, progress per branch (those the actor may see) and the exclusions."""
    actor = request.actor
    batch = queries.batch_get(actor=actor, pk=pk)
    progress = queries.batch_progress(actor=actor, batch=batch)
    return render(
        request,
        "benefits/batch_detail.html",
        {
            "batch": batch,
            "progress": progress,
            "total": queries.progress_total(progress),
            "exclusions": list(queries.exclusion_list(actor=actor, batch=batch)),
            "can_manage": access.can(actor, P.MANAGE_BATCH, batch),
            "can_pickup": access.holds_somewhere(actor, P.VIEW_RECEIPT),
        },
    )


@login_required
def batch_confirm(request: ActorRequest, pk: int) -> HttpResponse:
    """What confirming would do (recipients per branch, people over the cap) and the decision:
    leave them out, or give the goods to some anyway with a reason each."""
    actor = request.actor
    batch = queries.batch_get(actor=actor, pk=pk)
    access.require(actor, P.MANAGE_BATCH, batch)
    if batch.status != BatchStatus.DRAFT:
        return redirect("benefits:batch-detail", pk=batch.pk)
    preview = queries.batch_preview(actor=actor, batch=batch)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    error = None
    if request.method == "POST" and form.is_valid():
        overrides = {
            over.person.pk: request.POST.get(f"reason-{over.person.pk}", "")
            for over in preview.over
            if request.POST.get(f"override-{over.person.pk}")
        }
        try:
            services.benefit_batch_confirm(
                actor=actor,
                batch=batch,
                overrides=overrides,
                exclude_over_cap=form.cleaned_data["exclude_over_cap"],
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The batch is confirmed; the pickup lists are ready."))
            return redirect("benefits:batch-detail", pk=batch.pk)
    return render(
        request,
        "benefits/batch_confirm.html",
        {
            "batch": batch,
            "preview": preview,
            "form": form,
            "error": error,
            "can_override": access.can(actor, P.OVERRIDE_CAP, batch),
        },
        status=error.status if error else 200,
    )


@login_required
@require_POST
def batch_cancel(request: ActorRequest, pk: int) -> HttpResponse:
    batch = queries.batch_get(actor=request.actor, pk=pk)
    try:
        services.benefit_batch_cancel(actor=request.actor, batch=batch)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The draft is cancelled."))
    return redirect("benefits:batch-detail", pk=batch.pk)


@login_required
@require_POST
def batch_close(request: ActorRequest, pk: int) -> HttpResponse:
    batch = queries.batch_get(actor=request.actor, pk=pk)
    try:
        services.benefit_batch_close(actor=request.actor, batch=batch)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(
            request, _("The batch is closed; goods not collected are marked not delivered.")
        )
    return redirect("benefits:batch-detail", pk=batch.pk)
