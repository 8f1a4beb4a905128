"""Form widgets shared by apps' forms (no app imports another app's forms)."""

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class PickerWidget(forms.TextInput):
    """A search box that asks ``source_url`` (htmx, as you type) for matching choices.

    The answer is a list of radio buttons rendered under the box; without JavaScript the typed
    text itself (a staff number, say) is resolved when the form is sent.
    """

    input_type = "search"
    template_name = "core/widgets/picker.html"

    def __init__(self, source_url: Any, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})
        self.source_url = source_url

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["source_url"] = str(self.source_url)
        return context


def person_picker_field(label: Any = None, **kwargs: Any) -> forms.CharField:
    """A form field for choosing a person by name, pinyin or staff number.

    As the officer types, the people search (scoped to what they may see, so a liaison finds
    only their branch) offers matches as radio buttons named ``person``; the view resolves the
    choice, or the typed text alone without JavaScript, with ``members.queries.person_pick``.
    """
    kwargs.setdefault("max_length", 50)
    kwargs.setdefault("help_text", _("Type a name, its pinyin or a staff number, then pick."))
    return forms.CharField(
        label=label or _("Person (name, pinyin or staff number)"),
        widget=PickerWidget(reverse_lazy("members:person-pick")),
        **kwargs,
    )
