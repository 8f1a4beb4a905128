"""The liaison's pages (mobile first): a branch's pickup list with sign-for-member, the scanner
for members' receipt codes, mail-out, not delivered, re-issue, and the .xlsx export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import is_htmx, message_domain_error, paginate
from tongxin.orgs import access

from .. import queries, services
from ..choices import ReceiptStatus
from ..forms import AddressForm, CodeForm, NoteForm, ProxyForm
from ..permissions import BenefitsPermission

P = BenefitsPermission


@login_required
def pickup_list(request: ActorRequest, pk: int, branch_pk: int) -> HttpResponse:
    """One branch's receipts of a batch: who collected, who is still to come."""
    actor = request.actor
    batch = queries.batch_get(actor=actor, pk=pk)
    branch = queries.branch_get(actor=actor, batch=batch, pk=branch_pk)
    status = request.GET.get("status", "")
    if status not in ReceiptStatus.values:
        status = ""
    text = request.GET.get("q", "").strip()[:50]
    qs = queries.receipt_list(actor=actor, batch=batch, branch_id=branch.pk, status=status)
    if text:
        qs = qs.filter(Q(person__name__icontains=text) | Q(person__staff_number__icontains=text))
    progress = next(
        (
            row
            for row in queries.batch_progress(actor=actor, batch=batch)
            if row.branch_id == branch.pk
        ),
        None,
    )
    return render(
        request,
        "benefits/pickup_list.html",
        {
            "batch": batch,
            "branch": branch,
            "progress": progress,
            "page_obj": paginate(request, qs, per_page=50),
            "status": status,
            "statuses": ReceiptStatus.choices,
            "q": text,
            "open": batch.status == "confirmed",
            "can_sign": access.can_at(actor, P.SIGN_FOR_MEMBER, branch.path),
            "can_manage": access.can_at(actor, P.MANAGE_RECEIPT, branch.path),
            "can_export": access.can_at(actor, P.EXPORT_PICKUP, branch.path),
        },
    )


@login_required
def pickup_export(request: ActorRequest, pk: int, branch_pk: int) -> HttpResponse:
    actor = request.actor
    batch = queries.batch_get(actor=actor, pk=pk)
    branch = queries.branch_get(actor=actor, batch=batch, pk=branch_pk)
    data = services.pickup_list_export(actor=actor, batch=batch, branch=branch)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="benefits-{batch.pk}-{branch.pk}.xlsx"'
    return response


@login_required
def pickup_scan(request: ActorRequest, pk: int) -> HttpResponse:
    """Scan a member's receipt QR code (or type its code): the member is there, so it is signed."""
    actor = request.actor
    batch = queries.batch_get(actor=actor, pk=pk)
    if not access.holds_somewhere(actor, P.SIGN_FOR_MEMBER):
        return redirect("benefits:batch-detail", pk=batch.pk)
    form = CodeForm(request.POST or None)
    result = error = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            receipt = services.benefit_receipt_find(
                actor=actor, batch=batch, token=form.cleaned_data["code"]
            )
            result = services.benefit_receipt_sign(actor=actor, receipt=receipt, scanned=True)
        except DomainError as exc:
            error = exc
            status = 200 if is_htmx(request) else exc.status
        form = CodeForm()
    context = {"batch": batch, "form": form, "result": result, "error": error}
    template = "benefits/_scan_result.html" if is_htmx(request) else "benefits/pickup_scan.html"
    return render(request, template, context, status=status)


def _back(request: ActorRequest, receipt: object) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("benefits:pickup-list", pk=receipt.batch_id, branch_pk=receipt.branch_id)  # type: ignore[attr-defined]


@login_required
@require_POST
def receipt_sign_for(request: ActorRequest, pk: int) -> HttpResponse:
    """The liaison signs for a member, naming who collected."""
    receipt = queries.receipt_get(actor=request.actor, pk=pk)
    form = ProxyForm(request.POST)
    try:
        services.benefit_receipt_sign(
            actor=request.actor,
            receipt=receipt,
            proxy_name=form.data.get("proxy_name", ""),
        )
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("Signed for %(name)s.") % {"name": receipt.person.name})
    return _back(request, receipt)


@login_required
@require_POST
def receipt_mail_out(request: ActorRequest, pk: int) -> HttpResponse:
    receipt = queries.receipt_get(actor=request.actor, pk=pk)
    form = AddressForm(request.POST)
    try:
        services.benefit_receipt_mail_out(
            actor=request.actor, receipt=receipt, address=form.data.get("address", "")
        )
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("Marked as mailed."))
    return _back(request, receipt)


@login_required
@require_POST
def receipt_undelivered(request: ActorRequest, pk: int) -> HttpResponse:
    receipt = queries.receipt_get(actor=request.actor, pk=pk)
    form = NoteForm(request.POST)
    try:
        services.benefit_receipt_mark_undelivered(
            actor=request.actor, receipt=receipt, note=form.data.get("note", "")
        )
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("Marked as not delivered."))
    return _back(request, receipt)


@login_required
@require_POST
def receipt_reissue(request: ActorRequest, pk: int) -> HttpResponse:
    receipt = queries.receipt_get(actor=request.actor, pk=pk)
    form = NoteForm(request.POST)
    try:
        services.benefit_receipt_reissue(
            actor=request.actor, receipt=receipt, note=form.data.get("note", "")
        )
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("Re-issued: the old code no longer works."))
    return _back(request, receipt)
