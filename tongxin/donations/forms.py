"""Input forms of the donations pages: parsing and field checks only; the rules live in services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.core.forms import YuanField
from tongxin.core.widgets import person_picker_field

from .choices import Channel

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    recipient = forms.CharField(
        label=_("Recipient"),
        max_length=120,
        help_text=_("Who receives the money, e.g. a provincial education foundation."),
    )
    target = YuanField(label=_("Target (yuan)"), required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=_DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=_DATE)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class DonationForm(forms.Form):
    staff_number = person_picker_field(_("Donor (name, pinyin or staff number)"))
    amount = YuanField(label=_("Amount (yuan)"))
    donated_on = forms.DateField(label=_("Date"), widget=_DATE)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    is_anonymous = forms.BooleanField(label=_("Anonymous on the honour roll"), required=False)


class ReportForm(forms.Form):
    amount = YuanField(label=_("Amount (yuan)"))
    donated_on = forms.DateField(label=_("Date"), widget=_DATE)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=Channel.choices, initial=Channel.BANK_TRANSFER
    )
    is_anonymous = forms.BooleanField(label=_("Anonymous on the honour roll"), required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=200,
        help_text=_("E.g. the last digits of the transfer, so the liaison can find it."),
    )


class HandOverForm(forms.Form):
    amount = YuanField(label=_("Amount handed over (yuan)"))
    handed_over_on = forms.DateField(label=_("Handed over on"), widget=_DATE)
    recipient_receipt = forms.CharField(label=_("Recipient's receipt number"), max_length=60)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        help_text=_("Columns: staff number, name, amount, date, channel, anonymous."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
