"""Input forms for the club pages: parsing and field checks only; the rules are in services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.core.forms import YearField, YuanField
from tongxin.core.web import choice_field

from .choices import ClubKind, Weekday


def _date() -> forms.DateField:
    return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


class ClubForm(forms.Form):
    node = forms.TypedChoiceField(label=_("Run by"), coerce=int)
    name = forms.CharField(label=_("Club name"), max_length=100)
    kind = forms.ChoiceField(label=_("Sport or kind"), choices=ClubKind.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    place = forms.CharField(label=_("Usual place"), max_length=200, required=False)

    def __init__(self, *args: Any, nodes: list | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if nodes is None:
            del self.fields["node"]
        else:
            choice_field(self, "node").choices = [(n.pk, n.name) for n in nodes]


class PersonForm(forms.Form):
    staff_number = forms.CharField(label=_("Staff number"), max_length=20)


class BudgetForm(forms.Form):
    year = YearField(min_value=2000, max_value=2100)
    amount = YuanField(label=_("Budget (yuan)"))


class ExpenseForm(forms.Form):
    description = forms.CharField(label=_("Item"), max_length=200)
    amount = YuanField(label=_("Amount (yuan)"))
    incurred_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    payee = forms.CharField(label=_("Payee or supplier"), max_length=200, required=False)
    override_reason = forms.CharField(
        label=_("Reason to exceed the club's budget"), max_length=500, required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class SeriesForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Weekday.choices, coerce=int)
    starts_at = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    first_on = forms.DateField(
        label=_("First week"), widget=forms.DateInput(attrs={"type": "date"})
    )
    last_on = forms.DateField(label=_("Last week"), widget=forms.DateInput(attrs={"type": "date"}))
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10000)
