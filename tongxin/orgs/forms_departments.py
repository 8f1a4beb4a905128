"""Input forms of the school-department pages: parsing only; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DepartmentForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("thing", "Name"), max_length=100)
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        required=False,
        help_text=_("Optional short code, unique in the school."),
    )
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, required=False)


class DepartmentHandlerForm(forms.Form):
    user = forms.CharField(
        label=_("Login name of the handler"),
        max_length=64,
        help_text=_("Usually the staff number of the person who answers for the department."),
    )
