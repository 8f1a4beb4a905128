"""The member portal "Me": own record, contact details, family, membership, offices, dues.

Made for phones: one column, big tap targets, a fixed handful of queries.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.approvals import queries as approvals_queries
from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error

from .. import queries, services
from ..choices import EmploymentStatus, MembershipStatus
from ..forms import ApplicationForm, ContactForm
from ..models import Person

MY_DUES_MONTHS = 12


def _me(request: ActorRequest) -> Person | None:
    """The signed-in person, as loaded with the session's user (with their branch): a person
    may always see their own record, and this costs no query."""
    user = request.user
    return user.person if getattr(user, "person_id", None) else None


@login_required
def me(request: ActorRequest) -> HttpResponse:
    """The landing page of "Me": greeting, status, the tiles to every part of the portal and the
    own record. Built from the session's user alone, so it needs no query of its own (plus
    three for a pending application); family, membership and dues have their own pages."""
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
        "application": application,
        "approval": approval,
        "steps": steps,
        "can_apply": person.membership_status in (MembershipStatus.NONE, MembershipStatus.LEFT)
        and person.employment_status == EmploymentStatus.ACTIVE,
    }
    return render(request, "members/me.html", context)


def _section(request: ActorRequest, template: str, **parts: object) -> HttpResponse:
    person = _me(request)
    if person is None:
        return redirect("members:me")
    return render(request, template, {"person": person, **parts})


@login_required
def me_family(request: ActorRequest) -> HttpResponse:
    """My family members (one query), with add, edit and remove."""
    person = _me(request)
    family = queries.family_list(actor=request.actor, person=person) if person else []
    return _section(request, "members/me_family.html", family=family)


@login_required
def me_membership(request: ActorRequest) -> HttpResponse:
    """My membership history and my offices (two queries)."""
    actor, person = request.actor, _me(request)
    if person is None:
        return redirect("members:me")
    return _section(
        request,
        "members/me_membership.html",
        history=queries.membership_history(actor=actor, person=person),
        offices=list(queries.officer_list(actor=actor, person=person)),
    )


@login_required
def me_dues(request: ActorRequest) -> HttpResponse:
    """My dues of the last twelve months (one query)."""
    person = _me(request)
    dues = (
        list(queries.dues_list(actor=request.actor, person=person)[:MY_DUES_MONTHS])
        if person
        else []
    )
    return _section(request, "members/me_dues.html", dues=dues)


@login_required
def me_contact(request: ActorRequest) -> HttpResponse:
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
def me_apply(request: ActorRequest) -> HttpResponse:
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
