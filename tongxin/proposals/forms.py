"""Input forms of the proposal pages: parsing and field checks only; the rules live in services."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.core.web import choice_field
from tongxin.orgs.models import SchoolDepartment

from .choices import DisputeDecision, ProposalCategory, ProposalStatus, Rating

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    category = forms.ChoiceField(
        label=pgettext_lazy("proposal", "Category"), choices=ProposalCategory.choices
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One matter per proposal: what is wrong and why it matters."),
    )
    measures = forms.CharField(
        label=_("Concrete measures"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the school should do, as specifically as you can."),
    )


class CoSignInviteForm(forms.Form):
    invitees = forms.TypedMultipleChoiceField(
        label=_("Ask these representatives to co-sign"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, people: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "invitees").choices = list(people)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The proposer sees it."),
    )


def _department_choices(departments: Iterable[SchoolDepartment]) -> list[tuple[Any, str]]:
    return [(dept.pk, dept.name) for dept in departments]


class AssignForm(forms.Form):
    lead_department = forms.TypedChoiceField(label=_("Lead department"), coerce=int)
    co_departments = forms.TypedMultipleChoiceField(
        label=_("Co-handling departments"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    due_on = forms.DateField(
        label=_("Reply due"),
        required=False,
        widget=_DATE,
        help_text=_("Leave empty for the collection's usual deadline."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, departments: Iterable[SchoolDepartment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _department_choices(departments)
        choice_field(self, "lead_department").choices = [("", "---------"), *choices]
        choice_field(self, "co_departments").choices = choices


class ConvertForm(forms.Form):
    department = forms.TypedChoiceField(label=_("Department"), coerce=int)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, departments: Iterable[SchoolDepartment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "department").choices = [
            ("", "---------"),
            *_department_choices(departments),
        ]


class MergeForm(forms.Form):
    into = forms.TypedChoiceField(label=_("Merge into"), coerce=int)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, targets: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "into").choices = [("", "---------"), *targets]


class DisputeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("The presidium's decision"),
        choices=DisputeDecision.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OutstandingForm(forms.Form):
    is_outstanding = forms.BooleanField(label=_("Outstanding proposal"), required=False)
    note = forms.CharField(
        label=_("Why it is outstanding"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Written reply"), max_length=8000, widget=forms.Textarea(attrs={"rows": 8})
    )
    attachments = MultipleFileField(
        label=pgettext_lazy("proposal", "Documents"),
        required=False,
        help_text=_("Up to five PDF, JPEG or PNG files of at most 10 MB each."),
    )


class RateForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("How satisfied are you with the reply?"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you are unsatisfied: say what is still missing."),
    )


class CollectionForm(forms.Form):
    session_number = forms.IntegerField(label=_("Session"), min_value=1, max_value=99)
    title = forms.CharField(label=_("Title"), max_length=100)
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=_DATETIME)
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=_DATETIME)
    min_co_signers = forms.IntegerField(label=_("Co-signers needed"), min_value=0, max_value=20)
    reply_days = forms.IntegerField(label=_("Days to reply"), min_value=1, max_value=365)


class FilterForm(forms.Form):
    status = forms.ChoiceField(label=pgettext_lazy("proposal", "Status"), required=False)
    category = forms.ChoiceField(label=pgettext_lazy("proposal", "Category"), required=False)
    department = forms.TypedChoiceField(
        label=_("Lead department"), required=False, coerce=int, empty_value=None
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=50)

    def __init__(self, *args: Any, departments: Iterable[SchoolDepartment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "status").choices = [("", _("All")), *ProposalStatus.choices]
        choice_field(self, "category").choices = [("", _("All")), *ProposalCategory.choices]
        choice_field(self, "department").choices = [
            ("", _("All")),
            *_department_choices(departments),
        ]
