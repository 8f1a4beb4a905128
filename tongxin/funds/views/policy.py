"""Policy pages: the standards in force, earlier versions, and a new version."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError, Forbidden
from tongxin.core.forms import yuan_initial
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error
from tongxin.orgs import access

from .. import queries, services
from ..choices import CareKind, CategoryKind, Festival
from ..forms import CareStandardForm, PolicyForm
from ..models import PolicySet
from ..permissions import FundsPermission
from .common import require_somewhere

P = FundsPermission
CareFormSet = forms.formset_factory(CareStandardForm, extra=0)


@login_required
def policy(request: ActorRequest, pk: int | None = None) -> HttpResponse:
    """One policy version (the latest by default) and the list of versions."""
    actor = request.actor
    require_somewhere(actor, P.VIEW_POLICY)
    versions = list(queries.policy_version_list(actor=actor))
    shown: PolicySet | None
    if pk is not None:
        shown = queries.policy_get(actor=actor, pk=pk)
    else:
        today = timezone.localdate()
        shown = next(
            (v for v in versions if v.effective_from <= today), versions[0] if versions else None
        )
    context = {
        "policy": shown,
        "versions": versions,
        "standards": list(shown.care_standards.all()) if shown else [],
        "can_manage": shown is not None and access.can(actor, P.MANAGE_POLICY, shown),
        "festivals": Festival.choices,
    }
    return render(request, "funds/policy.html", context)


def _initial(current: PolicySet) -> tuple[dict, list[dict]]:
    main = {
        "effective_from": timezone.localdate(),
        "holiday_cap": yuan_initial(current.holiday_cap_fen),
        "allowed_festivals": current.allowed_festivals,
        "holiday_category": current.holiday_category_key,
        "prize_share_numerator": current.prize_share_numerator,
        "prize_share_denominator": current.prize_share_denominator,
        "prize_cap": yuan_initial(current.prize_cap_fen),
        "note": "",
    }
    care = [
        {
            "kind": s.kind,
            "is_enabled": s.is_enabled,
            "max_amount": yuan_initial(s.max_amount_fen),
            "payment_form": s.payment_form,
            "yearly_count_limit": s.yearly_count_limit,
            "claim_window_days": s.claim_window_days,
            "category": s.category_key,
            "required_attachments": s.required_attachments,
        }
        for s in current.care_standards.all()
    ]
    return main, care


def _spec(data: dict, care: list[dict]) -> services.PolicySpec:
    return services.PolicySpec(
        holiday_cap_fen=data["holiday_cap"],
        allowed_festivals=data["allowed_festivals"],
        holiday_category_key=data["holiday_category"],
        prize_share_numerator=data["prize_share_numerator"],
        prize_share_denominator=data["prize_share_denominator"],
        prize_cap_fen=data["prize_cap"],
        note=data["note"],
        care_standards=[
            services.CareStandardSpec(
                kind=c["kind"],
                max_amount_fen=c["max_amount"],
                payment_form=c["payment_form"],
                yearly_count_limit=c["yearly_count_limit"],
                claim_window_days=c["claim_window_days"],
                category_key=c["category"],
                required_attachments=c["required_attachments"],
                is_enabled=c["is_enabled"],
            )
            for c in care
        ],
    )


@login_required
def policy_create(request: ActorRequest) -> HttpResponse:
    """A new policy version, starting from the one in force."""
    actor = request.actor
    schools = [
        n
        for n in queries.fund_nodes(actor=actor, permission=P.MANAGE_POLICY)
        if n.kind == "school_union"
    ]
    if not schools:
        raise Forbidden()
    school = schools[0]
    current = queries.policy_in_force(school=school, on=timezone.localdate())
    main, care = _initial(current)
    categories = queries.fund_category_list(on=timezone.localdate(), kinds=(CategoryKind.EXPENSE,))
    form = PolicyForm(request.POST or None, initial=main, categories=categories)
    formset = CareFormSet(
        request.POST or None, initial=care, prefix="care", form_kwargs={"categories": categories}
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            policy = services.policy_version_create(
                actor=actor,
                school=school,
                effective_from=form.cleaned_data["effective_from"],
                spec=_spec(form.cleaned_data, formset.cleaned_data),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Version %(number)s has been saved.") % {"number": policy.number}
            )
            return redirect("funds:policy-detail", pk=policy.pk)
    context = {"form": form, "formset": formset, "current": current, "care_kinds": CareKind.choices}
    return render(request, "funds/policy_form.html", context)
