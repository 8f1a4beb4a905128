"""Input forms for people pages: parsing and field checks only; the rules live in services."""

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.core.forms import YuanField
from tongxin.core.web import Choices, choice_field
from tongxin.core.widgets import PickerWidget
from tongxin.core.years import parse_year
from tongxin.orgs.models import OrgNode

from .choices import (
    AgeBand,
    EmploymentStatus,
    Gender,
    MembershipStatus,
    OfficerPosition,
    Relation,
    SchoolStage,
)

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _blank(choices: Any) -> list[tuple[str, str]]:
    return [("", _("All")), *choices.choices]


def node_choices(nodes: Iterable[OrgNode], *, blank: Any = None) -> list[tuple[Any, str]]:
    """Tree-ordered ``(pk, indented name)`` pairs for a node picker."""
    rows: list[tuple[Any, str]] = [("", blank)] if blank is not None else []
    return rows + [(node.pk, f"{'— ' * max(node.depth - 1, 0)}{node.name}") for node in nodes]


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Name, pinyin, initials, staff number or phone"),
                "type": "search",
                "autocomplete": "off",
            }
        ),
    )
    node = forms.TypedChoiceField(label=_("Branch"), required=False, coerce=int, empty_value=None)
    membership_status = forms.ChoiceField(
        label=_("Membership"), required=False, choices=_blank(MembershipStatus)
    )
    employment_status = forms.ChoiceField(
        label=_("Employment"), required=False, choices=_blank(EmploymentStatus)
    )
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=_blank(Gender))
    age_band = forms.ChoiceField(label=_("Age"), required=False, choices=_blank(AgeBand))

    def __init__(self, *args: Any, nodes: Iterable[OrgNode], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        choice_field(self, "node").choices = node_choices(nodes, blank=_("All"))


class MonthField(forms.CharField):
    """A month typed as ``YYYY-MM`` (``<input type=month>``), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2021-07"})

    def to_python(self, value: object) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in ("", None):
            return None
        match = _MONTH.match(str(text).strip())
        year = parse_year(match.group(1)) if match else None
        if match is None or year is None or not 1 <= int(match.group(2)) <= 12:
            raise forms.ValidationError(_("Enter a month as year-month, e.g. 2021-07."))
        return dt.date(year, int(match.group(2)), 1)

    def prepare_value(self, value: Any) -> Any:
        return value.strftime("%Y-%m") if isinstance(value, dt.date) else value


class PersonForm(forms.Form):
    staff_number = forms.CharField(label=_("Staff number"), max_length=32)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    birth_on = forms.DateField(label=_("Birth date"), required=False, widget=_DATE)
    phone = forms.CharField(
        label=_("Mobile"), max_length=20, required=False, widget=forms.TextInput({"type": "tel"})
    )
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    department = forms.CharField(label=_("Department"), max_length=100, required=False)
    employment_status = forms.ChoiceField(
        label=_("Employment"),
        choices=[
            (EmploymentStatus.ACTIVE, EmploymentStatus.ACTIVE.label),
            (EmploymentStatus.RETIRED, EmploymentStatus.RETIRED.label),
            (EmploymentStatus.LEFT, EmploymentStatus.LEFT.label),
        ],
    )
    hire_on = forms.DateField(label=_("Hired on"), required=False, widget=_DATE)
    wage_base = YuanField(
        label=_("Wage base for dues (yuan)"),
        required=False,
        help_text=_("Monthly; dues are 0.5 per cent of it, the part under 10 yuan not counted."),
    )

    def __init__(
        self,
        *args: Any,
        nodes: Sequence[OrgNode] | None = None,
        with_id_number: bool = False,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if nodes is not None:
            self.fields["node"] = forms.TypedChoiceField(
                label=_("Branch"), coerce=int, choices=node_choices(nodes, blank="—")
            )
            self.order_fields(["node", "staff_number", "name"])
        if not with_id_number:
            del self.fields["id_number"]
        elif editing:
            self.fields["id_number"].help_text = _(
                "Leave empty to keep the number on record; it is stored encrypted."
            )
        if editing:
            # Retirement and death are membership changes with their own dates.
            del self.fields["employment_status"]

    def person_data(self) -> dict[str, Any]:
        """The cleaned values as service fields (yuan → ``wage_base_fen``)."""
        data = {key: value for key, value in self.cleaned_data.items() if key != "wage_base"}
        data["wage_base_fen"] = self.cleaned_data.get("wage_base") or 0
        if not data.get("id_number"):
            data.pop("id_number", None)
        data.pop("node", None)
        return data


class ContactForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile"), max_length=20, required=False, widget=forms.TextInput({"type": "tel"})
    )
    email = forms.CharField(
        label=_("E-mail"), max_length=254, required=False, widget=forms.EmailInput()
    )


class FamilyMemberForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    birth_on = forms.DateField(label=_("Birth date"), required=False, widget=_DATE)
    school_stage = forms.ChoiceField(
        label=_("School stage"),
        choices=SchoolStage.choices,
        required=False,
        help_text=_("For children only."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    linked_staff_number = forms.CharField(
        label=_("Staff number, if also on the staff"),
        max_length=32,
        required=False,
        help_text=_("Then neither decides, confirms or pays anything that concerns the other."),
    )


class MembershipChangeForm(forms.Form):
    """Date and note of a membership change, plus the branch where the change needs one."""

    on = forms.DateField(label=_("Date"), widget=_DATE)
    to_node = forms.TypedChoiceField(
        label=_("Branch"), required=False, coerce=int, empty_value=None
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(
        self, *args: Any, nodes: Sequence[OrgNode] | None, node_required: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if nodes is None:
            del self.fields["to_node"]
        else:
            field = choice_field(self, "to_node")
            field.choices = node_choices(nodes, blank="—")
            field.required = node_required
            if not node_required:
                field.help_text = _("Leave empty to keep the person's current branch.")


class ApplicationForm(forms.Form):
    statement = forms.CharField(
        label=_("Statement"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("I accept the Constitution of the Chinese Trade Unions and apply to join."),
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you reject."),
    )
    position = forms.IntegerField(widget=forms.HiddenInput)


class OfficerForm(forms.Form):
    person_query = forms.CharField(
        label=_("Person (staff number or name)"),
        max_length=50,
        widget=PickerWidget(reverse_lazy("members:person-pick")),
        help_text=_("Type a few letters and pick the person from the list."),
    )
    # Any position parses; the list offers only those the actor may appoint.
    position = forms.ChoiceField(label=_("Position"), choices=OfficerPosition.choices)
    started_on = forms.DateField(label=_("Term starts"), required=False, widget=_DATE)
    ended_on = forms.DateField(
        label=_("Term ends"),
        required=False,
        widget=_DATE,
        help_text=_("Leave empty if the end is not fixed yet."),
    )

    def __init__(self, *args: Any, positions: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].widget.choices = list(positions)


class OfficerEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Last day of the term"), widget=_DATE)


class DuesMonthForm(forms.Form):
    """A month and a node: both required to compute dues, both optional to filter the page."""

    month = MonthField(label=_("Month"))
    node = forms.TypedChoiceField(label=_("Node"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, nodes: Sequence[OrgNode], required: bool, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["month"].required = required
        field = choice_field(self, "node")
        field.required = required
        field.choices = node_choices(nodes, blank=None if required else _("All"))
