"""Input parsing for the staff-services pages; the rules themselves live in the services."""

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.core.forms import YuanField
from tongxin.core.web import choice_field
from tongxin.core.widgets import PickerWidget
from tongxin.members.choices import SchoolStage

from .choices import PLACEMENT_STAGES, ClaimStatus, PlacementStatus

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _person_field() -> forms.CharField:
    return forms.CharField(
        label=_("Staff member (staff number or name)"),
        max_length=50,
        widget=PickerWidget(reverse_lazy("members:person-pick")),
        help_text=_("Type a few letters and pick the person from the list."),
    )


class PolicyForm(forms.Form):
    name = forms.CharField(label=_("Policy name"), max_length=120)
    insurer = forms.CharField(label=_("Insurer"), max_length=120)
    policy_number = forms.CharField(label=_("Policy number"), max_length=64, required=False)
    starts_on = forms.DateField(label=_("Cover starts"), widget=_DATE)
    ends_on = forms.DateField(label=_("Cover ends"), widget=_DATE)
    premium_per_person_fen = YuanField(label=_("Premium per person (yuan)"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CoverItemForm(forms.Form):
    name = forms.CharField(label=_("Cover item"), max_length=120)
    amount_fen = YuanField(label=_("Sum insured (yuan)"))
    is_rider = forms.BooleanField(label=_("Rider"), required=False)


class RosterImportForm(forms.Form):
    node = forms.TypedChoiceField(
        label=_("Members of"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, nodes: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "node").choices = [
            ("", pgettext_lazy("insured people", "The whole union"))
        ] + [(n.pk, n.name) for n in nodes]


class InsuredAddForm(forms.Form):
    person_query = _person_field()
    added_on = forms.DateField(label=_("Covered from"), widget=_DATE)


class InsuredRemoveForm(forms.Form):
    removed_on = forms.DateField(label=_("Covered until"), widget=_DATE)
    note = forms.CharField(label=_("Reason"), max_length=200, required=False)
    refund_fen = YuanField(
        label=_("Premium refunded by the insurer (yuan)"),
        required=False,
        help_text=_("Leave empty when the insurer refunds nothing."),
    )


class PremiumPostForm(forms.Form):
    entry_on = forms.DateField(label=_("Date of payment"), widget=_DATE)


class ClaimForm(forms.Form):
    person_query = _person_field()
    policy = forms.TypedChoiceField(label=_("Policy"), coerce=int)
    incident_on = forms.DateField(label=_("Incident date"), widget=_DATE)
    description = forms.CharField(
        label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, policies: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "policy").choices = [(p.pk, str(p)) for p in policies]


class ClaimStepForm(forms.Form):
    on = forms.DateField(label=_("Date"), required=False, widget=_DATE)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ClaimSettleForm(ClaimStepForm):
    outcome = forms.ChoiceField(
        label=_("Insurer's answer"),
        choices=[
            (ClaimStatus.PAID, ClaimStatus.PAID.label),
            (ClaimStatus.REFUSED, ClaimStatus.REFUSED.label),
        ],
    )
    paid_fen = YuanField(label=_("Paid by the insurer (yuan)"), required=False)


class ClaimFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ClaimStatus.choices]
    )


class PersonChoiceForm(forms.Form):
    person_query = _person_field()


class PlaceApplyForm(forms.Form):
    child = forms.TypedChoiceField(label=_("Child"), coerce=int)
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[(s, SchoolStage(s).label) for s in PLACEMENT_STAGES]
    )
    wished_school = forms.CharField(label=_("Wished school or kindergarten"), max_length=120)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, children: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "child").choices = [
            (c.pk, f"{c.name} ({c.get_school_stage_display()})") for c in children
        ]


class PlaceDecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (PlacementStatus.PLACED, PlacementStatus.PLACED.label),
            (PlacementStatus.NOT_PLACED, PlacementStatus.NOT_PLACED.label),
        ],
    )
    outcome_school = forms.CharField(label=_("School placed in"), max_length=120, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    on = forms.DateField(label=_("Date"), required=False, widget=_DATE)


class PlaceFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *PlacementStatus.choices]
    )
    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[("", _("All"))] + [(s, SchoolStage(s).label) for s in PLACEMENT_STAGES],
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "year").choices = [("", _("All"))] + [(y, str(y)) for y in years]
