"""Forms of the benefits pages: they only shape input; the services hold the rules."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.activities.models import Activity
from tongxin.core.forms import YuanField
from tongxin.funds.choices import Festival
from tongxin.orgs.models import OrgNode


class BatchForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    festival = forms.ChoiceField(
        label=_("Festival"),
        choices=[("", _("— none: gifts of an activity —")), *Festival.choices],
        required=False,
    )
    activity = forms.ModelChoiceField(
        label=_("Or the activity whose participants receive gifts"),
        queryset=Activity.objects.none(),
        required=False,
        help_text=_("Those who attended or are confirmed; not under the holiday cap."),
    )
    goods = forms.CharField(
        label=_("Goods"),
        max_length=200,
        help_text=_("Ordinary goods only: no cash, shopping cards or vouchers."),
    )
    unit_cost = YuanField(label=_("Cost per person (yuan)"))
    supplier = forms.CharField(label=_("Supplier"), max_length=200, required=False)
    cutoff_on = forms.DateField(
        label=_("Members on"),
        help_text=_("Members in good standing on this day receive the goods."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    distribute_on = forms.DateField(
        label=_("Given on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    include_retirees = forms.BooleanField(label=_("Include retirees"), required=False)
    audience_node = forms.ModelChoiceField(
        label=_("Only this part of the union"),
        queryset=OrgNode.objects.none(),
        required=False,
        empty_label=_("The whole union"),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: object,
        nodes: list[OrgNode] | None = None,
        activities: list[Activity] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        ids = [node.pk for node in nodes or []]
        self.fields["audience_node"].queryset = OrgNode.objects.filter(pk__in=ids).order_by("path")  # type: ignore[attr-defined]
        self.fields["activity"].queryset = Activity.objects.filter(  # type: ignore[attr-defined]
            pk__in=[activity.pk for activity in activities or []]
        ).order_by("-starts_at", "-pk")

    def clean(self) -> dict:
        data = super().clean() or {}
        cutoff, given = data.get("cutoff_on"), data.get("distribute_on")
        if isinstance(cutoff, dt.date) and isinstance(given, dt.date) and cutoff > given:
            self.add_error(
                "cutoff_on", _("The cut-off date cannot be after the distribution date.")
            )
        return data


class ConfirmForm(forms.Form):
    exclude_over_cap = forms.BooleanField(
        label=_("Leave out the people over the cap who are not given the goods anyway"),
        required=False,
    )


class ProxyForm(forms.Form):
    proxy_name = forms.CharField(label=_("Collected by"), max_length=50)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code or staff number"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )


class AddressForm(forms.Form):
    address = forms.CharField(label=_("Mailing address"), max_length=200)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
