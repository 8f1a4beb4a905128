"""Input forms for people pages: parsing and field checks only; the rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.core.errors import DomainError
from tongxin.core.money import parse_yuan

from .choices import (
    AgeBand,
    EmploymentStatus,
    Gender,
    MembershipStatus,
    OfficerPosition,
    Relation,
    SchoolStage,
)

_DATE = forms.DateInput(attrs={"type": "date"})


def _blank(choices: type) -> list[tuple[str, str]]:
    return [("", _("All")), *choices.choices]


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Name, pinyin, initials, staff number or phone"),
                "type": "search",
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

    def __init__(self, *args: object, nodes: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = [("", _("All"))] + [
            (n.pk, f"{'— ' * max(n.depth - 1, 0)}{n.name}") for n in nodes
        ]


class YuanField(forms.CharField):
    """A yuan amount typed by a person, cleaned to integer fen."""

    def to_python(self, value: object) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in ("", None):
            return None
        try:
            return parse_yuan(text)
        except DomainError as error:
            raise forms.ValidationError(error.message) from None


class PersonForm(forms.Form):
    staff_number = forms.CharField(label=_("Staff number"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=50)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    birth_on = forms.DateField(label=_("Birth date"), required=False, widget=_DATE)
    phone = forms.CharField(label=_("Mobile"), max_length=20, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    department = forms.CharField(label=_("Department"), max_length=100, required=False)
    employment_status = forms.ChoiceField(label=_("Employment"), choices=EmploymentStatus.choices)
    hire_on = forms.DateField(label=_("Hired on"), required=False, widget=_DATE)
    wage_base = YuanField(label=_("Wage base for dues (yuan)"), required=False)


class ContactForm(forms.Form):
    phone = forms.CharField(label=_("Mobile"), max_length=20, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)


class FamilyMemberForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    name = forms.CharField(label=_("Name"), max_length=50)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    birth_on = forms.DateField(label=_("Birth date"), required=False, widget=_DATE)
    school_stage = forms.ChoiceField(
        label=_("School stage"), choices=SchoolStage.choices, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class MembershipActionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("join", _("Record joining")),
            ("transfer", _("Transfer to another branch")),
            ("retire", _("Retire (membership retained)")),
            ("leave", _("Leave the union")),
            ("death", _("Record death")),
        ],
    )
    on = forms.DateField(label=_("Date"), widget=_DATE)
    to_node = forms.TypedChoiceField(
        label=_("To branch"), required=False, coerce=int, empty_value=None
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: object, nodes: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_node"].choices = [("", "—")] + [(n.pk, n.name) for n in nodes]


class ApplicationForm(forms.Form):
    statement = forms.CharField(
        label=_("Statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("I accept the Constitution of the Chinese Trade Unions and apply to join."),
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    position = forms.IntegerField(widget=forms.HiddenInput)


class OfficerForm(forms.Form):
    person = forms.CharField(label=_("Staff number"), max_length=32)
    position = forms.ChoiceField(label=_("Position"), choices=OfficerPosition.choices)
    started_on = forms.DateField(label=_("Term starts"), required=False, widget=_DATE)
    ended_on = forms.DateField(label=_("Term ends"), required=False, widget=_DATE)
