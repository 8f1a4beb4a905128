"""School-place pages: the board, applying for a member's child, the office's steps, the
yearly summary and the list for the education bureau."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tongxin.core import audit
from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, paginate
from tongxin.core.years import parse_year
from tongxin.members import queries as members_queries
from tongxin.members.choices import SchoolStage
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.permissions import OrgsPermission

from .. import queries, services
from ..choices import PLACEMENT_STAGES, PlacementStatus
from ..forms import PersonChoiceForm, PlaceApplyForm, PlaceDecideForm, PlaceFilterForm
from ..permissions import StaffServicesPermission as P
from ..services.school_places import school_year_for
from .common import form_page, require_console, xlsx_response


def _filters(request: ActorRequest, years: list[int]) -> tuple[PlaceFilterForm, dict]:
    form = PlaceFilterForm(request.GET or None, years=years)
    data = form.cleaned_data if form.is_valid() else {}
    return form, {k: v for k, v in data.items() if v}


@login_required
def place_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    require_console(actor, P.VIEW_SCHOOL_PLACE)
    form, filters = _filters(request, queries.school_place_years(actor=actor))
    page = paginate(request, queries.school_place_list(actor=actor, **filters))
    return render(
        request,
        "staff_services/place_list.html",
        {
            "form": form,
            "page_obj": page,
            "can_export": access.holds_somewhere(actor, P.EXPORT_SCHOOL_PLACE),
            "can_apply": access.holds_somewhere(actor, P.APPLY_SCHOOL_PLACE),
        },
    )


def apply_for(request: ActorRequest, person: Person, back_url: str) -> HttpResponse:
    actor = request.actor
    children = queries.children_of(person=person)
    form = PlaceApplyForm(request.POST or None, children=children)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        child = next(c for c in children if c.pk == data.pop("child"))
        try:
            application = services.school_place_apply(
                actor=actor, person=person, child=child, **data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The application has been sent to the union office."))
            return redirect("staff_services:place-detail", pk=application.pk)
    return form_page(
        request,
        form,
        _("School-place help for a child of %(name)s") % {"name": person.name},
        back_url,
        no_children=not children,
    )


@login_required
def place_apply(request: ActorRequest) -> HttpResponse:
    """Apply for a staff member of one's branch: pick the person, then their child."""
    actor = request.actor
    require_console(actor, P.APPLY_SCHOOL_PLACE)
    back = reverse("staff_services:place-list")
    person_id = request.GET.get("person")
    if person_id:
        person = members_queries.person_get(
            actor=actor, pk=person_id, permission=P.APPLY_SCHOOL_PLACE
        )
        return apply_for(request, person, back)
    form = PersonChoiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = members_queries.person_pick(
                actor=actor, pk=request.POST.get("person"), text=form.cleaned_data["person_query"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect(f"{reverse('staff_services:place-apply')}?person={person.pk}")
    return form_page(
        request,
        form,
        _("School-place help: whose child?"),
        back,
        submit_label=pgettext("wizard", "Next"),
    )


@login_required
def place_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    application = queries.school_place_get(actor=actor, pk=pk)
    return render(
        request,
        "staff_services/place_detail.html",
        {
            "application": application,
            "can_manage": access.can(actor, P.MANAGE_SCHOOL_PLACE, application),
            "is_console": access.holds_somewhere(actor, P.VIEW_SCHOOL_PLACE),
            "decide_form": PlaceDecideForm(),
            "history": audit.history(application)
            if access.can(actor, OrgsPermission.VIEW_HISTORY, application)
            else None,
        },
    )


@login_required
def place_forward(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    application = queries.school_place_get(actor=actor, pk=pk)
    if request.method == "POST":
        try:
            services.school_place_forward(actor=actor, application=application)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Marked as forwarded to the education bureau."))
    return redirect("staff_services:place-detail", pk=application.pk)


@login_required
def place_decide(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    application = queries.school_place_get(actor=actor, pk=pk)
    form = PlaceDecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_place_decide(actor=actor, application=application, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The outcome has been recorded."))
            return redirect("staff_services:place-detail", pk=application.pk)
    return form_page(
        request,
        form,
        _("Outcome for %(child)s") % {"child": application.child.name},
        reverse("staff_services:place-detail", args=[application.pk]),
    )


@login_required
def place_summary(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    require_console(actor, P.VIEW_SCHOOL_PLACE)
    years = queries.school_place_years(actor=actor)
    fallback = years[0] if years else school_year_for(timezone.localdate())
    year = parse_year(request.GET.get("year"), fallback) or fallback
    summary = queries.school_place_summary(actor=actor, year=year)
    rows = [
        (
            SchoolStage(stage).label,
            [counts.get(s, 0) for s in PlacementStatus.values],
            sum(counts.values()),
        )
        for stage, counts in summary.by_stage.items()
        if stage in PLACEMENT_STAGES or sum(counts.values()) != 0
    ]
    return render(
        request,
        "staff_services/place_summary.html",
        {
            "summary": summary,
            "years": years,
            "year": year,
            "statuses": PlacementStatus.choices,
            "rows": rows,
            "totals": [summary.by_status[s] for s in PlacementStatus.values],
        },
    )


@login_required
def place_export(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    require_console(actor, P.EXPORT_SCHOOL_PLACE)
    _form, filters = _filters(request, queries.school_place_years(actor=actor))
    data = services.school_place_export(
        actor=actor, year=filters.get("year"), status=filters.get("status", "")
    )
    return xlsx_response(data, "school-places")
