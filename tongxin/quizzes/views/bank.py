"""Question bank pages for the office and branch chairs: categories, questions, import."""

import base64
import binascii

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError, NotFound
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, message_domain_error, paginate
from tongxin.orgs import access

from .. import queries, services
from ..choices import OPTION_LETTERS, QuestionKind
from ..forms import CategoryForm, ImportForm, QuestionForm, question_initial
from ..importing import MAX_BYTES
from ..permissions import QuizzesPermission
from ..spreadsheets import template_workbook
from .common import xlsx_response

P = QuizzesPermission


def _require_console(request: ActorRequest, permission: str = P.VIEW_BANK) -> None:
    if not access.holds_somewhere(request.actor, permission):
        raise PermissionDenied


def _node(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    nodes = {
        n.pk: n for n in queries.organiser_choices(actor=request.actor, permission=P.MANAGE_BANK)
    }
    if pk not in nodes:
        raise NotFound()
    return nodes[pk]


@login_required
def bank(request: ActorRequest) -> HttpResponse:
    """Categories with their question counts, and the questions of the chosen category."""
    _require_console(request)
    actor = request.actor
    categories = list(queries.category_list(actor=actor))
    category_id = request.GET.get("category", "")
    filters = queries.QuestionFilters(
        category_id=int(category_id) if category_id.isdigit() else None,
        kind=request.GET.get("kind", "") if request.GET.get("kind") in QuestionKind.values else "",
        q=request.GET.get("q", "").strip()[:100],
        archived=request.GET.get("archived") == "1",
    )
    page = paginate(request, queries.question_list(actor=actor, filters=filters))
    return render(
        request,
        "quizzes/bank.html",
        {
            "categories": categories,
            "page_obj": page,
            "filters": filters,
            "kinds": QuestionKind.choices,
            "letters": OPTION_LETTERS,
            "can_manage": access.holds_somewhere(actor, P.MANAGE_BANK),
        },
    )


@login_required
def category_create(request: ActorRequest) -> HttpResponse:
    _require_console(request, P.MANAGE_BANK)
    nodes = queries.organiser_choices(actor=request.actor, permission=P.MANAGE_BANK)
    form = CategoryForm(request.POST or None, nodes=nodes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.category_create(
                actor=request.actor,
                node=_node(request, data["node"]),
                name=data["name"],
                sort_order=data["sort_order"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The category has been added."))
            return redirect("quizzes:bank")
    return render(
        request,
        "quizzes/form.html",
        {"form": form, "title": _("New category"), "back": "quizzes:bank"},
    )


@login_required
def category_edit(request: ActorRequest, pk: int) -> HttpResponse:
    category = queries.category_get(actor=request.actor, pk=pk, permission=P.MANAGE_BANK)
    form = CategoryForm(
        request.POST or None, initial={"name": category.name, "sort_order": category.sort_order}
    )
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("delete") == "1":
                services.category_delete(actor=request.actor, category=category)
                messages.success(request, _("The category has been deleted."))
                return redirect("quizzes:bank")
            services.category_update(actor=request.actor, category=category, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The category has been saved."))
            return redirect("quizzes:bank")
    return render(
        request,
        "quizzes/form.html",
        {"form": form, "title": _("Category"), "back": "quizzes:bank", "deletable": True},
    )


def _categories(request: ActorRequest) -> list:
    return list(
        queries.category_list(actor=request.actor).filter(
            node__in=queries.organiser_choices(actor=request.actor, permission=P.MANAGE_BANK)
        )
    )


@login_required
def question_create(request: ActorRequest) -> HttpResponse:
    _require_console(request, P.MANAGE_BANK)
    categories = _categories(request)
    initial = {"category": request.GET.get("category")} if request.GET.get("category") else {}
    form = QuestionForm(request.POST or None, categories=categories, initial=initial)
    if request.method == "POST" and form.is_valid():
        category = next(c for c in categories if c.pk == form.cleaned_data["category"])
        try:
            services.question_create(
                actor=request.actor, category=category, data=form.question_data()
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The question has been added."))
            if request.POST.get("another") == "1":
                return redirect(f"{request.path}?category={category.pk}")
            return redirect(f"{_bank_url()}?category={category.pk}")
    return render(
        request,
        "quizzes/question_form.html",
        {"form": form, "title": _("New question"), "creating": True},
    )


def _bank_url() -> str:
    from django.urls import reverse

    return reverse("quizzes:bank")


@login_required
def question_edit(request: ActorRequest, pk: int) -> HttpResponse:
    question = queries.question_get(actor=request.actor, pk=pk, permission=P.MANAGE_BANK)
    categories = [c for c in _categories(request) if c.node_id == question.node_id]
    form = QuestionForm(
        request.POST or None, categories=categories, initial=question_initial(question)
    )
    if request.method == "POST" and form.is_valid():
        category = next(c for c in categories if c.pk == form.cleaned_data["category"])
        try:
            services.question_update(
                actor=request.actor, question=question, data=form.question_data(), category=category
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The question has been saved."))
            return redirect(f"{_bank_url()}?category={category.pk}")
    return render(
        request,
        "quizzes/question_form.html",
        {"form": form, "title": _("Question"), "question": question},
    )


@login_required
@require_POST
def question_archive(request: ActorRequest, pk: int) -> HttpResponse:
    question = queries.question_get(actor=request.actor, pk=pk, permission=P.MANAGE_BANK)
    try:
        services.question_archive(
            actor=request.actor, question=question, active=request.POST.get("active") == "1"
        )
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The question has been saved."))
    return redirect(f"{_bank_url()}?category={question.category_id}")


@login_required
def question_import(request: ActorRequest) -> HttpResponse:
    """Upload a sheet: a dry run shows every row; applying re-reads the same file (kept in the
    page, checked again) and saves the valid rows."""
    _require_console(request, P.MANAGE_BANK)
    nodes = queries.organiser_choices(actor=request.actor, permission=P.MANAGE_BANK)
    form = ImportForm(request.POST or None, request.FILES or None, nodes=nodes)
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content = _content(form)
        if content is not None:
            apply = request.POST.get("apply") == "1"
            try:
                report = services.question_import(
                    actor=request.actor,
                    node=_node(request, data["node"]),
                    content=content,
                    apply=apply,
                    skip_invalid=data["skip_invalid"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                if report.applied:
                    messages.success(
                        request,
                        _("%(count)d questions have been imported.") % {"count": report.created},
                    )
                    return redirect("quizzes:bank")
                form = ImportForm(
                    initial={
                        "node": data["node"],
                        "content": base64.b64encode(content).decode(),
                        "skip_invalid": data["skip_invalid"],
                    },
                    nodes=nodes,
                )
    return render(request, "quizzes/import.html", {"form": form, "report": report})


def _content(form: ImportForm) -> bytes | None:
    upload = form.cleaned_data.get("file")
    if upload is not None:
        if upload.size > MAX_BYTES:
            form.add_error("file", _("The file is larger than 5 MB."))
            return None
        return upload.read()
    try:
        content = base64.b64decode(form.cleaned_data.get("content") or "", validate=True)
    except (binascii.Error, ValueError):
        content = b""
    if not content:
        form.add_error("file", _("Choose the question sheet to upload."))
        return None
    return content


@login_required
def import_template(request: ActorRequest) -> HttpResponse:
    _require_console(request, P.MANAGE_BANK)
    return xlsx_response(template_workbook(), "questions-template")
