"""Input forms for the activity pages: parsing and field checks only; the rules are in services."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.core.forms import YuanField
from tongxin.core.money import format_fen
from tongxin.core.web import Choices, choice_field
from tongxin.core.widgets import person_picker_field

from .choices import ActivityKind, ActivityStatus, Allocation, FamilyScope, StaffScope
from .models import Activity

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=DATETIME_FORMAT)


def _datetime(label: Any, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
    )


def _age(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=120)


class ActivityForm(forms.Form):
    """Everything an organiser sets; ``organiser`` only when creating."""

    organiser = forms.TypedChoiceField(label=_("Organiser"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    co_organisers = forms.TypedMultipleChoiceField(
        label=_("Co-organisers in the union"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    outside_co_organisers = forms.CharField(
        label=_("Outside co-organisers"),
        max_length=300,
        required=False,
        help_text=_("Separate names with commas."),
    )
    starts_at = _datetime(_("Starts at"))
    ends_at = _datetime(_("Ends at"))
    sign_up_opens_at = _datetime(_("Sign-up opens"), required=False)
    sign_up_deadline = _datetime(_("Sign-up deadline"), required=False)
    quota = forms.IntegerField(
        label=_("Places"), required=False, min_value=1, help_text=_("Empty: no limit.")
    )
    allocation = forms.ChoiceField(label=_("Allocation"), choices=Allocation.choices)
    lottery_at = _datetime(_("Lottery time"), required=False)
    requires_approval = forms.BooleanField(label=_("Sign-ups need approval"), required=False)
    offer_hours = forms.IntegerField(
        label=_("Hours to accept a freed place"),
        min_value=0,
        max_value=720,
        initial=24,
        help_text=_("0 confirms the next person on the waitlist at once."),
    )
    audience_node = forms.TypedChoiceField(label=_("Open to"), coerce=int)
    staff_scope = forms.ChoiceField(label=_("Who may join"), choices=StaffScope.choices)
    include_retirees = forms.BooleanField(label=_("Retirees may join"), required=False)
    staff_allowed = forms.BooleanField(
        label=_("Staff sign up themselves"), required=False, initial=True
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[("", _("Anyone")), ("female", _("Women")), ("male", _("Men"))],
    )
    min_age = _age(_("Minimum age"))
    max_age = _age(_("Maximum age"))
    family_scope = forms.ChoiceField(label=_("Family members"), choices=FamilyScope.choices)
    child_min_age = _age(_("Children from age"))
    child_max_age = _age(_("Children up to age"))
    outsiders_allowed = forms.BooleanField(label=_("Outside participants"), required=False)
    estimated_cost = YuanField(label=_("Estimated cost (yuan)"), required=False)
    budget_line = forms.CharField(label=_("Budget line"), max_length=100, required=False)

    def __init__(self, *args: Any, nodes: list, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n.pk, f"{'— ' * max(n.depth - 1, 0)}{n.name}") for n in nodes]
        cast(forms.ChoiceField, self.fields["organiser"]).choices = choices
        cast(forms.ChoiceField, self.fields["audience_node"]).choices = choices
        cast(forms.ChoiceField, self.fields["co_organisers"]).choices = choices
        if not creating:
            del self.fields["organiser"]

    SECTIONS = (
        (
            _("What, when, where"),
            (
                "organiser",
                "kind",
                "title",
                "description",
                "place",
                "co_organisers",
                "outside_co_organisers",
                "starts_at",
                "ends_at",
            ),
        ),
        (
            _("Sign-up and places"),
            (
                "sign_up_opens_at",
                "sign_up_deadline",
                "quota",
                "allocation",
                "lottery_at",
                "requires_approval",
                "offer_hours",
            ),
        ),
        (
            _("Who may join"),
            (
                "audience_node",
                "staff_scope",
                "include_retirees",
                "staff_allowed",
                "gender",
                "min_age",
                "max_age",
                "family_scope",
                "child_min_age",
                "child_max_age",
                "outsiders_allowed",
            ),
        ),
        (_("Cost"), ("estimated_cost", "budget_line")),
    )

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The fields grouped for the page, in order."""
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.SECTIONS
        ]

    def service_data(self) -> dict[str, Any]:
        """The cleaned values named as the service expects them."""
        data = dict(self.cleaned_data)
        data.pop("organiser", None)
        data.pop("co_organisers", None)
        data.pop("audience_node", None)
        data["estimated_cost_fen"] = data.pop("estimated_cost") or 0
        return data


def activity_initial(activity: Activity) -> dict[str, Any]:
    initial = {
        name: getattr(activity, name)
        for name in ActivityForm.base_fields
        if hasattr(activity, name)
    }
    for name in ("starts_at", "ends_at", "sign_up_opens_at", "sign_up_deadline", "lottery_at"):
        value = getattr(activity, name)
        initial[name] = timezone.localtime(value).strftime(DATETIME_FORMAT) if value else None
    initial["audience_node"] = activity.audience_node_id
    initial["co_organisers"] = [node.pk for node in activity.co_organisers.all()]
    initial["estimated_cost"] = format_fen(activity.estimated_cost_fen, grouping=False)
    return initial


class ActivityFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ActivityStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *ActivityKind.choices]
    )


class SignUpForm(forms.Form):
    """For whom (myself or a child) and, when the activity has them, which slot."""

    family_member = forms.TypedChoiceField(
        label=_("Sign up"), coerce=int, required=False, empty_value=None
    )
    slot = forms.TypedChoiceField(
        label=_("Time slot"), coerce=int, required=False, empty_value=None
    )
    guardian_consent = forms.BooleanField(
        label=_("As the parent, I agree that my child's name and age are used for this activity."),
        required=False,
    )

    def __init__(
        self, *args: Any, family: list, slots: list, staff_allowed: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        people: Choices = [("", _("Myself"))] if staff_allowed else []
        people += [
            (member.pk, f"{member.name} ({member.get_relation_display()})") for member in family
        ]
        cast(forms.ChoiceField, self.fields["family_member"]).choices = people
        if not family:
            del self.fields["family_member"]
        if slots:
            cast(forms.ChoiceField, self.fields["slot"]).choices = [
                (s.pk, _slot_label(s)) for s in slots
            ]
            self.fields["slot"].required = True
        else:
            del self.fields["slot"]
        if not family:
            del self.fields["guardian_consent"]


def _slot_label(slot: Any) -> str:
    start = timezone.localtime(slot.starts_at)
    free = max(slot.capacity - getattr(slot, "places_taken", 0), 0)
    label = slot.label or start.strftime("%Y-%m-%d %H:%M")
    return f"{label} · {free}/{slot.capacity}"


class SlotForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=100, required=False)
    starts_at = _datetime(_("Starts at"))
    ends_at = _datetime(_("Ends at"))
    capacity = forms.IntegerField(label=_("Places"), min_value=1)


class QuotaForm(forms.Form):
    """One optional number per branch of the audience."""

    def __init__(self, *args: Any, branches: list, current: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for branch in branches:
            self.fields[f"branch_{branch.pk}"] = forms.IntegerField(
                label=branch.name, required=False, min_value=1, initial=current.get(branch.pk)
            )

    def quotas(self) -> dict[int, int]:
        return {
            int(name.removeprefix("branch_")): value
            for name, value in self.cleaned_data.items()
            if value is not None
        }


class OutsiderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    phone = forms.CharField(label=_("Mobile"), max_length=20)
    organisation = forms.CharField(label=_("Organisation"), max_length=100, required=False)
    slot = forms.TypedChoiceField(
        label=_("Time slot"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, slots: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if slots:
            cast(forms.ChoiceField, self.fields["slot"]).choices = [
                (s.pk, _slot_label(s)) for s in slots
            ]
            self.fields["slot"].required = True
        else:
            del self.fields["slot"]


class RegisterForm(forms.Form):
    """An officer signs up a person of their branch by staff number."""

    staff_number = person_picker_field(_("Person (name, pinyin or staff number)"))
    slot = forms.TypedChoiceField(
        label=_("Time slot"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, slots: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if slots:
            cast(forms.ChoiceField, self.fields["slot"]).choices = [
                (s.pk, _slot_label(s)) for s in slots
            ]
            self.fields["slot"].required = True
        else:
            del self.fields["slot"]


class CancelActivityForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to everybody signed up)"), max_length=200, required=False
    )


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        coerce=lambda v: v == "1", choices=[("1", _("Approve")), ("0", _("Reject"))]
    )
    comment = forms.CharField(label=_("Comment"), max_length=200, required=False)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}
        ),
    )


class SelfCheckInForm(forms.Form):
    event_code = forms.CharField(
        label=_("Event code shown at the venue"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class CostForm(forms.Form):
    """A cost of an activity to pay from a fund (the choices are filled by the view)."""

    description = forms.CharField(label=_("Item"), max_length=200)
    amount = YuanField(label=_("Amount (yuan)"))
    incurred_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    category_key = forms.ChoiceField(label=_("Fund category"))
    paying_node = forms.TypedChoiceField(label=_("Paid by"), coerce=int)
    payee = forms.CharField(label=_("Payee or supplier"), max_length=200, required=False)
    budget_override_reason = forms.CharField(
        label=_("Reason to exceed the budget (union office only)"),
        max_length=500,
        required=False,
    )

    def __init__(self, *args: Any, categories: list, nodes: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "category_key").choices = [(c.key, c.label) for c in categories]
        choice_field(self, "paying_node").choices = [(n.pk, n.name) for n in nodes]


class CostReverseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
