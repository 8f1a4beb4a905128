"""Org console pages for school departments: the list, one department, its handlers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core import audit
from tongxin.core.errors import DomainError, Forbidden
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, message_domain_error

from . import access, queries, services_departments
from . import queries_departments as department_queries
from .forms_departments import DepartmentForm, DepartmentHandlerForm
from .permissions import OrgsPermission

P = OrgsPermission


@login_required
def department_list(request: ActorRequest) -> HttpResponse:
    """Departments of the actor's school, and (for the office) a form to add one."""
    actor = request.actor
    if not access.can_somewhere(actor, P.VIEW_DEPARTMENT):
        raise PermissionDenied
    school = queries.school_for(actor=actor, permission=P.MANAGE_DEPARTMENT)
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if school is None:
                raise Forbidden()
            department = services_departments.department_create(
                actor=actor,
                school=school,
                name=data["name"],
                code=data["code"],
                sort_order=data["sort_order"] or 0,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": department.name})
            return redirect("orgs:department-detail", pk=department.pk)
    include_inactive = "inactive" in request.GET
    context = {
        "departments": list(
            department_queries.department_list(actor=actor, include_inactive=include_inactive)
        ),
        "include_inactive": include_inactive,
        "form": form if school is not None else None,
    }
    return render(request, "orgs/department_list.html", context)


@login_required
def department_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    department = department_queries.department_get(actor=actor, pk=pk)
    can_manage = access.can(actor, P.MANAGE_DEPARTMENT, department)
    context = {
        "department": department,
        "handlers": list(
            department_queries.department_handler_history(actor=actor, department=department)
        ),
        "can_manage": can_manage,
        "edit_form": DepartmentForm(
            initial={
                "name": department.name,
                "code": department.code,
                "sort_order": department.sort_order,
            }
        ),
        "handler_form": DepartmentHandlerForm(),
        "history": audit.history(department)
        if access.can(actor, P.VIEW_HISTORY, department)
        else None,
    }
    return render(request, "orgs/department_detail.html", context)


@login_required
def department_edit(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    department = department_queries.department_get(actor=actor, pk=pk)
    form = DepartmentForm(
        request.POST or None,
        initial={
            "name": department.name,
            "code": department.code,
            "sort_order": department.sort_order,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_departments.department_update(
                actor=actor,
                department=department,
                name=data["name"],
                code=data["code"],
                sort_order=data["sort_order"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("orgs:department-detail", pk=department.pk)
    return render(
        request,
        "orgs/department_form.html",
        {"form": form, "department": department, "title": _("Edit department")},
    )


@login_required
@require_POST
def department_toggle(request: ActorRequest, pk: int) -> HttpResponse:
    """Deactivate an active department, or activate an inactive one."""
    actor = request.actor
    department = department_queries.department_get(actor=actor, pk=pk)
    try:
        if department.is_active:
            services_departments.department_deactivate(actor=actor, department=department)
            messages.success(request, _("The department is no longer in use."))
        else:
            services_departments.department_activate(actor=actor, department=department)
            messages.success(request, _("The department is in use again."))
    except DomainError as error:
        message_domain_error(request, error)
    return redirect("orgs:department-detail", pk=department.pk)


@login_required
def department_handler_add(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    department = department_queries.department_get(actor=actor, pk=pk)
    form = DepartmentHandlerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_departments.department_handler_add(
                actor=actor, department=department, username=form.cleaned_data["user"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The handler has been added."))
            return redirect("orgs:department-detail", pk=department.pk)
    return render(
        request,
        "orgs/department_form.html",
        {"form": form, "department": department, "title": _("Add a handler")},
    )


@login_required
@require_POST
def department_handler_remove(request: ActorRequest, pk: int) -> HttpResponse:
    handler = department_queries.department_handler_get(actor=request.actor, pk=pk)
    try:
        services_departments.department_handler_remove(actor=request.actor, handler=handler)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The handler has been removed."))
    return redirect("orgs:department-detail", pk=handler.department_id)
