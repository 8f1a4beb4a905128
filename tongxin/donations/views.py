"""Donation pages: the office's campaigns, a liaison's branch entry and upload, the member's
page, receipts and the honour roll. Thin: each calls one query or one service."""

import base64
import binascii

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tongxin.core import audit
from tongxin.core.errors import DomainError, NotFound
from tongxin.core.forms import yuan_initial
from tongxin.core.http import ActorRequest
from tongxin.core.money import format_fen
from tongxin.core.web import add_domain_error, message_domain_error, paginate
from tongxin.members import queries as members_queries
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode
from tongxin.orgs.permissions import OrgsPermission

from . import queries, services
from .choices import CampaignStatus, DonationStatus
from .forms import CampaignForm, DonationForm, HandOverForm, RejectForm, ReportForm, UploadForm
from .models import Campaign
from .permissions import DonationsPermission
from .spreadsheets import parse_upload, template_workbook

P = DonationsPermission
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _campaign(request: ActorRequest, pk: int) -> Campaign:
    return queries.campaign_get(actor=request.actor, pk=pk)


# Office and branch console ------------------------------------------------------------------


@login_required
def campaign_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if not (
        access.holds_somewhere(actor, P.VIEW_CAMPAIGN)
        or access.holds_somewhere(actor, P.RECORD_DONATION)
    ):
        raise PermissionDenied
    status = request.GET.get("status", "")
    page = paginate(request, queries.campaign_list(actor=actor, status=status))
    return render(
        request,
        "donations/campaign_list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": CampaignStatus.choices,
            "can_create": access.holds_somewhere(actor, P.MANAGE_CAMPAIGN),
        },
    )


@login_required
def campaign_create(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    school = orgs_queries.school_for(actor=actor, permission=P.MANAGE_CAMPAIGN)
    if school is None:
        raise PermissionDenied
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_create(
                actor=actor,
                organiser=school,
                title=data["title"],
                recipient=data["recipient"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                target_fen=data["target"] or 0,
                description=data["description"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The campaign has been created as a draft."))
            return redirect("donations:campaign-detail", pk=campaign.pk)
    return render(request, "donations/campaign_form.html", {"form": form, "campaign": None})


@login_required
def campaign_edit(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    campaign = _campaign(request, pk)
    if not queries.can_manage(actor, campaign):
        raise PermissionDenied
    initial = {
        "title": campaign.title,
        "recipient": campaign.recipient,
        "target": yuan_initial(campaign.target_fen),
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "description": campaign.description,
    }
    form = CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.campaign_update(
                actor=actor,
                campaign=campaign,
                title=data["title"],
                recipient=data["recipient"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                target_fen=data["target"] or 0,
                description=data["description"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The campaign has been saved."))
            return redirect("donations:campaign-detail", pk=campaign.pk)
    return render(request, "donations/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
def campaign_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    campaign = _campaign(request, pk)
    manages = queries.can_manage(actor, campaign)
    records = access.holds_somewhere(actor, P.RECORD_DONATION)
    if not (manages or records or access.holds_somewhere(actor, P.VIEW_CAMPAIGN)):
        raise PermissionDenied
    totals = queries.branch_totals(actor=actor, campaign=campaign)
    pending = list(queries.pending_for(actor=actor, campaign=campaign)[:200])
    hand_over_form = None
    if access.can(actor, P.HAND_OVER, campaign) and campaign.status == CampaignStatus.CLOSED:
        hand_over_form = HandOverForm(
            initial={
                "amount": yuan_initial(campaign.collected_fen),  # type: ignore[attr-defined]
                "handed_over_on": timezone.localdate(),
            }
        )
    progress = (
        min(100, campaign.collected_fen * 100 // campaign.target_fen)  # type: ignore[attr-defined]
        if campaign.target_fen
        else None
    )
    return render(
        request,
        "donations/campaign_detail.html",
        {
            "campaign": campaign,
            "totals": totals,
            "pending": pending,
            "manages": manages,
            "records": records,
            "progress": progress,
            "hand_over_form": hand_over_form,
            "reject_form": RejectForm(),
            "can_export": access.holds_somewhere(actor, P.EXPORT_DONATION),
            "history": (
                audit.history(campaign)
                if access.can(actor, OrgsPermission.VIEW_HISTORY, campaign)
                else None
            ),
        },
    )


_ACTIONS = {
    "open": (services.campaign_open, gettext_lazy("The campaign is open for donations.")),
    "close": (services.campaign_close, gettext_lazy("The campaign is closed.")),
    "reopen": (services.campaign_reopen, gettext_lazy("The campaign is open again.")),
}


@login_required
@require_POST
def campaign_action(request: ActorRequest, pk: int, action: str) -> HttpResponse:
    campaign = _campaign(request, pk)
    if action not in _ACTIONS:
        raise NotFound()
    service, done = _ACTIONS[action]
    try:
        service(actor=request.actor, campaign=campaign)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, str(done))
    return redirect("donations:campaign-detail", pk=pk)


@login_required
@require_POST
def campaign_hand_over(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    campaign = _campaign(request, pk)
    form = HandOverForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.campaign_hand_over(
                actor=actor,
                campaign=campaign,
                amount_fen=data["amount"],
                handed_over_on=data["handed_over_on"],
                recipient_receipt=data["recipient_receipt"],
                note=data["note"],
            )
        except DomainError as error:
            message_domain_error(request, error)
        else:
            messages.success(request, _("The hand-over has been recorded."))
    else:
        for errors in form.errors.values():
            messages.error(request, str(errors[0]))
    return redirect("donations:campaign-detail", pk=pk)


@login_required
def donation_list(request: ActorRequest, pk: int) -> HttpResponse:
    """The donations of a campaign the actor may see (a liaison: their branch)."""
    actor = request.actor
    campaign = _campaign(request, pk)
    if not access.holds_somewhere(actor, P.VIEW_DONATION):
        raise PermissionDenied
    status = request.GET.get("status", "")
    page = paginate(request, queries.donation_list(actor=actor, campaign=campaign, status=status))
    return render(
        request,
        "donations/donation_list.html",
        {
            "campaign": campaign,
            "page_obj": page,
            "status": status,
            "statuses": DonationStatus.choices,
            "can_export": access.holds_somewhere(actor, P.EXPORT_DONATION),
            "can_cancel": access.holds_somewhere(actor, P.CONFIRM_DONATION)
            and campaign.status in (CampaignStatus.OPEN, CampaignStatus.CLOSED),
        },
    )


@login_required
def donation_create(request: ActorRequest, pk: int) -> HttpResponse:
    """A liaison (or the office) records one donation they received."""
    actor = request.actor
    campaign = _campaign(request, pk)
    if not access.holds_somewhere(actor, P.RECORD_DONATION):
        raise PermissionDenied
    form = DonationForm(
        request.POST or None, initial={"donated_on": min(timezone.localdate(), campaign.ends_on)}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = members_queries.person_pick(
                actor=actor,
                pk=request.POST.get("person"),
                text=data["staff_number"],
                permission=P.RECORD_DONATION,
                field="staff_number",
            )
            donation = services.donation_record(
                actor=actor,
                campaign=campaign,
                person=person,
                amount_fen=data["amount"],
                donated_on=data["donated_on"],
                channel=data["channel"],
                is_anonymous=data["is_anonymous"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Recorded; receipt number %(number)s.") % {"number": donation.receipt_number},
            )
            return redirect("donations:donation-create", pk=campaign.pk)
    return render(request, "donations/donation_form.html", {"form": form, "campaign": campaign})


@login_required
@require_POST
def donation_confirm(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    campaign = _campaign(request, pk)
    ids = [value for value in request.POST.getlist("donation") if value.isdigit()]
    chosen = list(queries.pending_for(actor=actor, campaign=campaign).filter(pk__in=ids))
    try:
        batch = services.donation_confirm(actor=actor, donations=chosen)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(
            request,
            _("%(count)d donation(s) confirmed and receipts issued.")
            % {"count": batch.donation_count},
        )
    return redirect("donations:campaign-detail", pk=pk)


@login_required
@require_POST
def donation_reject(request: ActorRequest, pk: int, donation_pk: int) -> HttpResponse:
    actor = request.actor
    donation = queries.donation_get(actor=actor, pk=donation_pk)
    form = RejectForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Say why the report is rejected."), field="reason")
        services.donation_reject(actor=actor, donation=donation, reason=form.cleaned_data["reason"])
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The report has been rejected."))
    return redirect("donations:campaign-detail", pk=pk)


@login_required
@require_POST
def donation_cancel(request: ActorRequest, pk: int, donation_pk: int) -> HttpResponse:
    actor = request.actor
    donation = queries.donation_get(actor=actor, pk=donation_pk)
    try:
        services.donation_cancel(
            actor=actor, donation=donation, reason=request.POST.get("reason", "")
        )
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The donation has been cancelled and its receipt voided."))
    return redirect("donations:donation-list", pk=pk)


def _bulk_node(request: ActorRequest) -> tuple[list[OrgNode], OrgNode]:
    nodes = orgs_queries.branch_choices(
        actor=request.actor, permission=P.RECORD_DONATION, kinds=[OrgNodeKind.BRANCH]
    )
    if not nodes:
        raise PermissionDenied
    wanted = request.POST.get("node") or request.GET.get("node")
    node = next((n for n in nodes if str(n.pk) == wanted), nodes[0])
    return nodes, node


@login_required
def donation_bulk(request: ActorRequest, pk: int) -> HttpResponse:
    """Upload → dry run (row by row) → apply all or nothing."""
    actor = request.actor
    campaign = _campaign(request, pk)
    nodes, node = _bulk_node(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    plan, content, error = None, "", None
    if request.method == "POST":
        raw: bytes | None = None
        if request.POST.get("content"):
            try:
                raw = base64.b64decode(request.POST["content"], validate=True)
            except (binascii.Error, ValueError):
                raw = None
        elif form.is_valid():
            raw = form.cleaned_data["file"].read()
        if raw is not None:
            try:
                rows = parse_upload(raw)
                if request.POST.get("apply") and request.POST.get("content"):
                    batch = services.donation_bulk_apply(
                        actor=actor, campaign=campaign, node=node, rows=rows
                    )
                    messages.success(
                        request,
                        _("%(count)d donation(s) entered, %(total)s yuan.")
                        % {"count": batch.donation_count, "total": format_fen(batch.total_fen)},
                    )
                    return redirect("donations:donation-list", pk=campaign.pk)
                plan = services.donation_bulk_plan(
                    actor=actor, campaign=campaign, node=node, rows=rows
                )
                content = base64.b64encode(raw).decode()
            except DomainError as failure:
                error = failure
                if failure.code == "import_has_errors":
                    plan = services.donation_bulk_plan(
                        actor=actor, campaign=campaign, node=node, rows=rows
                    )
    return render(
        request,
        "donations/bulk.html",
        {
            "campaign": campaign,
            "form": form,
            "nodes": nodes,
            "node": node,
            "plan": plan,
            "content": content,
            "error": error,
        },
    )


@login_required
def bulk_template(request: ActorRequest) -> HttpResponse:
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="donations-template.xlsx"'
    return response


@login_required
def donation_export(request: ActorRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    filename, content = services.donation_export(actor=request.actor, campaign=campaign)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Member pages ---------------------------------------------------------------------------------


@login_required
def me(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    return render(
        request,
        "donations/me.html",
        {
            "open_campaigns": queries.campaign_open_list(actor=actor),
            "page_obj": paginate(request, queries.donation_mine(actor=actor)),
        },
    )


@login_required
def donation_report(request: ActorRequest, pk: int) -> HttpResponse:
    """A member records their own donation; it waits for a liaison to confirm."""
    actor = request.actor
    campaign = _campaign(request, pk)
    if actor.person_id is None:
        raise PermissionDenied
    form = ReportForm(
        request.POST or None, initial={"donated_on": min(timezone.localdate(), campaign.ends_on)}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            from tongxin.members.queries import person_get

            person = person_get(actor=actor, pk=actor.person_id)
            services.donation_report(
                actor=actor,
                campaign=campaign,
                person=person,
                amount_fen=data["amount"],
                donated_on=data["donated_on"],
                channel=data["channel"],
                is_anonymous=data["is_anonymous"],
                note=data["note"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you! Your liaison will confirm the donation and issue the receipt."),
            )
            return redirect("donations:me")
    return render(request, "donations/report_form.html", {"form": form, "campaign": campaign})


@login_required
def receipt(request: ActorRequest, donation_pk: int) -> HttpResponse:
    donation = queries.donation_get(actor=request.actor, pk=donation_pk)
    if donation.status != DonationStatus.CONFIRMED:
        raise NotFound()
    return render(request, "donations/receipt.html", {"donation": donation})


@login_required
def honour_roll(request: ActorRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    return render(
        request,
        "donations/honour_roll.html",
        {"campaign": campaign, "roll": queries.honour_roll(campaign=campaign)},
    )
