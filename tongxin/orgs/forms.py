"""Forms of the org-tree console: parsing only; the tree rules live in the services."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.core.web import Choices, choice_field
from tongxin.core.widgets import PickerWidget

from .choices import ALLOWED_PARENT_KINDS, OrgNodeKind, Role
from .models import OrgNode

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def child_kinds(parent: OrgNode) -> Choices:
    """The kinds of node that may be added under ``parent`` (a branch under a school …)."""
    return [
        (kind.value, kind.label)
        for kind in OrgNodeKind
        if parent.kind in ALLOWED_PARENT_KINDS[kind] and kind != OrgNodeKind.PARENT_UNION
    ]


class NodeCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    name = forms.CharField(label=pgettext_lazy("thing", "Name"), max_length=100)
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        required=False,
        help_text=_("Optional short code, e.g. the department's code."),
    )

    def __init__(self, *args: Any, parent: OrgNode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = child_kinds(parent)
        choice_field(self, "kind").choices = choices
        if len(choices) == 1:
            self.fields["kind"].initial = choices[0][0]


class NodeRenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=100)


class NodeMoveForm(forms.Form):
    parent = forms.TypedChoiceField(label=_("New parent"), coerce=int)

    def __init__(self, *args: Any, parents: Iterable[OrgNode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "parent").choices = [
            (node.pk, f"{'— ' * node.depth}{node.name}") for node in parents
        ]


class RoleAssignForm(forms.Form):
    person_query = forms.CharField(
        label=_("Person (staff number or name)"),
        max_length=50,
        widget=PickerWidget(reverse_lazy("members:person-pick")),
        help_text=_("Type a few letters and pick the person; they need an account."),
    )
    # Any role parses; the list offers only those the assigner may give, and the service
    # refuses the rest with a message.
    role = forms.ChoiceField(
        label=_("Role"), choices=[(role.value, role.label) for role in Role if role != Role.MEMBER]
    )
    starts_on = forms.DateField(label=_("From"), required=False, widget=_DATE)
    ends_on = forms.DateField(
        label=_("Until"),
        required=False,
        widget=_DATE,
        help_text=_("Leave empty for an open-ended role."),
    )

    def __init__(self, *args: Any, roles: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].widget.choices = list(roles)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data
