"""Care visit pages: the console list (branch or office), filing, one visit with its
decision, the member's own visits, attachments, the notice list and the export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError, NotFound, ValidationFailed
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, message_domain_error, paginate
from tongxin.members import queries as members_queries
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries

from .. import queries, services
from ..choices import CareKind
from ..flows import VISIT_FLOW_STEPS
from ..forms import AttachmentForm, BudgetOverrideForm, DecisionForm, VisitFilterForm, VisitForm
from ..permissions import CarePermission
from ..spreadsheets import visits_xlsx

P = CarePermission


def _filters(request: ActorRequest) -> tuple[VisitFilterForm, queries.VisitFilters, int | None]:
    actor = request.actor
    nodes = orgs_queries.branch_choices(actor=actor, permission=P.VIEW_VISIT, kinds=("branch",))
    form = VisitFilterForm(request.GET or None, years=queries.visit_years(actor=actor), nodes=nodes)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        step = int(request.GET.get("step") or 0) or None
    except ValueError:
        step = None
    return (
        form,
        queries.VisitFilters(
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            year=data.get("year"),
            node_id=data.get("node"),
            step=step,
        ),
        step,
    )


@login_required
def visit_list(request: ActorRequest) -> HttpResponse:
    """The console list: a branch's officers see their branch, the office and finance all."""
    actor = request.actor
    if not access.holds_somewhere(actor, P.VIEW_VISIT):
        raise PermissionDenied
    form, filters, step = _filters(request)
    page = paginate(request, queries.visit_list(actor=actor, filters=filters))
    return render(
        request,
        "care/visit_list.html",
        {
            "form": form,
            "page_obj": page,
            "step": step,
            "steps": [(i, name) for i, (name, _perm) in enumerate(VISIT_FLOW_STEPS, start=1)],
            "can_file": access.holds_somewhere(actor, P.FILE_VISIT),
            "can_export": access.holds_somewhere(actor, P.EXPORT_VISIT),
        },
    )


@login_required
def visit_export(request: ActorRequest) -> HttpResponse:
    """The filtered list as .xlsx: name, branch, kind, amount, dates, status; no health data."""
    actor = request.actor
    if not access.holds_somewhere(actor, P.EXPORT_VISIT):
        raise PermissionDenied
    _form, filters, _step = _filters(request)
    data = visits_xlsx(actor=actor, filters=filters)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="care-visits-{stamp}.xlsx"'
    return response


@login_required
def visit_file(request: ActorRequest) -> HttpResponse:
    """File a visit: officers for a member of their scope, a member for themself (mobile)."""
    actor = request.actor
    for_others = access.holds_somewhere(actor, P.FILE_VISIT)
    if not for_others and actor.person_id is None:
        raise PermissionDenied
    own = None
    if actor.person_id is not None:
        own = members_queries.person_get(actor=actor, pk=actor.person_id, permission=P.FILE_VISIT)
    school = own.school if own else queries.actor_school(actor)
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        for_others=for_others,
        document_names=queries.document_names(school=school, on=timezone.localdate()),
        initial={"event_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if for_others:
                person = members_queries.person_pick(
                    actor=actor,
                    pk=request.POST.get("person"),
                    text=data["staff_number"],
                    permission=P.FILE_VISIT,
                    field="staff_number",
                )
            elif own is not None:
                person = own
            else:
                raise ValidationFailed(_("Enter the staff number of the member."))
            family = queries.family_member_by_name(person=person, name=data["family_member"])
            if data["family_member"] and family is None:
                raise ValidationFailed(
                    _("%(name)s has no family member of that name in the member records.")
                    % {"name": person.name},
                    field="family_member",
                )
            hardship_file = None
            if data["kind"] == CareKind.HARDSHIP_AID:
                # Hardship aid refers to the member's hardship file on record, if any.
                files = queries.active_hardship_files(person_id=person.pk, on=data["event_on"])
                hardship_file = files[0] if files else None
            visit = services.care_visit_file(
                actor=actor,
                person=person,
                hardship_file=hardship_file,
                kind=data["kind"],
                event_on=data["event_on"],
                amount_fen=data["amount"],
                diagnosis=data["diagnosis"],
                note=data["note"],
                relative=family if data["kind"] == CareKind.RELATIVE_DEATH else None,
                payee=family if data["kind"] == CareKind.MEMBER_DEATH else None,
                attachments=form.uploads(),
                documents_to_follow=data["documents_to_follow"],
                disclosure_consent=data["disclosure_consent"],
            )
        except DomainError as error:
            if error.field in ("payee", "relative"):
                error.field = "family_member"
            if error.field in ("person",):
                error.field = "staff_number"
            add_domain_error(form, error)
        else:
            messages.success(request, _("The visit is filed and waits for approval."))
            return redirect("care:visit-detail", pk=visit.pk)
    standards = queries.care_standards(school=school, on=timezone.localdate())
    kind = form["kind"].value() or CareKind.choices[0][0]  # the select shows the first kind
    return render(
        request,
        "care/visit_form.html",
        {
            "form": form,
            "for_others": for_others,
            "standards": sorted(standards.values(), key=lambda s: s.get_kind_display()),
            "standard": standards.get(kind),
        },
    )


@login_required
def visit_kind_standard(request: ActorRequest) -> HttpResponse:
    """What a claim of the chosen kind needs: documents, maximum, window (htmx partial)."""
    actor = request.actor
    if not access.holds_somewhere(actor, P.FILE_VISIT) and actor.person_id is None:
        raise PermissionDenied
    school = None
    if actor.person_id is not None:
        school = members_queries.person_get(
            actor=actor, pk=actor.person_id, permission=P.FILE_VISIT
        ).school
    school = school or queries.actor_school(actor)
    standards = queries.care_standards(school=school, on=timezone.localdate())
    return render(
        request,
        "care/_kind_standard.html",
        {"standard": standards.get(request.GET.get("kind", ""))},
    )


@login_required
def visit_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    visit = queries.visit_get(actor=actor, pk=pk)
    may_see_health = queries.visit_may_see_health(actor, visit)
    diagnosis = None
    if may_see_health and visit.diagnosis != "":
        diagnosis = services.care_visit_health(actor=actor, visit=visit)
    decide_blocker = queries.visit_decide_blocker(actor, visit)
    may_decide = not decide_blocker and queries.visit_holds_step(actor, visit)
    may_act = queries.visit_may_act_for(actor, visit)
    school = visit.node.school or visit.node
    return render(
        request,
        "care/visit_detail.html",
        {
            "visit": visit,
            "diagnosis": diagnosis,
            "may_see_health": may_see_health,
            "attachments": queries.visit_attachments(visit) if may_see_health else [],
            "decisions": queries.visit_decisions(visit),
            "steps": [name for name, _perm in VISIT_FLOW_STEPS],
            "decision_form": DecisionForm(
                initial={"position": visit.approval.current_position if visit.approval else None}
            )
            if may_decide
            else None,
            "decide_blocker": decide_blocker,
            "override_form": BudgetOverrideForm(initial={"reason": visit.budget_override_reason})
            if queries.visit_may_override_budget(actor, visit)
            else None,
            "may_act": may_act,
            "attachment_form": AttachmentForm(
                document_names=queries.document_names(school=school, on=visit.event_on)
            )
            if may_act and visit.status == "submitted"
            else None,
        },
    )


@login_required
@require_POST
def visit_decide(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    visit = queries.visit_get(actor=actor, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            visit = services.care_visit_decide(
                actor=actor,
                visit=visit,
                outcome=form.cleaned_data["outcome"],
                comment=form.cleaned_data["comment"],
                expected_position=form.cleaned_data.get("position"),
            )
        except DomainError as error:
            message_domain_error(request, error)
        else:
            messages.success(request, _("Your decision is recorded."))
    return redirect("care:visit-detail", pk=visit.pk)


@login_required
@require_POST
def visit_budget_override(request: ActorRequest, pk: int) -> HttpResponse:
    """The union office authorises paying the visit beyond the budget (with a reason)."""
    visit = queries.visit_get(actor=request.actor, pk=pk)
    form = BudgetOverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for paying beyond the budget."))
        return redirect("care:visit-detail", pk=visit.pk)
    try:
        services.care_visit_budget_override(
            actor=request.actor, visit=visit, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("Payment beyond the budget authorised; finance can pay."))
    return redirect("care:visit-detail", pk=visit.pk)


@login_required
@require_POST
def visit_withdraw(request: ActorRequest, pk: int) -> HttpResponse:
    visit = queries.visit_get(actor=request.actor, pk=pk)
    try:
        services.care_visit_withdraw(actor=request.actor, visit=visit)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The visit has been withdrawn."))
    return redirect("care:visit-detail", pk=visit.pk)


@login_required
@require_POST
def visit_consent(request: ActorRequest, pk: int) -> HttpResponse:
    visit = queries.visit_get(actor=request.actor, pk=pk)
    try:
        services.care_visit_consent_set(
            actor=request.actor, visit=visit, consent=request.POST.get("consent") == "1"
        )
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The consent has been recorded."))
    return redirect("care:visit-detail", pk=visit.pk)


@login_required
@require_POST
def attachment_add(request: ActorRequest, pk: int) -> HttpResponse:
    visit = queries.visit_get(actor=request.actor, pk=pk)
    school = visit.node.school or visit.node
    form = AttachmentForm(
        request.POST,
        request.FILES,
        document_names=queries.document_names(school=school, on=visit.event_on),
    )
    if form.is_valid():
        try:
            services.care_attachment_add(actor=request.actor, visit=visit, upload=form.upload())
        except DomainError as error:
            message_domain_error(request, error)
        else:
            messages.success(request, _("The document has been attached."))
    else:
        messages.error(request, _("Choose the document and a file."))
    return redirect("care:visit-detail", pk=visit.pk)


@login_required
def attachment_download(request: ActorRequest, pk: int) -> HttpResponse:
    """The decrypted file, through the chain check; the read is logged."""
    try:
        attachment = queries.attachment_get(actor=request.actor, pk=pk)
    except NotFound:
        raise Http404 from None
    data = services.care_attachment_read(actor=request.actor, attachment=attachment)
    response = HttpResponse(data, content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="care-{attachment.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def visit_mine(request: ActorRequest) -> HttpResponse:
    """The member's own care visits (mobile)."""
    page = paginate(request, queries.visit_mine(actor=request.actor))
    return render(request, "care/visit_mine.html", {"page_obj": page})


@login_required
def visit_notice(request: ActorRequest) -> HttpResponse:
    """Paid visits whose person consented: name, kind and amount only."""
    if not access.can_somewhere(request.actor, P.VIEW_NOTICE):
        raise PermissionDenied
    page = paginate(request, queries.visit_notice(actor=request.actor))
    return render(request, "care/notice.html", {"page_obj": page})
