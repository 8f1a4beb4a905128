"""Adding, correcting and removing a person's family members (the person or their branch)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError, Forbidden, NotFound
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, message_domain_error
from tongxin.orgs import access

from .. import queries, services
from ..forms import FamilyMemberForm
from ..permissions import MembersPermission
from ..services.family import FAMILY_FIELDS

P = MembersPermission


def _back_url(request: ActorRequest, person_id: int) -> str:
    if request.actor.person_id == person_id:
        return reverse("members:me-family")
    return reverse("members:person-detail", args=[person_id]) + "#family"


def _render(
    request: ActorRequest, form: FamilyMemberForm, title: str, person_id: int
) -> HttpResponse:
    context = {"form": form, "title": title, "back_url": _back_url(request, person_id)}
    return render(request, "members/simple_form.html", context)


@login_required
def family_member_add(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    person = queries.person_get(actor=actor, pk=pk)
    access.require(actor, P.CHANGE_FAMILY, person)
    form = FamilyMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.family_member_add(actor=actor, person=person, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The family member has been added."))
            return redirect(_back_url(request, person.pk))
    title = (
        _("Add a family member")
        if actor.person_id == person.pk
        else _("Add a family member of %(name)s") % {"name": person.name}
    )
    return _render(request, form, title, person.pk)


@login_required
def family_member_edit(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    member = queries.family_member_get(actor=actor, pk=pk)
    access.require(actor, P.CHANGE_FAMILY, member)
    initial = {field: getattr(member, field) for field in FAMILY_FIELDS}
    linked = member.linked_person
    initial["linked_staff_number"] = linked.staff_number if linked else ""
    form = FamilyMemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.family_member_update(actor=actor, member=member, changes=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(_back_url(request, member.person_id))
    return _render(request, form, _("Edit %(name)s") % {"name": member.name}, member.person_id)


@login_required
@require_POST
def family_member_remove(request: ActorRequest, pk: int) -> HttpResponse:
    member = queries.family_member_get(actor=request.actor, pk=pk)
    try:
        services.family_member_remove(actor=request.actor, member=member)
    except (Forbidden, NotFound):
        raise
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("%(name)s has been removed.") % {"name": member.name})
    return redirect(_back_url(request, member.person_id))
