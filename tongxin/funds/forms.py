"""Input forms of the funds pages: parsing and field checks only; the rules live in services."""

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.core.forms import YearField, YuanField
from tongxin.core.years import parse_year

from .choices import AllocationMethod, AuditConclusion, CareKind, Festival, PaymentForm

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
INDENT = "\u00a0\u00a0"


def node_choices(nodes: list, *, blank: object = None) -> list[tuple[object, object]]:
    choices: list[tuple[object, object]] = [("", blank)] if blank is not None else []
    return choices + [(n.pk, f"{'— ' * n.depth}{n.name}") for n in nodes]


def category_choices(categories: list) -> list[tuple[str, str]]:
    return [(c.key, f"{INDENT * max(c.depth - 1, 0)}{c.code} {c.label}") for c in categories]


class ChoicesForm(forms.Form):
    """A form whose choice fields get their choices at run time (nodes, categories, years)."""

    def _choice_field(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])


class YearNodeForm(ChoicesForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    node = forms.TypedChoiceField(label=_("Union"), coerce=int, required=False)

    def __init__(self, *args: Any, years: list[int], nodes: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice_field("year").choices = [(y, str(y)) for y in years]
        self._choice_field("node").choices = node_choices(nodes)


class LedgerFilterForm(ChoicesForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Memo or source")}),
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    node = forms.TypedChoiceField(label=_("Union"), coerce=int, required=False, empty_value=None)
    category = forms.ChoiceField(label=pgettext_lazy("fund category", "Category"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=_DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=_DATE)
    source_type = forms.CharField(label=_("Source type"), required=False, max_length=64)

    def __init__(
        self, *args: Any, years: list[int], nodes: list, categories: list, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choice_field("year").choices = [("", _("All"))] + [(y, str(y)) for y in years]
        self._choice_field("node").choices = node_choices(nodes, blank=_("All"))
        self._choice_field("category").choices = [("", _("All")), *category_choices(categories)]


class EntryForm(ChoicesForm):
    """Income or expense recorded by hand."""

    node = forms.TypedChoiceField(label=_("For"), coerce=int)
    category = forms.ChoiceField(label=pgettext_lazy("fund category", "Category"))
    amount = YuanField(label=_("Amount (yuan)"))
    on = forms.DateField(label=_("Date"), widget=_DATE)
    memo = forms.CharField(label=_("Memo"), max_length=200)
    budget_override_reason = forms.CharField(
        label=_("Reason for going beyond the budget"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the union office may override; leave empty otherwise."),
    )

    def __init__(
        self, *args: Any, nodes: list, categories: list, may_override: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choice_field("node").choices = node_choices(nodes)
        self._choice_field("category").choices = category_choices(categories)
        if not may_override:
            del self.fields["budget_override_reason"]


class DuesForm(forms.Form):
    month = forms.CharField(label=_("Month"), widget=forms.TextInput(attrs={"type": "month"}))

    def clean_month(self) -> dt.date:
        try:
            month = dt.datetime.strptime(self.cleaned_data["month"], "%Y-%m").date()  # noqa: DTZ007
            if parse_year(month.year) is None:
                raise ValueError(month)
            return month
        except ValueError:
            raise forms.ValidationError(_("Enter a month such as 2021-03.")) from None


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class BudgetVersionForm(ChoicesForm):
    node = forms.TypedChoiceField(label=_("Union"), coerce=int)
    fiscal_year = YearField(min_value=1990)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, nodes: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice_field("node").choices = node_choices(nodes)


class BudgetLineForm(ChoicesForm):
    category = forms.ChoiceField(label=pgettext_lazy("fund category", "Category"))
    amount = YuanField(label=_("Amount (yuan)"))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args: Any, categories: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice_field("category").choices = category_choices(categories)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    position = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PolicyForm(ChoicesForm):
    effective_from = forms.DateField(label=_("In force from"), widget=_DATE)
    holiday_cap = YuanField(label=_("Holiday benefits cap per member per year (yuan)"))
    allowed_festivals = forms.MultipleChoiceField(
        label=_("Festivals for holiday benefits"),
        choices=Festival.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Teachers' Day and Women's Day are activities, not holiday gifts."),
    )
    holiday_category = forms.ChoiceField(label=_("Category for holiday benefits"))
    prize_share_numerator = forms.IntegerField(
        label=_("Prizes for at most (numerator)"), min_value=0, max_value=100
    )
    prize_share_denominator = forms.IntegerField(
        label=_("of participants (denominator)"), min_value=1, max_value=100
    )
    prize_cap = YuanField(label=_("Cap per prize (yuan)"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, categories: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice_field("holiday_category").choices = category_choices(categories)


class CareStandardForm(ChoicesForm):
    kind = forms.ChoiceField(choices=CareKind.choices, widget=forms.HiddenInput)
    is_enabled = forms.BooleanField(label=_("Provided"), required=False)
    max_amount = YuanField(label=_("Maximum (yuan)"))
    payment_form = forms.ChoiceField(label=_("Paid as"), choices=PaymentForm.choices)
    yearly_count_limit = forms.IntegerField(
        label=_("Per person per year"), required=False, min_value=1, max_value=99
    )
    claim_window_days = forms.IntegerField(
        label=_("Claim within (days)"), required=False, min_value=1, max_value=3650
    )
    category = forms.ChoiceField(label=pgettext_lazy("fund category", "Category"))
    required_attachments = forms.CharField(
        label=_("Required attachments (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, categories: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice_field("category").choices = category_choices(categories)


class AllocationRuleForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Method"), choices=AllocationMethod.choices, widget=forms.RadioSelect
    )
    per_member = YuanField(label=_("Per member (yuan)"), required=False)
    base = YuanField(label=_("Base per branch (yuan)"), required=False)
    pool = YuanField(label=_("Total to share (yuan)"), required=False)
    counted_on = forms.DateField(label=_("Members counted on"), widget=_DATE)
    include_retained = forms.BooleanField(label=_("Count retired members"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class AllocationPostForm(forms.Form):
    entry_on = forms.DateField(label=_("Posting date"), widget=_DATE)
    budget_override_reason = forms.CharField(
        label=_("Reason for going beyond the budget"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AuditOpinionForm(ChoicesForm):
    node = forms.TypedChoiceField(label=_("Union"), coerce=int)
    fiscal_year = YearField(min_value=1990)
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=AuditConclusion.choices)
    text = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, nodes: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice_field("node").choices = node_choices(nodes)
