"""The department handler's pages: the items routed to their departments, and the reply.

These pages read through ``department_item_*`` only, which leave out the filer's name and
branch when the filer asked to stay anonymous to the department.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, paginate
from tongxin.orgs import access
from tongxin.orgs import queries_departments as department_queries

from .. import queries, services
from ..choices import ItemStatus
from ..forms import ReplyForm
from ..permissions import VoicePermission

P = VoicePermission


@login_required
def department_items(request: ActorRequest) -> HttpResponse:
    """Items routed to the handler's departments, waiting ones first (fixed queries)."""
    actor = request.actor
    if not access.can_somewhere(actor, P.VIEW_ROUTED_ITEM):
        raise PermissionDenied
    status = request.GET.get("status", "")
    status = status if status in ItemStatus.values else ""
    page = paginate(request, queries.department_item_list(actor=actor, status=status))
    context = {
        "page_obj": page,
        "departments": department_queries.departments_handled(actor=actor),
        "status": status,
        "statuses": [
            (ItemStatus.ROUTED, ItemStatus.ROUTED.label),
            (ItemStatus.REPLIED, ItemStatus.REPLIED.label),
            (ItemStatus.CLOSED, ItemStatus.CLOSED.label),
        ],
        "today": timezone.localdate(),
    }
    return render(request, "voice/department_items.html", context)


@login_required
def department_item_detail(request: ActorRequest, pk: int) -> HttpResponse:
    """One routed item as the department sees it, with the reply form while it waits."""
    actor = request.actor
    view = queries.department_item_get(actor=actor, pk=pk)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = queries.department_item_for_reply(actor=actor, pk=pk)
        try:
            services.voice_item_reply(
                actor=actor, item=item, text=form.cleaned_data["text"], on=form.cleaned_data["on"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your reply has been sent."))
            return redirect("voice:department-item-detail", pk=pk)
    return render(
        request,
        "voice/department_item_detail.html",
        {"view": view, "form": form, "can_reply": view.status == ItemStatus.ROUTED},
    )
