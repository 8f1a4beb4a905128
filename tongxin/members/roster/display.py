"""Turning stored preview rows into words of the reader's language.

Rows are stored with field names, codes and plain values; labels and sentences are made when
the page or API is read, so a preview made in Chinese reads in English too (the error
messages, written when the file was checked, stay in the language of the upload).
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.money import format_fen

from ..choices import EmploymentStatus, Gender

FIELD_LABELS = {
    "file": gettext_lazy("File"),
    "staff_number": gettext_lazy("Staff number"),
    "name": gettext_lazy("Name"),
    "gender": gettext_lazy("Gender"),
    "birth_on": gettext_lazy("Birth date"),
    "phone": gettext_lazy("Mobile"),
    "email": gettext_lazy("E-mail"),
    "id_number": gettext_lazy("ID number"),
    "department": gettext_lazy("Department"),
    "branch": gettext_lazy("Branch"),
    "group": gettext_lazy("Group"),
    "employment_status": gettext_lazy("Employment"),
    "hire_on": gettext_lazy("Hired on"),
    "joined_on": gettext_lazy("Member since"),
    "wage_base": gettext_lazy("Wage base"),
    "wage_base_fen": gettext_lazy("Wage base"),
}


def field_label(name: str, columns: dict[str, str] | None = None) -> str:
    """The column as the file names it, else the field's label."""
    if columns and name in columns:
        return columns[name]
    return str(FIELD_LABELS.get(name, name))


def field_value(name: str, value: Any) -> str:
    if value in ("", None):
        return ""
    if name == "gender" and value in Gender.values:
        return str(Gender(value).label)
    if name == "employment_status" and value in EmploymentStatus.values:
        return str(EmploymentStatus(value).label)
    if name == "wage_base_fen":
        return format_fen(int(value))
    return str(value)


def step_text(step: dict[str, str]) -> str:
    texts = {
        "join": _("Joins the union on %(on)s in %(to)s"),
        "transfer": _("Transfers from %(from)s to %(to)s on %(on)s"),
        "retire": _("Retires on %(on)s (a member keeps membership, retained)"),
        "death": _("Recorded as deceased on %(on)s"),
        "leave": _("Leaves the school on %(on)s, and so the union here"),
    }
    return texts[step["kind"]] % step


def display_row(row: dict[str, Any], columns: dict[str, str]) -> dict[str, Any]:
    """One stored row with labels, readable values and sentences for its steps."""
    return {
        **row,
        "changes": [
            {
                "field": name,
                "label": field_label(name),
                "old": field_value(name, old),
                "new": field_value(name, new),
            }
            for name, old, new in row["changes"]
        ],
        "steps": [step_text(step) for step in row["steps"]],
        "errors": [{**e, "column": field_label(e["field"], columns)} for e in row["errors"]],
        "warnings": [{**w, "column": field_label(w["field"], columns)} for w in row["warnings"]],
    }
