"""Suggestion and request pages: filing and following one's own, and the office's inbox."""

from collections.abc import Callable

from django import forms
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

from tongxin.core import audit
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.core.http import ActorRequest
from tongxin.core.web import (
    add_domain_error,
    message_domain_error,
    paginate,
    render_page_or_partial,
)
from tongxin.core.years import parse_year
from tongxin.members import queries as members_queries
from tongxin.orgs import access
from tongxin.orgs import queries_departments as department_queries
from tongxin.orgs.models import SchoolDepartment
from tongxin.orgs.permissions import OrgsPermission

from .. import queries, services
from ..choices import ItemStatus
from ..forms import (
    AcceptForm,
    ItemFilterForm,
    ItemForm,
    ItemForOtherForm,
    NoteForm,
    RateForm,
    ReasonForm,
    ReplyForm,
    RouteForm,
)
from ..models import VoiceItem
from ..permissions import VoicePermission
from .common import xlsx_response

P = VoicePermission


def item_url(pk: int) -> str:
    return reverse("voice:item-detail", args=[pk])


@login_required
def item_file(request: ActorRequest) -> HttpResponse:
    """File a suggestion or request: for oneself, or (liaison, chair, office) for a member."""
    actor = request.actor
    for_others = bool(access.grant_paths(actor, P.FILE_ITEM))
    if not for_others and actor.person_id is None:
        raise PermissionDenied
    form_class = ItemForOtherForm if for_others else ItemForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        number = data.pop("staff_number", "")
        try:
            if number or request.POST.get("person"):
                person = members_queries.person_pick(
                    actor=actor,
                    pk=request.POST.get("person"),
                    text=number,
                    permission=P.FILE_ITEM,
                    field="staff_number",
                )
            elif actor.person_id is not None:
                person = members_queries.person_get(actor=actor, pk=actor.person_id)
            else:
                raise ValidationFailed(
                    _("Enter the staff number of the member."), field="staff_number"
                )
            item = services.voice_item_file(actor=actor, person=person, **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Thank you. The union office will look at it soon."))
            return redirect("voice:item-detail", pk=item.pk)
    return render(
        request,
        "voice/form.html",
        {
            "form": form,
            "title": _("A suggestion or request"),
            "back": "voice:item-mine",
            "submit_label": _("Send"),
        },
    )


@login_required
def item_mine(request: ActorRequest) -> HttpResponse:
    """The items one filed, or entered for someone else, with their status."""
    page = paginate(request, queries.voice_item_mine(actor=request.actor))
    return render(request, "voice/item_mine.html", {"page_obj": page})


@login_required
def item_detail(request: ActorRequest, pk: int) -> HttpResponse:
    """One item with its timeline and replies, and the actions the actor may take."""
    actor = request.actor
    item = queries.voice_item_get(actor=actor, pk=pk)
    is_office = access.can(actor, P.MANAGE_ITEM, item)
    context = {
        "item": item,
        "events": queries.voice_item_events(item=item),
        "replies": queries.voice_item_replies(item=item),
        "is_office": is_office,
        "can_rate": item.status == ItemStatus.REPLIED and access.can(actor, P.RATE_ITEM, item),
        "can_withdraw": item.status == ItemStatus.SUBMITTED
        and (actor.person_id == item.person_id or actor.user_id == item.filed_by_id),
        "is_overdue": item.status == ItemStatus.ROUTED
        and item.due_on is not None
        and item.due_on < timezone.localdate(),
        "history": audit.history(item)
        if access.can(actor, OrgsPermission.VIEW_HISTORY, item)
        else None,
    }
    return render(request, "voice/item_detail.html", context)


@login_required
@require_POST
def item_withdraw(request: ActorRequest, pk: int) -> HttpResponse:
    item = queries.voice_item_get(actor=request.actor, pk=pk)
    try:
        services.voice_item_withdraw(actor=request.actor, item=item)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("It has been withdrawn."))
    return redirect("voice:item-detail", pk=item.pk)


def _action(
    request: ActorRequest,
    item: VoiceItem,
    form: forms.Form,
    title: str,
    run: Callable[[dict], object],
    done: str,
) -> HttpResponse:
    """Render an action's form; on a valid POST run the one service, then back to the item."""
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, done)
            return redirect("voice:item-detail", pk=item.pk)
    return render(
        request,
        "voice/form.html",
        {"form": form, "title": title, "back_url": item_url(item.pk), "item": item},
    )


def _departments(request: ActorRequest) -> list[SchoolDepartment]:
    return department_queries.department_choices(
        actor=request.actor, permission=OrgsPermission.VIEW_DEPARTMENT
    )


def _department(request: ActorRequest, pk: int | None) -> SchoolDepartment | None:
    return department_queries.department_get(actor=request.actor, pk=pk) if pk else None


@login_required
def item_accept(request: ActorRequest, pk: int) -> HttpResponse:
    item = queries.voice_item_get(actor=request.actor, pk=pk)
    form = AcceptForm(request.POST or None, departments=_departments(request))
    return _action(
        request,
        item,
        form,
        pgettext("voice item", "Accept"),
        lambda data: services.voice_item_accept(
            actor=request.actor,
            item=item,
            department=_department(request, data["department"]),
            due_on=data["due_on"],
            note=data["note"],
        ),
        _("It has been accepted."),
    )


@login_required
def item_decline(request: ActorRequest, pk: int) -> HttpResponse:
    item = queries.voice_item_get(actor=request.actor, pk=pk)
    return _action(
        request,
        item,
        ReasonForm(request.POST or None),
        pgettext("voice item", "Decline"),
        lambda data: services.voice_item_decline(
            actor=request.actor, item=item, reason=data["reason"]
        ),
        _("It has been declined."),
    )


@login_required
def item_route(request: ActorRequest, pk: int) -> HttpResponse:
    item = queries.voice_item_get(actor=request.actor, pk=pk)
    form = RouteForm(request.POST or None, departments=_departments(request))
    return _action(
        request,
        item,
        form,
        _("Pass on to a department"),
        lambda data: services.voice_item_route(
            actor=request.actor,
            item=item,
            # The route form requires a department.
            department=department_queries.department_get(
                actor=request.actor, pk=data["department"]
            ),
            due_on=data["due_on"],
            note=data["note"],
        ),
        _("It has been passed on."),
    )


@login_required
def item_reply(request: ActorRequest, pk: int) -> HttpResponse:
    """The office enters a reply (its own, or a department's written one)."""
    item = queries.voice_item_get(actor=request.actor, pk=pk)
    return _action(
        request,
        item,
        ReplyForm(request.POST or None),
        _("Reply"),
        lambda data: services.voice_item_reply(
            actor=request.actor, item=item, text=data["text"], on=data["on"]
        ),
        _("The reply has been recorded."),
    )


@login_required
def item_close(request: ActorRequest, pk: int) -> HttpResponse:
    item = queries.voice_item_get(actor=request.actor, pk=pk)
    return _action(
        request,
        item,
        NoteForm(request.POST or None),
        _("Close the item"),
        lambda data: services.voice_item_close(actor=request.actor, item=item, note=data["note"]),
        _("It has been closed."),
    )


@login_required
def item_rate(request: ActorRequest, pk: int) -> HttpResponse:
    item = queries.voice_item_get(actor=request.actor, pk=pk)
    return _action(
        request,
        item,
        RateForm(request.POST or None),
        _("Rate the reply"),
        lambda data: services.voice_item_rate(
            actor=request.actor, item=item, rating=data["rating"], comment=data["comment"]
        ),
        _("Thank you for your rating."),
    )


def _item_filters(request: ActorRequest) -> tuple[ItemFilterForm, queries.ItemFilters]:
    form = ItemFilterForm(
        request.GET or None,
        departments=department_queries.department_list(actor=request.actor, include_inactive=True),
        years=queries.voice_item_years(actor=request.actor),
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = queries.ItemFilters(
        status=data.get("status", "") if data.get("status") != "overdue" else "",
        kind=data.get("kind", ""),
        category=data.get("category", ""),
        department_id=data.get("department"),
        academic_year=data.get("year"),
        overdue=request.GET.get("overdue") == "1",
        q=data.get("q", ""),
    )
    return form, filters


@login_required
def item_list(request: ActorRequest) -> HttpResponse:
    """The office inbox: items by status with counts, filters and paging (fixed queries)."""
    actor = request.actor
    if not access.can_somewhere(actor, P.MANAGE_ITEM):
        raise PermissionDenied
    form, filters = _item_filters(request)
    page = paginate(request, queries.voice_item_office_list(actor=actor, filters=filters))
    counts = queries.voice_item_counts(actor=actor)
    context = {
        "form": form,
        "page_obj": page,
        "counts": counts,
        "statuses": [(value, label, counts[value]) for value, label in ItemStatus.choices],
        "current_status": filters.status,
        "overdue": filters.overdue,
        "today": timezone.localdate(),
    }
    return render_page_or_partial(request, "voice/item_list.html", "voice/_item_rows.html", context)


@login_required
def item_overdue(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if not access.can_somewhere(actor, P.MANAGE_ITEM):
        raise PermissionDenied
    page = paginate(request, queries.voice_item_overdue_list(actor=actor))
    return render(
        request, "voice/item_overdue.html", {"page_obj": page, "today": timezone.localdate()}
    )


@login_required
def item_stats(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if not access.can_somewhere(actor, P.MANAGE_ITEM):
        raise PermissionDenied
    years = queries.voice_item_years(actor=actor)
    year = parse_year(request.GET.get("year"), years[0]) or years[0]
    stats = queries.voice_item_stats(actor=actor, academic_year=year)
    return render(
        request,
        "voice/item_stats.html",
        {"stats": stats, "year": year, "years": years},
    )


@login_required
def item_export(request: ActorRequest) -> HttpResponse:
    _form, filters = _item_filters(request)
    return xlsx_response(
        services.voice_item_export(actor=request.actor, filters=filters), "voice-items"
    )


@login_required
def item_awaiting_badge(request: ActorRequest) -> HttpResponse:
    """How many replies wait for my rating, as a tiny fragment the "Me" tile loads after the
    page (one COUNT query), so the portal's landing page itself stays query-free."""
    count = queries.awaiting_rating_count(actor=request.actor)
    return render(request, "voice/_awaiting_badge.html", {"awaiting": count})
