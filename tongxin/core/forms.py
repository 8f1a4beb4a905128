"""Form fields every app's forms share: a money amount in yuan and a year, both bounded.

Bounds live here (``core.money.MAX_YUAN``, ``core.years``) so that no form can pass a value the
database cannot hold or Python cannot turn into a date: bad input is a form error in words.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .money import format_fen, parse_yuan
from .years import MAX_YEAR, MIN_YEAR


class YuanField(forms.CharField):
    """A yuan amount typed by a person ("1,234.5", "50" with the yuan sign), cleaned to integer
    fen by ``parse_yuan``: at most two decimals and at most ``MAX_YUAN``."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    max_chars = 32

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "maxlength": str(self.max_chars)}

    def to_python(self, value: object) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in ("", None):
            return None
        if len(text) > self.max_chars:
            raise forms.ValidationError(_("Enter an amount in yuan."))
        try:
            return parse_yuan(text)
        except DomainError as error:
            raise forms.ValidationError(error.message) from None


def yuan_initial(fen: int | None) -> str:
    """What a ``YuanField`` shows for an amount in fen (no grouping commas)."""
    return "" if fen is None else format_fen(fen, grouping=False)


class YearField(forms.IntegerField):
    """A year between ``MIN_YEAR`` and ``MAX_YEAR`` (narrower bounds may be passed)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["min_value"] = max(kwargs.get("min_value") or MIN_YEAR, MIN_YEAR)
        kwargs["max_value"] = min(kwargs.get("max_value") or MAX_YEAR, MAX_YEAR)
        kwargs.setdefault("label", _("Year"))
        super().__init__(**kwargs)
