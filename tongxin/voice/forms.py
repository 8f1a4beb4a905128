"""Input forms of the voice pages: parsing and field checks only; the rules live in services."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.core.web import Choices, choice_field
from tongxin.core.widgets import person_picker_field
from tongxin.orgs.models import OrgNode, SchoolDepartment

from .choices import ItemCategory, ItemKind, ItemStatus, Rating, WishStatus, WishVisibility

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _all(choices: type[models.Choices]) -> Choices:
    return [("", _("All")), *choices.choices]


class WishForm(forms.Form):
    text = forms.CharField(
        label=_("My New Year wish"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Up to 500 characters. If it goes on the wall, leave out names."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=WishVisibility.choices,
        initial=WishVisibility.PRIVATE,
        widget=forms.RadioSelect,
    )


class WishDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=pgettext_lazy("voice item", "Decision"),
        choices=[
            ("adopt", _("Adopt")),
            ("fulfil", _("Fulfilled")),
            ("decline", pgettext_lazy("voice item", "Decline")),
        ],
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when declining (the member sees why) and when fulfilled (how)."),
    )
    on = forms.DateField(label=_("Date"), required=False, widget=_DATE)


class WishFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_all(WishStatus))
    node = forms.TypedChoiceField(label=_("Branch"), required=False, coerce=int, empty_value=None)

    def __init__(
        self, *args: Any, years: list[int], nodes: Iterable[OrgNode], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "year").choices = [("", _("All")), *((y, str(y)) for y in years)]
        choice_field(self, "node").choices = [("", _("All")), *((n.pk, n.name) for n in nodes)]


class ItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("This is a"),
        choices=ItemKind.choices,
        widget=forms.RadioSelect,
        initial=ItemKind.SUGGESTION,
    )
    category = forms.ChoiceField(label=_("Category"), choices=ItemCategory.choices)
    title = forms.CharField(label=_("Title"), max_length=100)
    text = forms.CharField(
        label=pgettext_lazy("voice item", "Details"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    is_anonymous_to_department = forms.BooleanField(
        label=_("Hide my name from the department"),
        required=False,
        help_text=_(
            "The union office still sees who you are; the department sees only the matter."
        ),
    )


class ItemForOtherForm(ItemForm):
    """The liaison's and the office's form: the item may be filed for someone else."""

    staff_number = person_picker_field(
        _("Member (name, pinyin or staff number)"),
        required=False,
        help_text=_("Leave empty to file it for yourself."),
    )

    field_order = [
        "staff_number",
        "kind",
        "category",
        "title",
        "text",
        "is_anonymous_to_department",
    ]


class ItemFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_all(ItemStatus))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_all(ItemKind))
    category = forms.ChoiceField(label=_("Category"), required=False, choices=_all(ItemCategory))
    department = forms.TypedChoiceField(
        label=_("Department"), required=False, coerce=int, empty_value=None
    )
    year = forms.TypedChoiceField(
        label=_("Academic year"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: Any, departments: Iterable[SchoolDepartment], years: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "department").choices = [
            ("", _("All")),
            *((d.pk, d.name) for d in departments),
        ]
        choice_field(self, "year").choices = [("", _("All")), *((y, f"{y}-{y + 1}") for y in years)]


class DepartmentChoiceField(forms.TypedChoiceField):
    def __init__(
        self, *, departments: Iterable[SchoolDepartment], required: bool, **kwargs: Any
    ) -> None:
        empty = [("", _("Keep it with the union office"))] if not required else []
        super().__init__(
            label=_("Department"),
            required=required,
            coerce=int,
            empty_value=None,
            choices=[*empty, *((d.pk, d.name) for d in departments)],
            **kwargs,
        )


class AcceptForm(forms.Form):
    due_on = forms.DateField(
        label=_("Reply due"),
        required=False,
        widget=_DATE,
        help_text=_("Empty: the usual number of days after today."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, *args: Any, departments: Iterable[SchoolDepartment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"] = DepartmentChoiceField(departments=departments, required=False)
        self.order_fields(["department", "due_on", "note"])


class RouteForm(AcceptForm):
    def __init__(self, *args: Any, departments: Iterable[SchoolDepartment], **kwargs: Any) -> None:
        super().__init__(*args, departments=departments, **kwargs)
        self.fields["department"] = DepartmentChoiceField(departments=departments, required=True)
        self.order_fields(["department", "due_on", "note"])


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6})
    )
    on = forms.DateField(
        label=_("Date of the reply"),
        required=False,
        widget=_DATE,
        help_text=_("Empty: today. Use the date on a written reply entered later."),
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
        help_text=_("If you are not satisfied, say why: the item goes back for a new reply."),
    )


class VisitForm(forms.Form):
    node = forms.TypedChoiceField(label=_("Branch visited"), coerce=int)
    visited_on = forms.DateField(label=_("Visit date"), widget=_DATE)
    lead = forms.CharField(label=_("Led by (staff number)"), max_length=32)
    visitors = forms.CharField(
        label=_("Other visitors (staff numbers)"),
        required=False,
        max_length=500,
        help_text=_("Separate staff numbers with spaces or commas."),
    )
    participants = forms.CharField(label=_("Who was met"), required=False, max_length=300)
    summary = forms.CharField(
        label=_("Summary of the visit"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, nodes: Iterable[OrgNode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "node").choices = [(n.pk, n.name) for n in nodes]

    def clean_visitors(self) -> list[str]:
        raw = self.cleaned_data.get("visitors", "")
        return [part for part in raw.replace(",", " ").replace("\uff0c", " ").split() if part]


class RaisedItemForm(forms.Form):
    """One matter raised at the visit; an empty row is skipped."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices, initial=ItemKind.REQUEST)
    category = forms.ChoiceField(label=_("Category"), choices=ItemCategory.choices)
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    text = forms.CharField(
        label=pgettext_lazy("voice item", "Details"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    staff_number = forms.CharField(
        label=_("Raised by (staff number)"),
        max_length=32,
        required=False,
        help_text=_("Empty: raised by the branch as a whole."),
    )

    def has_content(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("title") or data.get("text"))


RaisedItemFormSet = forms.formset_factory(RaisedItemForm, extra=3, max_num=20)
