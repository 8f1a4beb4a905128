"""Input forms of the care pages: parsing and field checks only; the rules live in services."""

from typing import Any

from django import forms
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tongxin.core.forms import YearField, YuanField
from tongxin.core.web import Choices, choice_field
from tongxin.core.widgets import person_picker_field

from .choices import CareKind, HardshipStatus, VisitStatus, WaiverStatus
from .services import MAX_UPLOAD_BYTES, Upload

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def _all(choices: type[models.Choices]) -> Choices:
    return [("", _("All")), *choices.choices]


class VisitForm(forms.Form):
    """A care visit: for oneself (member) or, with ``staff_number``, for a member."""

    staff_number = person_picker_field(_("Member (name, pinyin or staff number)"))
    kind = forms.ChoiceField(label=_("Kind"), choices=CareKind.choices)
    event_on = forms.DateField(
        label=_("Date of the event"),
        widget=_DATE,
        help_text=_("Admission, birth, wedding or death date; claims have a time limit."),
    )
    amount = YuanField(label=_("Amount (yuan)"))
    family_member = forms.CharField(
        label=_("Family member"),
        max_length=50,
        required=False,
        help_text=_(
            "For a relative's death: the relative who died. For a member's death: the family "
            "member who receives the payment."
        ),
    )
    diagnosis = forms.CharField(
        label=_("Diagnosis and health details"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Confidential: stored encrypted, seen only by those who approve it."),
    )
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    label_1 = forms.ChoiceField(label=_("Document"), required=False)
    file_1 = forms.FileField(
        label=_("File (PDF, JPEG or PNG, up to 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": _ACCEPT}),
    )
    label_2 = forms.ChoiceField(label=_("Document"), required=False)
    file_2 = forms.FileField(
        label=_("File (PDF, JPEG or PNG, up to 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": _ACCEPT}),
    )
    documents_to_follow = forms.BooleanField(
        label=_("The required documents will follow"),
        required=False,
        help_text=_("The visit can be approved, but it is paid only once they are attached."),
    )
    disclosure_consent = forms.BooleanField(
        label=_("The member agrees to appear on the notice list (name, kind and amount only)"),
        required=False,
    )

    def __init__(
        self, *args: Any, for_others: bool, document_names: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not for_others:
            del self.fields["staff_number"]
            self.fields["disclosure_consent"].label = _(
                "I agree to appear on the notice list (name, kind and amount only)"
            )
        # Choosing a kind shows what its standard needs (see care/_kind_standard.html).
        self.fields["kind"].widget.attrs.update(
            {
                "hx-get": reverse("care:visit-kind-standard"),
                "hx-trigger": "change",
                "hx-target": "#kind-standard",
                "hx-swap": "innerHTML",
            }
        )
        choices = [("", "—"), *((name, name) for name in document_names)]
        choice_field(self, "label_1").choices = choices
        choice_field(self, "label_2").choices = choices

    def uploads(self) -> list[Upload]:
        result = []
        for index in (1, 2):
            upload = self.cleaned_data.get(f"file_{index}")
            if upload:
                label = self.cleaned_data.get(f"label_{index}") or ""
                result.append(Upload(label=label, filename=upload.name, data=_read(upload)))
        return result


def _read(upload: object) -> bytes:
    # Read at most one byte more than allowed: the service refuses the oversized file.
    return upload.read(MAX_UPLOAD_BYTES + 1)  # type: ignore[attr-defined]


class AttachmentForm(forms.Form):
    label = forms.ChoiceField(label=_("Document"))
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG, up to 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": _ACCEPT}),
    )

    def __init__(self, *args: Any, document_names: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "label").choices = [(name, name) for name in document_names] or [
            ("other", _("Other document"))
        ]

    def upload(self) -> Upload:
        file = self.cleaned_data["file"]
        return Upload(label=self.cleaned_data["label"], filename=file.name, data=_read(file))


class BudgetOverrideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for paying beyond the budget"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept on the ledger entry and in the audit trail."),
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
        initial="approve",
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when rejecting."),
    )
    position = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VisitFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_all(CareKind))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_all(VisitStatus))
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    node = forms.TypedChoiceField(label=_("Branch"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], nodes: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "year").choices = [("", _("All")), *((y, str(y)) for y in years)]
        choice_field(self, "node").choices = [("", _("All")), *((n.pk, n.name) for n in nodes)]


class HardshipForm(forms.Form):
    staff_number = person_picker_field(_("Member (name, pinyin or staff number)"))
    household_size = forms.IntegerField(label=_("Household size"), min_value=1, max_value=50)
    annual_income = YuanField(label=_("Family disposable income per year (yuan)"))
    rigid_expenses = YuanField(
        label=_("Rigid expenses per year (yuan)"),
        required=False,
        help_text=_("Medical costs, tuition and similar unavoidable spending."),
    )
    incident_costs = YuanField(
        label=_("Disaster, accident or major illness costs this year (yuan)"), required=False
    )
    major_incident = forms.BooleanField(
        label=_("Death or disability in a major incident"), required=False
    )
    excluded = forms.BooleanField(
        label=_("Children at a high-fee private school or abroad at own cost"), required=False
    )
    situation = forms.CharField(
        label=_("Situation"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Confidential: stored encrypted."),
    )

    def __init__(self, *args: Any, for_others: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not for_others:
            del self.fields["staff_number"]

    def inputs(self) -> dict:
        data = self.cleaned_data
        return {
            "household_size": data["household_size"],
            "annual_income_fen": data["annual_income"],
            "rigid_expenses_fen": data.get("rigid_expenses") or 0,
            "incident_costs_fen": data.get("incident_costs") or 0,
            "major_incident": data.get("major_incident", False),
            "excluded": data.get("excluded", False),
        }


class HardshipActionForm(HardshipForm):
    """Verification, re-verification or closure of a file (the inputs may be corrected)."""

    action = forms.ChoiceField(
        choices=[
            ("verify", _("Verify")),
            ("approve", _("Approve")),
            ("reverify", _("Re-verify")),
            ("close", _("Close")),
        ],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("Note or reason"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    on = forms.DateField(label=_("Date"), required=False, widget=_DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, for_others=False, **kwargs)
        del self.fields["situation"]
        for name in ("household_size", "annual_income"):
            self.fields[name].required = False


class HardshipFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_all(HardshipStatus))


class WaiverForm(forms.Form):
    staff_number = person_picker_field(_("Deceased staff member (name or staff number)"))
    child_name = forms.CharField(label=_("Child's name"), max_length=50)
    school_year = YearField(label=_("School year starting"), min_value=1990)
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WaiverDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("submit", _("Submitted to the school")),
            ("grant", _("The school granted it")),
            ("refuse", _("The school refused it")),
        ],
    )
    amount_waived = YuanField(label=_("Amount waived per year (yuan)"), required=False)
    school_note = forms.CharField(
        label=_("School's note"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    on = forms.DateField(label=_("Date"), required=False, widget=_DATE)


class WaiverFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_all(WaiverStatus))


class ThresholdsForm(forms.Form):
    effective_from = forms.DateField(label=_("In force from"), widget=_DATE)
    minimum_living = YuanField(label=_("Local minimum living standard per person per month (yuan)"))
    relative_factor_percent = forms.IntegerField(
        label=_("Relative hardship below this share of the minimum (%)"),
        min_value=1,
        max_value=1000,
        initial=200,
    )
    accident_income_percent = forms.IntegerField(
        label=_("Accident costs above this share of yearly income (%)"),
        min_value=1,
        max_value=1000,
        initial=80,
    )
    valid_months = forms.IntegerField(
        label=_("Re-verify after (months)"), min_value=1, max_value=60, initial=12
    )
