from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import OrgNodeKind, Role


class NodeCreateForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (OrgNodeKind.BRANCH, OrgNodeKind.BRANCH.label),
            (OrgNodeKind.GROUP, OrgNodeKind.GROUP.label),
        ],
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    code = forms.CharField(label=_("Code"), max_length=40, required=False)


class NodeRenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=100)


class NodeMoveForm(forms.Form):
    parent = forms.TypedChoiceField(label=_("New parent"), coerce=int)

    def __init__(self, *args: object, parents: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [(n.pk, f"{'— ' * n.depth}{n.name}") for n in parents]


class RoleAssignForm(forms.Form):
    user = forms.CharField(label=_("Staff number of the account"), max_length=64)
    role = forms.ChoiceField(
        label=_("Role"), choices=[(r.value, r.label) for r in Role if r != Role.MEMBER]
    )
    starts_on = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
