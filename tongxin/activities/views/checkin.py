"""The organiser's check-in page (phone camera or typed code) and the page a QR code opens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import is_htmx
from tongxin.orgs import access

from .. import queries, services
from ..forms import CheckInForm
from ..permissions import ActivitiesPermission as P


@login_required
def check_in(request: ActorRequest, pk: int) -> HttpResponse:
    """Scan or type a code; the result replaces the result box (htmx) or the whole page."""
    actor = request.actor
    activity = queries.activity_get(actor=actor, pk=pk)
    access.require(actor, P.CHECK_IN, activity)
    form = CheckInForm(request.POST or None)
    result = error = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = services.signup_check_in(
                actor=actor, activity=activity, code=form.cleaned_data["code"]
            )
        except DomainError as exc:
            error = exc
            # htmx swaps only 2xx answers; the partial itself says what went wrong.
            status = 200 if is_htmx(request) else exc.status
        form = CheckInForm()
    context = {"activity": activity, "form": form, "result": result, "error": error}
    template = (
        "activities/_check_in_result.html" if is_htmx(request) else "activities/check_in.html"
    )
    return render(request, template, context, status=status)


@login_required
def check_in_token(request: ActorRequest, token: str) -> HttpResponse:
    """Where a QR code leads when scanned by a phone's own camera: confirm, then check in."""
    sign_up = queries.sign_up_by_token(actor=request.actor, token=token)
    if request.method == "POST":
        try:
            result = services.signup_check_in(
                actor=request.actor, activity=sign_up.activity, code=token
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            text = "already" if result.already else "done"
            return render(
                request,
                "activities/check_in_token.html",
                {"sign_up": result.sign_up, "outcome": text},
            )
        return redirect("activities:check-in", pk=sign_up.activity_id)
    return render(request, "activities/check_in_token.html", {"sign_up": sign_up, "outcome": ""})
