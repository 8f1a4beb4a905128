"""Member pages (mobile first): open calls, submitting a work, my works, the gallery, files."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, message_domain_error
from tongxin.members import queries as members_queries
from tongxin.members.choices import Relation
from tongxin.orgs import access

from .. import queries, services
from ..choices import CallStatus, WorkKind
from ..forms import WorkForm
from ..permissions import SubmissionsPermission
from ..queries.calls import is_open_today
from ..services import files

P = SubmissionsPermission
ACCEPT = {
    WorkKind.IMAGE: "image/jpeg,image/png,image/webp",
    WorkKind.AUDIO: "audio/mpeg,audio/mp4,audio/x-m4a,audio/wav",
    WorkKind.PDF: "application/pdf",
}


def _person_actor(request: ActorRequest) -> None:
    if request.actor.person_id is None:
        raise PermissionDenied


@login_required
def calls_open(request: ActorRequest) -> HttpResponse:
    """Calls for the member: open ones first, then those in judging or with results."""
    _person_actor(request)
    calls = list(queries.calls_open_for(actor=request.actor)[:50])
    return render(
        request,
        "submissions/calls_open.html",
        {
            "open_calls": [c for c in calls if is_open_today(c)],
            "other_calls": [c for c in calls if not is_open_today(c)],
        },
    )


@login_required
def call_page(request: ActorRequest, pk: int) -> HttpResponse:
    call = queries.call_get_for_member(actor=request.actor, pk=pk)
    return render(
        request,
        "submissions/call_page.html",
        {
            "call": call,
            "is_open": is_open_today(call),
            "is_judge": queries.judge_of(actor=request.actor, call=call) is not None,
            "can_view_office": access.can(request.actor, P.VIEW_CALL, call),
        },
    )


@login_required
def work_submit(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    _person_actor(request)
    call = queries.call_get_for_member(actor=actor, pk=pk)
    # _person_actor() refused an actor without a person.
    person = members_queries.person_get(actor=actor, pk=cast(int, actor.person_id))
    if request.method == "POST" and _body_too_large(request, call.kinds):
        messages.error(request, files.too_large_error(call.kinds).message)
        return redirect("submissions:work-submit", pk=call.pk)
    children = [
        member
        for member in members_queries.family_list(actor=actor, person=person)
        if member.relation == Relation.CHILD
    ]
    form = WorkForm(
        request.POST or None,
        request.FILES or None,
        children=children,
        for_children=call.is_for_children,
        accept=",".join(ACCEPT[kind] for kind in call.kinds if kind in ACCEPT),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        child = next((c for c in children if c.pk == data.get("child")), None)
        try:
            services.work_submit(
                actor=actor,
                call=call,
                submitter=person,
                child=child,
                title=data["title"],
                description=data["description"],
                upload=data["file"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Your work has been sent; the union office will screen it.")
            )
            return redirect("submissions:works-mine")
    return render(
        request,
        "submissions/work_submit.html",
        {
            "form": form,
            "call": call,
            "is_open": is_open_today(call),
            "no_children": call.is_for_children and not children,
        },
    )


FORM_OVERHEAD_BYTES = 64 * 1024


def _body_too_large(request: ActorRequest, kinds: list[str]) -> bool:
    """A body larger than the largest allowed file (plus the form) is refused from its
    Content-Length alone. Django may already have spooled it to a temporary file (the CSRF
    check reads the form), so the hard cap on body size belongs to the reverse proxy."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > files.largest_allowed(kinds) + FORM_OVERHEAD_BYTES


@login_required
def works_mine(request: ActorRequest) -> HttpResponse:
    _person_actor(request)
    return render(
        request,
        "submissions/works_mine.html",
        {"works": list(queries.works_mine(actor=request.actor)), "published": CallStatus.PUBLISHED},
    )


@login_required
@require_POST
def work_withdraw(request: ActorRequest, pk: int) -> HttpResponse:
    work = queries.work_get(actor=request.actor, pk=pk)
    try:
        services.work_withdraw(actor=request.actor, work=work)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The work has been withdrawn."))
    return redirect("submissions:works-mine")


@login_required
def gallery(request: ActorRequest, pk: int) -> HttpResponse:
    """Accepted works of a call; prizes show once the results are published."""
    call = queries.call_get_for_member(actor=request.actor, pk=pk)
    return render(
        request,
        "submissions/gallery.html",
        {
            "call": call,
            "works": queries.gallery(actor=request.actor, call=call),
            "published": call.status == CallStatus.PUBLISHED,
        },
    )


@login_required
def work_file(request: ActorRequest, pk: int) -> FileResponse:
    """The work's file, if the actor may see it (``queries.work_file_get``), served inline
    with the sniffed content type and ``nosniff`` so a browser never reinterprets it."""
    work = queries.work_file_get(actor=request.actor, pk=pk)
    try:
        handle = work.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=work.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    name = cast(str, work.file.name)  # the file is required and was just opened
    response["Content-Disposition"] = f'inline; filename="work-{work.pk}{_suffix(name)}"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if dot > name.rfind("/") else ""
