"""Form widgets shared by apps' forms (no app imports another app's forms)."""

from typing import Any

from django import forms


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
