"""The member's pages: my benefits, one receipt with its QR code and confirm button, and the
page a receipt's link or QR code opens."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import message_domain_error
from tongxin.orgs import access

from .. import queries, services
from ..choices import SIGNABLE_STATUSES, BatchStatus
from ..models import BenefitReceipt
from ..permissions import BenefitsPermission

P = BenefitsPermission


def _signable(receipt: BenefitReceipt) -> bool:
    return receipt.status in SIGNABLE_STATUSES and receipt.batch.status == BatchStatus.CONFIRMED


@login_required
def my_benefits(request: ActorRequest) -> HttpResponse:
    receipts = list(queries.receipt_mine(actor=request.actor)[:100])
    return render(request, "benefits/my_benefits.html", {"receipts": receipts})


@login_required
def receipt_detail(request: ActorRequest, pk: int) -> HttpResponse:
    """One receipt: the QR code the liaison scans, or the button to confirm receipt."""
    receipt = queries.receipt_get(actor=request.actor, pk=pk)
    own = receipt.person_id == request.actor.person_id
    qr = url = None
    if own and _signable(receipt):
        url = request.build_absolute_uri(reverse("benefits:receipt-token", args=[receipt.token]))
        # The SVG is generated here from our own URL, never from user input.
        qr = mark_safe(segno.make(url, error="m").svg_inline(scale=6, border=2))
    return render(
        request,
        "benefits/receipt_detail.html",
        {"receipt": receipt, "qr": qr, "link": url, "own": own, "signable": _signable(receipt)},
    )


@login_required
@require_POST
def receipt_confirm(request: ActorRequest, pk: int) -> HttpResponse:
    """The member confirms on their phone that they received the goods."""
    receipt = queries.receipt_get(actor=request.actor, pk=pk)
    try:
        services.benefit_receipt_sign(actor=request.actor, receipt=receipt)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("Thank you: receipt confirmed."))
    return redirect("benefits:receipt-detail", pk=receipt.pk)


@login_required
def receipt_token(request: ActorRequest, token: str) -> HttpResponse:
    """Where a receipt's link or QR code leads: the member confirms, or the liaison (who
    scanned it with the phone's own camera) signs with the member present."""
    actor = request.actor
    receipt = queries.receipt_by_token(actor=actor, token=token)
    own = receipt.person_id == actor.person_id
    may_sign = own or access.can(actor, P.SIGN_FOR_MEMBER, receipt)
    if request.method == "POST" and may_sign:
        try:
            services.benefit_receipt_sign(actor=actor, receipt=receipt, scanned=not own)
        except DomainError as error:
            message_domain_error(request, error)
        else:
            messages.success(request, _("Signed for %(name)s.") % {"name": receipt.person.name})
        return redirect("benefits:receipt-token", token=token)
    return render(
        request,
        "benefits/receipt_token.html",
        {
            "receipt": receipt,
            "own": own,
            "may_sign": may_sign and _signable(receipt),
        },
    )
