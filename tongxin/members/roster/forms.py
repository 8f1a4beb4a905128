"""Forms of the roster pages: upload, apply, export. Parsing and field checks only."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..forms import PersonFilterForm
from .parse import size_error

_DATE = forms.DateInput(attrs={"type": "date"})


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file"),
        help_text=_("An .xlsx workbook or a .csv file (UTF-8 or GBK) with the template's headers."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    effective_on = forms.DateField(
        label=_("Date of transfers and status changes"),
        required=False,
        widget=_DATE,
        help_text=_(
            "Branch changes, retirements and departures in the file take effect on this day; today if left empty."
        ),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > settings.TONGXIN_IMPORT_MAX_BYTES:
            raise forms.ValidationError(size_error(upload.size).message)
        return upload


class RosterApplyForm(forms.Form):
    skip_invalid = forms.BooleanField(required=False)
    confirm_skip = forms.BooleanField(
        required=False, label=_("I understand that the rows with errors will not be imported.")
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("skip_invalid") and not data.get("confirm_skip"):
            raise forms.ValidationError(
                _("Tick the box to confirm that the rows with errors are left out.")
            )
        return data


class PersonExportForm(PersonFilterForm):
    include_id_numbers = forms.BooleanField(
        label=_("Include ID numbers in clear (logged)"), required=False
    )
    reason = forms.CharField(
        label=_("Reason for exporting ID numbers"),
        required=False,
        max_length=200,
        help_text=_("Required with ID numbers, e.g. the upper-level union's annual member census."),
    )

    def __init__(self, *args: object, nodes: list, may_export_ids: bool, **kwargs: object) -> None:
        super().__init__(*args, nodes=nodes, **kwargs)
        if not may_export_ids:
            del self.fields["include_id_numbers"]
            del self.fields["reason"]
