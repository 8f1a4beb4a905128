"""Judges' pages (mobile friendly): the calls one judges, and scoring each accepted work."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError, NotFound
from tongxin.core.http import ActorRequest
from tongxin.core.web import message_domain_error

from .. import queries, services
from ..choices import CallStatus
from ..models import Work


@login_required
def judge_home(request: ActorRequest) -> HttpResponse:
    if request.actor.person_id is None:
        raise PermissionDenied
    return render(
        request,
        "submissions/judge_home.html",
        {"calls": queries.calls_to_judge(actor=request.actor)},
    )


@login_required
def judge_call(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    call = queries.call_get_for_member(actor=actor, pk=pk)
    judge = queries.judge_of(actor=actor, call=call)
    if judge is None:
        raise NotFound()
    criteria = list(call.criteria.all())
    works = queries.works_to_judge(actor=actor, call=call, judge=judge)
    for work in works:
        work.rows = [(c, work.my_scores.get(c.pk)) for c in criteria]
        work.done = all(c.pk in work.my_scores for c in criteria)
    return render(
        request,
        "submissions/judge_call.html",
        {
            "call": call,
            "works": works,
            "criteria": criteria,
            "can_score": call.status == CallStatus.JUDGING,
            "done": sum(1 for w in works if w.done),
        },
    )


@login_required
@require_POST
def judge_score(request: ActorRequest, pk: int) -> HttpResponse:
    """Save the judge's scores of one work: fields ``criterion_<id>`` with 0–100."""
    work = Work.objects.select_related("call__node", "child", "node").filter(pk=pk).first()
    if work is None:
        raise NotFound()
    values: dict[int, int] = {}
    for key, value in request.POST.items():
        raw = cast(str, value)  # QueryDict.items() gives each key's last value, a string
        if not key.startswith("criterion_") or raw.strip() == "":
            continue
        try:
            values[int(key.removeprefix("criterion_"))] = int(raw)
        except ValueError:
            messages.error(request, _("Scores are whole numbers from 0 to 100."))
            return redirect("submissions:judge-call", pk=work.call_id)
    try:
        services.score_set(actor=request.actor, work=work, values=values)
    except DomainError as error:
        if error.status == 404:
            raise
        message_domain_error(request, error)
    else:
        messages.success(request, _("Scores saved for “%(title)s”.") % {"title": work.title})
    return redirect(f"{_judge_url(work.call_id)}#work-{work.pk}")


def _judge_url(call_id: int) -> str:
    from django.urls import reverse

    return reverse("submissions:judge-call", args=[call_id])
