"""Input forms of the submission pages: parsing only; the rules live in the services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.core.forms import YuanField
from tongxin.core.web import choice_field

from .choices import Eligibility, WorkKind

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of work"), choices=WorkKind.choices, widget=forms.CheckboxSelectMultiple
    )
    eligibility = forms.ChoiceField(
        label=_("Who may submit"), choices=Eligibility.choices, widget=forms.RadioSelect
    )
    child_min_age = forms.IntegerField(label=_("Children from age"), required=False, min_value=0)
    child_max_age = forms.IntegerField(label=_("Children up to age"), required=False, min_value=0)
    opens_on = forms.DateField(label=_("Open from"), widget=_DATE)
    closes_on = forms.DateField(label=_("Open until"), widget=_DATE)
    max_works_per_author = forms.IntegerField(
        label=_("Works per author"), min_value=1, max_value=20, initial=1
    )
    activity = forms.TypedChoiceField(
        label=_("Part of the activity"), coerce=int, required=False, empty_value=None
    )
    criteria = forms.CharField(
        label=_("Judging criteria"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name and weight, e.g. “Creativity 40”."),
    )

    def __init__(self, *args: Any, activities: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.activities = {a.pk: a for a in activities}
        choice_field(self, "activity").choices = [("", "—"), *((a.pk, a.title) for a in activities)]

    def clean_activity(self):  # type: ignore[no-untyped-def]
        return self.activities.get(self.cleaned_data.get("activity"))

    def clean_criteria(self) -> list[tuple[str, int]]:
        rows = []
        for line in self.cleaned_data["criteria"].splitlines():
            line = line.strip()
            if not line:
                continue
            name, _sep, weight = line.rpartition(" ")
            if not name.strip() or not weight.isdigit():
                raise forms.ValidationError(_("Write each criterion as a name and a weight."))
            rows.append((name.strip(), int(weight)))
        return rows


class WorkForm(forms.Form):
    child = forms.TypedChoiceField(label=_("Child"), coerce=int, required=False)
    title = forms.CharField(label=_("Title of the work"), max_length=120)
    description = forms.CharField(
        label=_("About the work"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=_("File"))

    def __init__(
        self, *args: Any, children: list, for_children: bool, accept: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if for_children:
            choice_field(self, "child").choices = [(c.pk, c.name) for c in children]
            self.fields["child"].required = True
        else:
            del self.fields["child"]
        self.fields["file"].widget.attrs["accept"] = accept


class ScreenForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", _("Accept")), ("reject", _("Do not accept"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class JudgeForm(forms.Form):
    person_query = forms.CharField(label=_("Judge: name or staff number"), max_length=50)


class PrizeLevelForm(forms.Form):
    name = forms.CharField(label=_("Prize"), max_length=40)
    count = forms.IntegerField(label=_("Number of prizes"), min_value=1, max_value=500)
    amount = YuanField(label=_("Amount (yuan)"), required=False, initial="0")

    def clean_amount(self) -> int:
        return self.cleaned_data.get("amount") or 0


class AwardForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Prize"), coerce=int)

    def __init__(self, *args: Any, levels: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "level").choices = [(level.pk, level.name) for level in levels]


class PublishForm(forms.Form):
    pay_prizes = forms.BooleanField(
        label=_("Pay the prize money from union funds now"), required=False
    )
