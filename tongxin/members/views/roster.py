"""Roster pages: upload → preview → apply, the template download, and the people export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, message_domain_error, render_page_or_partial
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries

from .. import queries, services
from ..choices import RosterImportStatus
from ..permissions import MembersPermission
from ..roster import queries as roster_queries
from ..roster.display import display_row
from ..roster.forms import PersonExportForm, RosterApplyForm, RosterUploadForm
from ..roster.plan import STATUSES
from ..services import roster as roster_services
from ..services.export import XLSX_TYPE, export_filename, template_filename

P = MembersPermission
ROWS_PER_PAGE = 50


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def roster_import(request: ActorRequest) -> HttpResponse:
    """Upload a roster file; on success show its preview."""
    actor = request.actor
    school = orgs_queries.school_for(actor=actor, permission=P.IMPORT_ROSTER)
    if school is None:
        raise PermissionDenied
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = roster_services.roster_import_plan(
                actor=actor,
                school_node=school,
                filename=upload.name,
                content=upload.read(),
                effective_on=form.cleaned_data["effective_on"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("members:roster-import-detail", pk=job.pk)
    context = {
        "form": form,
        "school": school,
        "imports": roster_queries.roster_import_list(actor=actor),
    }
    return render(request, "members/roster_import.html", context)


@login_required
def roster_import_detail(request: ActorRequest, pk: int) -> HttpResponse:
    """The preview (before applying) or the result (after): counts and rows, errors first."""
    job = roster_queries.roster_import_get(actor=request.actor, pk=pk)
    status = request.GET.get("status", "")
    status = status if status in STATUSES else ""
    page = Paginator(roster_queries.roster_import_rows(job, status=status), ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    columns = job.summary.get("columns", {})
    context = {
        "job": job,
        "page_obj": page,
        "rows": [display_row(row, columns) for row in page],
        "status": status,
        "statuses": STATUSES,
        "counts": job.summary,
        "is_planned": job.status == RosterImportStatus.PLANNED,
        "apply_form": RosterApplyForm(),
    }
    return render_page_or_partial(
        request, "members/roster_import_detail.html", "members/_roster_rows.html", context
    )


@login_required
@require_POST
def roster_import_apply(request: ActorRequest, pk: int) -> HttpResponse:
    job = roster_queries.roster_import_get(actor=request.actor, pk=pk)
    form = RosterApplyForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, str(error))
        return redirect("members:roster-import-detail", pk=job.pk)
    try:
        job = roster_services.roster_import_apply(
            actor=request.actor, roster_import=job, skip_invalid=form.cleaned_data["skip_invalid"]
        )
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The roster has been imported."))
    return redirect("members:roster-import-detail", pk=job.pk)


@login_required
def roster_template(request: ActorRequest) -> HttpResponse:
    content = services.roster_template_xlsx(actor=request.actor)
    return _xlsx(content, template_filename())


@login_required
def person_export(request: ActorRequest) -> HttpResponse:
    """The export form (filters as on the people page, the ID option); POST downloads."""
    actor = request.actor
    if not access.can_somewhere(actor, P.EXPORT_PERSON):
        raise PermissionDenied
    nodes = orgs_queries.branch_choices(actor=actor, permission=P.EXPORT_PERSON)
    may_export_ids = access.can_somewhere(actor, P.EXPORT_ID_NUMBER)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = PersonExportForm(data, nodes=nodes, may_export_ids=may_export_ids)
    filters = queries.PersonFilters()
    if form.is_valid():
        filters = _filters(form.cleaned_data)
        if request.method == "POST":
            try:
                content = services.person_export_xlsx(
                    actor=actor,
                    filters=filters,
                    include_id_numbers=form.cleaned_data.get("include_id_numbers", False),
                    reason=form.cleaned_data.get("reason", ""),
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return _xlsx(content, export_filename())
    count = queries.person_list(actor=actor, filters=filters, permission=P.EXPORT_PERSON).count()
    return render(request, "members/person_export.html", {"form": form, "count": count})


def _filters(data: dict) -> queries.PersonFilters:
    return queries.PersonFilters(
        node_id=data.get("node"),
        membership_status=data.get("membership_status", ""),
        employment_status=data.get("employment_status", ""),
        gender=data.get("gender", ""),
        age_band=data.get("age_band", ""),
        q=data.get("q", ""),
    )
