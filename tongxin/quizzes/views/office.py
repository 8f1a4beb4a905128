"""Quiz pages for the office and branch chairs: list, set up, publish, close, results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.activities.choices import ActivityStatus
from tongxin.activities.models import Activity
from tongxin.activities.permissions import ActivitiesPermission
from tongxin.core.errors import DomainError, NotFound
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, message_domain_error, paginate
from tongxin.orgs import access

from .. import queries, services
from ..choices import QuizStatus
from ..forms import QuizForm, quiz_initial
from ..permissions import QuizzesPermission
from .common import xlsx_response

P = QuizzesPermission


@login_required
def quiz_list(request: ActorRequest) -> HttpResponse:
    if not access.holds_somewhere(request.actor, P.VIEW_QUIZ):
        raise PermissionDenied
    status = request.GET.get("status", "")
    status = status if status in QuizStatus.values else ""
    page = paginate(request, queries.quiz_list_office(actor=request.actor, status=status))
    return render(
        request,
        "quizzes/quiz_list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": QuizStatus.choices,
            "can_manage": access.holds_somewhere(request.actor, P.MANAGE_QUIZ),
        },
    )


def _activities(request: ActorRequest) -> list[Activity]:
    if not access.holds_somewhere(request.actor, ActivitiesPermission.VIEW_ACTIVITY):
        return []
    qs = access.scope(
        Activity.objects.exclude(status=ActivityStatus.CANCELLED),
        request.actor,
        ActivitiesPermission.VIEW_ACTIVITY,
    )
    return list(qs.order_by("-starts_at")[:100])


def _form(request: ActorRequest, *, creating: bool, initial=None, organiser=None) -> QuizForm:  # type: ignore[no-untyped-def]
    nodes = queries.organiser_choices(actor=request.actor)
    if organiser is not None:
        categories = list(queries.categories_for(actor=request.actor, organiser=organiser))
    else:
        categories = list(queries.category_list(actor=request.actor))
    return QuizForm(
        request.POST or None,
        nodes=nodes,
        categories=categories,
        activities=_activities(request),
        creating=creating,
        initial=initial,
    )


@login_required
def quiz_create(request: ActorRequest) -> HttpResponse:
    if not access.holds_somewhere(request.actor, P.MANAGE_QUIZ):
        raise PermissionDenied
    form = _form(
        request,
        creating=True,
        initial={"shuffle_questions": True, "shuffle_options": True},
    )
    if request.method == "POST" and form.is_valid():
        organiser = form.nodes.get(form.cleaned_data["organiser"])
        if organiser is None:
            raise NotFound()
        try:
            quiz = services.quiz_create(
                actor=request.actor, organiser=organiser, data=form.quiz_data()
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The quiz has been saved as a draft."))
            return redirect("quizzes:quiz-detail", pk=quiz.pk)
    return render(request, "quizzes/quiz_form.html", {"form": form, "title": _("New quiz")})


@login_required
def quiz_edit(request: ActorRequest, pk: int) -> HttpResponse:
    quiz = queries.quiz_get(actor=request.actor, pk=pk, permission=P.MANAGE_QUIZ)
    form = _form(
        request,
        creating=False,
        initial=quiz_initial(quiz, queries.quiz_pool(quiz)),
        organiser=quiz.organiser,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.quiz_update(actor=request.actor, quiz=quiz, data=form.quiz_data())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The quiz has been saved."))
            return redirect("quizzes:quiz-detail", pk=quiz.pk)
    return render(
        request, "quizzes/quiz_form.html", {"form": form, "title": quiz.title, "quiz": quiz}
    )


@login_required
def quiz_detail(request: ActorRequest, pk: int) -> HttpResponse:
    quiz = queries.quiz_get(actor=request.actor, pk=pk)
    return render(
        request,
        "quizzes/quiz_detail.html",
        {
            "quiz": quiz,
            "pool": queries.quiz_pool(quiz),
            "summary": queries.quiz_summary(quiz),
            "can_manage": access.can(request.actor, P.MANAGE_QUIZ, quiz),
            "can_results": access.holds_somewhere(request.actor, P.VIEW_RESULTS),
        },
    )


def _action(request: ActorRequest, pk: int, call, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    quiz = queries.quiz_get(actor=request.actor, pk=pk)
    try:
        call(quiz)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, done)
    return redirect("quizzes:quiz-detail", pk=quiz.pk)


@login_required
@require_POST
def quiz_publish(request: ActorRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda quiz: services.quiz_publish(actor=request.actor, quiz=quiz),
        _("The quiz has been published."),
    )


@login_required
@require_POST
def quiz_close(request: ActorRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda quiz: services.quiz_close(actor=request.actor, quiz=quiz),
        _("The quiz has been closed."),
    )


@login_required
@require_POST
def quiz_results_switch(request: ActorRequest, pk: int) -> HttpResponse:
    public = request.POST.get("public") == "1"
    return _action(
        request,
        pk,
        lambda quiz: services.quiz_set_results_public(
            actor=request.actor, quiz=quiz, public=public
        ),
        _("Results are now shown to members.")
        if public
        else _("Results are now hidden from members."),
    )


@login_required
def quiz_results(request: ActorRequest, pk: int) -> HttpResponse:
    """The ranking (named) of the people the officer may see, per branch on demand."""
    if not access.holds_somewhere(request.actor, P.VIEW_RESULTS):
        raise PermissionDenied
    quiz = queries.quiz_get(actor=request.actor, pk=pk)
    services.quiz_expire_overdue(actor=request.actor, quiz=quiz)
    branches = queries.branch_table(actor=request.actor, quiz=quiz)
    branch = request.GET.get("branch", "")
    branch_id = int(branch) if branch.isdigit() else None
    ranking = queries.ranking(actor=request.actor, quiz=quiz, branch_id=branch_id)
    return render(
        request,
        "quizzes/quiz_results.html",
        {
            "quiz": quiz,
            "ranking": ranking,
            "branches": branches,
            "branch_id": branch_id,
            "summary": queries.quiz_summary(quiz),
            "can_export": access.can(request.actor, P.EXPORT_RESULTS, quiz),
        },
    )


@login_required
def quiz_export(request: ActorRequest, pk: int) -> HttpResponse:
    quiz = queries.quiz_get(actor=request.actor, pk=pk)
    try:
        data = services.quiz_results_export(actor=request.actor, quiz=quiz)
    except DomainError as error:
        if error.status == 403:
            raise PermissionDenied from None
        raise
    return xlsx_response(data, f"quiz-{quiz.pk}-results")
