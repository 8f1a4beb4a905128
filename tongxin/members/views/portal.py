"""The member portal "Me": own profile, family, membership history, application."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError
from tongxin.core.web import add_domain_error

from .. import queries, services
from ..choices import MembershipStatus
from ..forms import ApplicationForm, ContactForm


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own record: a fixed handful of queries."""
    actor = request.actor
    if actor.person_id is None:
        return render(request, "members/me_no_person.html")
    person = queries.person_get(actor=actor, pk=actor.person_id)
    context = {
        "person": person,
        "family": queries.family_list(actor=actor, person=person),
        "history": queries.membership_history(actor=actor, person=person),
        "offices": list(queries.officer_list(actor=actor).filter(person=person)),
        "can_apply": person.membership_status in (MembershipStatus.NONE, MembershipStatus.LEFT),
    }
    return render(request, "members/me.html", context)


@login_required
def me_contact(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    person = queries.person_get(actor=actor, pk=actor.person_id or 0)
    form = ContactForm(request.POST or None, initial={"phone": person.phone, "email": person.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=actor, person=person, changes=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your contact details have been saved."))
            return redirect("members:me")
    return render(
        request,
        "members/simple_form.html",
        {"form": form, "title": _("My contact details"), "back": "members:me"},
    )


@login_required
def me_apply(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    person = queries.person_get(actor=actor, pk=actor.person_id or 0)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_apply(
                actor=actor, person=person, statement=form.cleaned_data["statement"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your application has been sent to your branch."))
            return redirect("members:me")
    return render(
        request,
        "members/simple_form.html",
        {"form": form, "title": _("Apply to join the union"), "back": "members:me"},
    )
