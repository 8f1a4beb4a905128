"""Member pages (phone first): what I may join, one activity with sign-up, my sign-ups with
their QR codes, self check-in and the public lottery record."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError, NotFound
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, message_domain_error, paginate
from tongxin.members import queries as members_queries

from .. import clock, queries, services
from ..audience import audience_problem
from ..choices import CANCELLABLE_STATUSES, ActivityStatus
from ..choices import SignUpStatus as S
from ..draw import lottery_replay
from ..forms import SelfCheckInForm, SignUpForm
from ..models import Activity, SignUp


@login_required
def activity_list(request: ActorRequest) -> HttpResponse:
    """Activities open to me (or my children), soonest first."""
    page = paginate(request, queries.activity_list_open(actor=request.actor))
    return render(request, "activities/activity_list.html", {"page_obj": page})


@login_required
def my_activities(request: ActorRequest) -> HttpResponse:
    """My sign-ups: upcoming first, then the past ones."""
    past = request.GET.get("when") == "past"
    page = paginate(request, queries.my_sign_ups(actor=request.actor, upcoming=not past))
    return render(
        request,
        "activities/my_activities.html",
        {"page_obj": page, "past": past, "cancellable": CANCELLABLE_STATUSES},
    )


def _sign_up_form(
    request: ActorRequest, activity: Activity, slots: list, data: object | None = None
) -> SignUpForm:
    return SignUpForm(
        data,
        family=queries.family_choices(actor=request.actor)
        if activity.family_scope != "none"
        else [],
        slots=slots,
        staff_allowed=activity.staff_allowed,
    )


def _detail_context(
    request: ActorRequest, activity: Activity, form: SignUpForm | None = None
) -> dict:
    actor = request.actor
    slots = queries.slot_list(activity=activity)
    mine = list(queries.my_sign_ups(actor=actor, activity=activity))
    person = (
        members_queries.person_get(actor=actor, pk=actor.person_id) if actor.person_id else None
    )
    now = clock.now()
    is_open = (
        activity.status == ActivityStatus.PUBLISHED
        and now < activity.closes_at
        and (not activity.sign_up_opens_at or now >= activity.sign_up_opens_at)
    )
    live = [s for s in mine if s.status not in (S.CANCELLED, S.REJECTED, S.EXPIRED)]
    signed_up_myself = any(s.family_member_id is None for s in live)
    return {
        "activity": activity,
        "slots": slots,
        "mine": live,
        "closed": activity.status == ActivityStatus.PUBLISHED and not is_open,
        "has_place": any(s.status in (S.CONFIRMED, S.ATTENDED) for s in live),
        "history": [s for s in mine if s.status in (S.CANCELLED, S.REJECTED, S.EXPIRED)],
        "co_organisers": queries.co_organiser_names(activity),
        "problem": audience_problem(activity, person)
        if person
        else _("Only staff with a record can sign up."),
        # One sign-up each: the form stays only while someone (I or a child) can still join.
        "is_open": is_open
        and person is not None
        and (activity.family_scope != "none" or not signed_up_myself),
        "form": form or (_sign_up_form(request, activity, slots) if person else None),
        "draw": queries.lottery_get(actor=actor, activity=activity),
        "counts": queries.place_counts(activity=activity),
        "cancellable": CANCELLABLE_STATUSES,
    }


@login_required
def activity_detail(request: ActorRequest, pk: int) -> HttpResponse:
    activity = queries.activity_get(actor=request.actor, pk=pk)
    return render(request, "activities/activity_detail.html", _detail_context(request, activity))


@login_required
@require_POST
def activity_sign_up(request: ActorRequest, pk: int) -> HttpResponse:
    """Sign myself or a child up; the answer (confirmed, waitlisted, …) shows as a message."""
    actor = request.actor
    activity = queries.activity_get(actor=actor, pk=pk)
    slots = queries.slot_list(activity=activity)
    form = _sign_up_form(request, activity, slots, request.POST)
    if form.is_valid():
        try:
            person = members_queries.person_get(actor=actor, pk=actor.person_id or 0)
            family_member = None
            if form.cleaned_data.get("family_member"):
                family_member = members_queries.family_member_get(
                    actor=actor, pk=form.cleaned_data["family_member"]
                )
            slot = next((s for s in slots if s.pk == form.cleaned_data.get("slot")), None)
            sign_up = services.activity_sign_up(
                actor=actor,
                activity=activity,
                person=person,
                family_member=family_member,
                slot=slot,
                guardian_consent=form.cleaned_data.get("guardian_consent", False),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _status_message(sign_up))
            return redirect("activities:activity-detail", pk=activity.pk)
    return render(
        request,
        "activities/activity_detail.html",
        _detail_context(request, activity, form),
        status=400,
    )


def _status_message(sign_up: SignUp) -> str:
    status = sign_up.status
    if status == S.CONFIRMED:
        return _("You have a place. Your check-in code is on the sign-up page.")
    if status == S.WAITLISTED:
        return _("The activity is full: you are number %(position)s on the waitlist.") % {
            "position": sign_up.waitlist_position
        }
    if status == S.ENTERED:
        return _("You are in the lottery. Places are drawn after the deadline.")
    return _("Your sign-up awaits the organiser's approval.")


@login_required
def signup_detail(request: ActorRequest, pk: int) -> HttpResponse:
    """One sign-up with its QR code and typed code (shown on the phone at the door)."""
    sign_up = queries.signup_get(actor=request.actor, pk=pk)
    qr = None
    if sign_up.status == S.CONFIRMED:
        url = request.build_absolute_uri(
            reverse("activities:check-in-token", args=[sign_up.check_in_token])
        )
        # The SVG is generated here from our own URL, never from user input.
        qr = mark_safe(segno.make(url, error="m").svg_inline(scale=6, border=2))
    return render(request, "activities/signup_detail.html", {"sign_up": sign_up, "qr": qr})


@login_required
def signup_cancel(request: ActorRequest, pk: int) -> HttpResponse:
    """GET: ask "cancel this sign-up?" (what is lost, e.g. the place goes to the waitlist);
    POST: cancel it through ``signup_cancel`` and go back to where the person came from."""
    sign_up = queries.signup_get(actor=request.actor, pk=pk)
    back = safe_next(request, reverse("activities:activity-detail", args=[sign_up.activity_id]))
    if request.method != "POST":
        return render(
            request,
            "activities/signup_cancel.html",
            {"sign_up": sign_up, "back": back, "cancellable": CANCELLABLE_STATUSES},
        )
    try:
        services.signup_cancel(actor=request.actor, sign_up=sign_up)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The sign-up has been cancelled."))
    return redirect(back)


def safe_next(request: ActorRequest, default: str) -> str:
    """The ``next`` address sent with the request if it stays on this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else default


@login_required
@require_POST
def signup_accept(request: ActorRequest, pk: int) -> HttpResponse:
    sign_up = queries.signup_get(actor=request.actor, pk=pk)
    try:
        services.signup_accept_offer(actor=request.actor, sign_up=sign_up)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The place is yours."))
    return redirect("activities:activity-detail", pk=sign_up.activity_id)


@login_required
def self_check_in(request: ActorRequest, pk: int) -> HttpResponse:
    """Check myself in with the event code shown at the venue."""
    activity = queries.activity_get(actor=request.actor, pk=pk)
    form = SelfCheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            results = services.activity_self_check_in(
                actor=request.actor, activity=activity, event_code=form.cleaned_data["event_code"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            names = ", ".join(r.sign_up.participant_name for r in results)
            if all(r.already for r in results):
                messages.info(request, _("Already checked in: %(names)s.") % {"names": names})
            else:
                messages.success(request, _("Checked in: %(names)s. Welcome!") % {"names": names})
            return redirect("activities:activity-detail", pk=activity.pk)
    return render(request, "activities/self_check_in.html", {"activity": activity, "form": form})


@login_required
def lottery_detail(request: ActorRequest, pk: int) -> HttpResponse:
    """The public record of a draw: seed, candidates (masked), and the replay's verdict."""
    activity = queries.activity_get(actor=request.actor, pk=pk)
    draw = queries.lottery_get(actor=request.actor, activity=activity)
    if draw is None:
        raise NotFound()
    context = {
        "activity": activity,
        "draw": draw,
        "candidates": queries.lottery_candidates(draw=draw),
        "replay": lottery_replay(draw),
    }
    return render(request, "activities/lottery_detail.html", context)
