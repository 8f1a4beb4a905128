"""The member portal "Me": own record, contact details, family, membership, offices, dues.

Made for phones: one column, big tap targets, a fixed handful of queries.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.approvals import queries as approvals_queries
from tongxin.core.errors import DomainError
from tongxin.core.web import add_domain_error

from .. import queries, services
from ..choices import EmploymentStatus, MembershipStatus
from ..forms import ApplicationForm, ContactForm
from ..models import Person

MY_DUES_MONTHS = 12


def _me(request: HttpRequest) -> Person | None:
    actor = request.actor
    return queries.person_get(actor=actor, pk=actor.person_id) if actor.person_id else None


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own record (about ten queries, whatever the family's size)."""
    actor = request.actor
    person = _me(request)
    if person is None:
        return render(request, "members/me_no_person.html")
    application = approval = None
    steps: list = []
    if person.membership_status == MembershipStatus.APPLICANT:
        application = queries.application_latest(actor=actor, person=person)
        if application is not None:
            approval = approvals_queries.approval_for_subject(
                actor=actor, subject_type=application._meta.label_lower, subject_id=application.pk
            )
            steps = approvals_queries.steps_of(approval) if approval else []
    context = {
        "person": person,
        "family": queries.family_list(actor=actor, person=person),
        "history": queries.membership_history(actor=actor, person=person),
        "offices": list(queries.officer_list(actor=actor, person=person)),
        "dues": list(queries.dues_list(actor=actor, person=person)[:MY_DUES_MONTHS]),
        "application": application,
        "approval": approval,
        "steps": steps,
        "can_apply": person.membership_status in (MembershipStatus.NONE, MembershipStatus.LEFT)
        and person.employment_status == EmploymentStatus.ACTIVE,
    }
    return render(request, "members/me.html", context)


@login_required
def me_contact(request: HttpRequest) -> HttpResponse:
    """Change one's own mobile number and e-mail address."""
    person = _me(request)
    if person is None:
        return redirect("members:me")
    form = ContactForm(request.POST or None, initial={"phone": person.phone, "email": person.email})
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if getattr(person, k) != v}
        try:
            services.person_update(actor=request.actor, person=person, changes=changes)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your contact details have been saved."))
            return redirect("members:me")
    context = {"form": form, "title": _("My contact details"), "back_url": reverse("members:me")}
    return render(request, "members/simple_form.html", context)


@login_required
def me_apply(request: HttpRequest) -> HttpResponse:
    """Apply to join: the application goes to the branch, then to the school union office."""
    person = _me(request)
    if person is None:
        return redirect("members:me")
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_apply(
                actor=request.actor, person=person, statement=form.cleaned_data["statement"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your application has been sent to your branch."))
            return redirect("members:me")
    context = {
        "form": form,
        "title": _("Apply to join the union"),
        "back_url": reverse("members:me"),
        "intro": _(
            "Staff in service may join. Your branch reviews the application first, then the "
            "school union office approves it; your membership counts from the approval date."
        ),
    }
    return render(request, "members/simple_form.html", context)
