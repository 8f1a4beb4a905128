"""A membership application with its approval steps, and the decision form for the step's decider."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tongxin.approvals import queries as approvals_queries
from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error

from .. import queries, services
from ..forms import DecisionForm


@login_required
def application_detail(request: ActorRequest, pk: int) -> HttpResponse:
    """Anyone who may see the application sees its steps; the current step's decider decides.

    The hidden step position makes a decision taken on a stale page fail instead of landing
    on the next step.
    """
    actor = request.actor
    application = queries.application_get(actor=actor, pk=pk)
    approval = approvals_queries.approval_for_subject(
        actor=actor, subject_type=application._meta.label_lower, subject_id=application.pk
    )
    steps = approvals_queries.steps_of(approval) if approval else []
    current = next((s for s in steps if approval and s.position == approval.current_position), None)
    decide_blocker = (
        approvals_queries.decide_blocker(actor=actor, request=approval, step=current)
        if approval and current
        else ""
    )
    may_decide = bool(
        approval
        and current
        and not decide_blocker
        and approvals_queries.holds_step(actor=actor, request=approval, step=current)
    )
    form = DecisionForm(
        request.POST or None,
        initial={"position": approval.current_position if approval else 1},
    )
    if request.method == "POST" and not may_decide:
        if approval is not None and approval.is_pending:
            raise PermissionDenied
        messages.error(request, _("This application has already been decided."))
        return redirect("members:application-detail", pk=application.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_application_decide(
                actor=actor,
                application=application,
                outcome=form.cleaned_data["outcome"],
                comment=form.cleaned_data["comment"],
                expected_position=form.cleaned_data["position"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your decision has been recorded."))
            return redirect("members:application-detail", pk=application.pk)
    context = {
        "application": application,
        "approval": approval,
        "steps": steps,
        "decisions": approvals_queries.decisions_of(approval) if approval else [],
        "may_decide": may_decide,
        "decide_blocker": decide_blocker,
        "form": form,
    }
    return render(request, "members/application_detail.html", context)
