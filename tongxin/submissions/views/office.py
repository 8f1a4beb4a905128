"""The union office's pages: calls, screening, judges, prizes, ranking, export."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.activities.models import Activity
from tongxin.activities.permissions import ActivitiesPermission
from tongxin.core.errors import DomainError, NotFound
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, message_domain_error, paginate
from tongxin.members import queries as members_queries
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries

from .. import queries, services
from ..choices import CallStatus, WorkStatus
from ..forms import AwardForm, CallForm, JudgeForm, PrizeLevelForm, PublishForm, ScreenForm
from ..models import Award, Judge, PrizeLevel
from ..permissions import SubmissionsPermission

P = SubmissionsPermission


def _office(request: ActorRequest) -> None:
    if not access.holds_somewhere(request.actor, P.VIEW_CALL):
        raise PermissionDenied


@login_required
def call_list(request: ActorRequest) -> HttpResponse:
    _office(request)
    status = request.GET.get("status", "")
    page = paginate(request, queries.call_list(actor=request.actor, status=status))
    return render(
        request,
        "submissions/call_list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": CallStatus.choices,
            "can_create": access.holds_somewhere(request.actor, P.MANAGE_CALL),
        },
    )


def _call_values(data: dict) -> dict:
    return {
        "title": data["title"],
        "description": data["description"],
        "kinds": data["kinds"],
        "eligibility": data["eligibility"],
        "child_min_age": data["child_min_age"],
        "child_max_age": data["child_max_age"],
        "opens_on": data["opens_on"],
        "closes_on": data["closes_on"],
        "max_works_per_author": data["max_works_per_author"],
        "criteria": data["criteria"],
        "activity": data["activity"],
    }


def _activities(actor, school):  # type: ignore[no-untyped-def]
    """Activities of the school the office may link a call to (most recent first)."""
    qs = Activity.objects.filter(school=school).order_by("-starts_at", "-id")
    return list(access.scope(qs, actor, ActivitiesPermission.MANAGE_ACTIVITY)[:100])


@login_required
def call_create(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if not access.holds_somewhere(actor, P.MANAGE_CALL):
        raise PermissionDenied
    school = orgs_queries.school_for(actor=actor, permission=P.MANAGE_CALL)
    if school is None:
        raise PermissionDenied
    form = CallForm(
        request.POST or None,
        initial={"criteria": _("Creativity 40\nSkill 30\nTheme 30"), "eligibility": "children"},
        activities=_activities(actor, school),
    )
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(actor=actor, node=school, **_call_values(form.cleaned_data))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The call has been created as a draft."))
            return redirect("submissions:call-detail", pk=call.pk)
    return render(
        request, "submissions/form.html", {"form": form, "title": _("New submission call")}
    )


@login_required
def call_edit(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    call = queries.call_get(actor=actor, pk=pk)
    if not access.can(actor, P.MANAGE_CALL, call):
        raise PermissionDenied
    initial = {
        "title": call.title,
        "description": call.description,
        "kinds": call.kinds,
        "eligibility": call.eligibility,
        "child_min_age": call.child_min_age,
        "child_max_age": call.child_max_age,
        "opens_on": call.opens_on,
        "closes_on": call.closes_on,
        "max_works_per_author": call.max_works_per_author,
        "criteria": "\n".join(f"{c.name} {c.weight}" for c in call.criteria.all()),
        "activity": call.activity_id,
    }
    form = CallForm(
        request.POST or None, initial=initial, activities=_activities(actor, call.school)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(actor=actor, call=call, **_call_values(form.cleaned_data))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The call has been changed."))
            return redirect("submissions:call-detail", pk=call.pk)
    return render(
        request,
        "submissions/form.html",
        {"form": form, "title": _("Change the call"), "call": call},
    )


@login_required
def call_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    call = queries.call_get(actor=actor, pk=pk)
    can_manage = access.can(actor, P.MANAGE_CALL, call)
    works = list(queries.work_list(actor=actor, call=call))
    ranking = (
        queries.call_ranking(actor=actor, call=call)
        if call.status in (CallStatus.JUDGING, CallStatus.PUBLISHED)
        else []
    )
    levels = list(call.prize_levels.all())
    return render(
        request,
        "submissions/call_detail.html",
        {
            "call": call,
            "works": works,
            "waiting": [w for w in works if w.status == WorkStatus.SUBMITTED],
            "ranking": ranking,
            "levels": levels,
            "can_manage": can_manage,
            "can_screen": access.can(actor, P.SCREEN_WORK, call),
            "can_export": access.can(actor, P.EXPORT_CALL, call),
            "participants": services.participant_count(call),
            "judge_form": JudgeForm(),
            "prize_form": PrizeLevelForm(),
            "award_form": AwardForm(levels=levels),
            "publish_form": PublishForm(),
            "screen_form": ScreenForm(),
        },
    )


_MOVES = {
    "open": (services.call_open, _("The call is open for works.")),
    "judging": (services.call_start_judging, _("Submissions are closed; judging has started.")),
}


@login_required
@require_POST
def call_move(request: ActorRequest, pk: int, move: str) -> HttpResponse:
    call = queries.call_get(actor=request.actor, pk=pk)
    if move not in _MOVES:
        raise NotFound()
    service, done = _MOVES[move]
    try:
        service(actor=request.actor, call=call)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, done)
    return redirect("submissions:call-detail", pk=call.pk)


@login_required
@require_POST
def call_publish(request: ActorRequest, pk: int) -> HttpResponse:
    call = queries.call_get(actor=request.actor, pk=pk)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        services.call_publish(
            actor=request.actor,
            call=call,
            pay_prizes=bool(form.cleaned_data.get("pay_prizes")),
            on=timezone.localdate(),
        )
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The results have been published."))
    return redirect("submissions:call-detail", pk=call.pk)


@login_required
@require_POST
def judge_add(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    call = queries.call_get(actor=actor, pk=pk)
    form = JudgeForm(request.POST)
    if form.is_valid():
        try:
            person = members_queries.person_pick(
                actor=actor, text=form.cleaned_data["person_query"]
            )
            services.judge_appoint(actor=actor, call=call, person=person)
        except DomainError as error:
            message_domain_error(request, error)
        else:
            messages.success(request, _("%(name)s is now a judge.") % {"name": person.name})
    else:
        messages.error(request, _("Enter a staff number or a name."))
    return redirect("submissions:call-detail", pk=call.pk)


@login_required
@require_POST
def judge_remove(request: ActorRequest, pk: int, judge_pk: int) -> HttpResponse:
    call = queries.call_get(actor=request.actor, pk=pk)
    judge = Judge.objects.filter(call=call, pk=judge_pk).select_related("call__node").first()
    if judge is None:
        raise NotFound()
    try:
        services.judge_remove(actor=request.actor, judge=judge)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The judge has been removed."))
    return redirect("submissions:call-detail", pk=call.pk)


@login_required
@require_POST
def prize_add(request: ActorRequest, pk: int) -> HttpResponse:
    call = queries.call_get(actor=request.actor, pk=pk)
    form = PrizeLevelForm(request.POST)
    if form.is_valid():
        try:
            services.prize_level_add(
                actor=request.actor,
                call=call,
                name=form.cleaned_data["name"],
                count=form.cleaned_data["count"],
                amount_fen=form.cleaned_data["amount"],
            )
        except DomainError as error:
            message_domain_error(request, error)
        else:
            messages.success(request, _("The prize has been added."))
    else:
        for errors in form.errors.values():
            # ErrorList items are messages: it unwraps each ValidationError on access.
            messages.error(request, cast(str, errors[0]))
    return redirect("submissions:call-detail", pk=call.pk)


@login_required
@require_POST
def prize_remove(request: ActorRequest, pk: int, level_pk: int) -> HttpResponse:
    call = queries.call_get(actor=request.actor, pk=pk)
    level = PrizeLevel.objects.filter(call=call, pk=level_pk).select_related("call__node").first()
    if level is None:
        raise NotFound()
    try:
        services.prize_level_remove(actor=request.actor, level=level)
    except DomainError as error:
        message_domain_error(request, error)
    return redirect("submissions:call-detail", pk=call.pk)


@login_required
@require_POST
def work_screen(request: ActorRequest, pk: int) -> HttpResponse:
    work = queries.work_get(actor=request.actor, pk=pk)
    form = ScreenForm(request.POST)
    if form.is_valid():
        action, note = form.cleaned_data["action"], form.cleaned_data["note"]
        service = services.work_accept if action == "accept" else services.work_reject
        try:
            service(actor=request.actor, work=work, note=note)
        except DomainError as error:
            message_domain_error(request, error)
        else:
            messages.success(request, _("“%(title)s” has been screened.") % {"title": work.title})
    return redirect("submissions:call-detail", pk=work.call_id)


@login_required
@require_POST
def work_award(request: ActorRequest, pk: int) -> HttpResponse:
    work = queries.work_get(actor=request.actor, pk=pk)
    levels = list(PrizeLevel.objects.filter(call_id=work.call_id))
    form = AwardForm(request.POST, levels=levels)
    if form.is_valid():
        level = next(level for level in levels if level.pk == form.cleaned_data["level"])
        try:
            services.award_grant(actor=request.actor, work=work, level=level)
        except DomainError as error:
            message_domain_error(request, error)
        else:
            messages.success(request, _("The prize has been given."))
    return redirect("submissions:call-detail", pk=work.call_id)


@login_required
@require_POST
def work_award_revoke(request: ActorRequest, pk: int) -> HttpResponse:
    work = queries.work_get(actor=request.actor, pk=pk)
    award = Award.objects.filter(work=work).select_related("call__node", "level").first()
    if award is None:
        raise NotFound()
    try:
        services.award_revoke(actor=request.actor, award=award)
    except DomainError as error:
        message_domain_error(request, error)
    return redirect("submissions:call-detail", pk=work.call_id)


@login_required
@require_POST
def awards_from_ranking(request: ActorRequest, pk: int) -> HttpResponse:
    call = queries.call_get(actor=request.actor, pk=pk)
    try:
        awards = services.awards_from_ranking(actor=request.actor, call=call)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("%(count)d prizes given by ranking.") % {"count": len(awards)})
    return redirect("submissions:call-detail", pk=call.pk)


@login_required
def call_export(request: ActorRequest, pk: int) -> HttpResponse:
    call = queries.call_get(actor=request.actor, pk=pk)
    data = services.call_results_export(actor=request.actor, call=call)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="submission-results-{call.pk}-{timezone.localdate().isoformat()}.xlsx"'
    )
    return response
