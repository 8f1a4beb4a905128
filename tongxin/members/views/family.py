"""Adding, correcting and removing a person's family members (the person or their branch)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError
from tongxin.core.web import add_domain_error, message_domain_error

from .. import queries, services
from ..forms import FamilyMemberForm


def _back(request: HttpRequest, person_id: int) -> HttpResponse:
    if request.actor.person_id == person_id:
        return redirect("members:me")
    return redirect("members:person-detail", pk=person_id)


@login_required
def family_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    person = queries.person_get(actor=actor, pk=pk)
    form = FamilyMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.family_member_add(actor=actor, person=person, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The family member has been added."))
            return _back(request, person.pk)
    return render(
        request, "members/simple_form.html", {"form": form, "title": _("Add a family member")}
    )


@login_required
def family_member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    member = queries.family_member_get(actor=actor, pk=pk)
    fields = ("relation", "name", "gender", "birth_on", "school_stage", "note")
    form = FamilyMemberForm(request.POST or None, initial={f: getattr(member, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.family_member_update(actor=actor, member=member, changes=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return _back(request, member.person_id)
    return render(
        request,
        "members/simple_form.html",
        {"form": form, "title": _("Edit %(name)s") % {"name": member.name}},
    )


@login_required
@require_POST
def family_member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = queries.family_member_get(actor=request.actor, pk=pk)
    try:
        services.family_member_remove(actor=request.actor, member=member)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The family member has been removed."))
    return _back(request, member.person_id)
