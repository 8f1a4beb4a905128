"""Loading a version of the fund chart from data (``funds/data/chart_*.py`` or JSON)."""

import datetime as dt
import importlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import ValidationFailed
from tongxin.orgs.actor import Actor

from .. import events
from ..choices import CategoryKind
from ..errors import FundsErrorCode
from ..models import FundCategory, FundChart

DEFAULT_CHART_MODULE = "tongxin.funds.data.chart_2021"


def chart_data_from(source: str) -> dict[str, Any]:
    """Read chart data from a module path (``tongxin.funds.data.chart_2021``) or a JSON file
    ``{"chart": {...}, "categories": [[key, code, name, name_en, selectable, reason], ...]}``."""
    if source.endswith(".json"):
        data = json.loads(Path(source).read_text(encoding="utf-8"))
        return {"chart": data["chart"], "categories": [tuple(row) for row in data["categories"]]}
    module = importlib.import_module(source)
    return {"chart": module.CHART, "categories": module.CATEGORIES}


def category_rows(categories: list[tuple]) -> list[dict[str, Any]]:
    """Validate the chart rows and derive kind, parent key and depth from each key.

    Used by ``chart_load`` and by the data migration, so both load the same thing.
    """
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    codes: set[str] = set()
    for order, row in enumerate(categories, start=1):
        key, code, name, name_en, selectable, reason = row
        parts = key.split(".")
        parent_key = ".".join(parts[:-1]) or None
        problem = None
        if parts[0] not in CategoryKind.values:
            problem = (
                f"{key}: the first part of a key is the kind ({', '.join(CategoryKind.values)})"
            )
        elif parent_key and parent_key not in seen:
            problem = f"{key}: its parent {parent_key} must come first"
        elif key in seen or code in codes:
            problem = f"{key}: duplicate key or code {code}"
        elif reason and selectable:
            problem = f"{key}: a forbidden category cannot be selectable"
        if problem:
            raise ValidationFailed(problem, code=FundsErrorCode.UNKNOWN_CATEGORY)
        seen.add(key)
        codes.add(code)
        rows.append(
            {
                "key": key,
                "code": code,
                "name": name,
                "name_en": name_en,
                "kind": parts[0],
                "parent_key": parent_key,
                "depth": len(parts) - 1,
                "sort_order": order,
                "is_selectable": bool(selectable),
                "is_forbidden": bool(reason),
                "forbidden_reason": reason,
            }
        )
    return rows


def create_chart(
    chart_model: Any, category_model: Any, chart: Mapping[str, Any], rows: list[dict[str, Any]]
) -> tuple[Any, bool]:
    """Create the chart and its categories unless a chart with the code exists (idempotent)."""
    existing = chart_model.objects.filter(code=chart["code"]).first()
    if existing is not None:
        return existing, False
    created = chart_model.objects.create(
        code=chart["code"],
        name=chart["name"],
        effective_from=dt.date.fromisoformat(chart["effective_from"]),
        source=chart.get("source", ""),
    )
    by_key: dict[str, Any] = {}
    for row in rows:
        values = {k: v for k, v in row.items() if k != "parent_key"}
        by_key[row["key"]] = category_model.objects.create(
            chart=created, parent=by_key.get(row["parent_key"]), **values
        )
    return created, True


def chart_load(*, actor: Actor, source: str = DEFAULT_CHART_MODULE) -> FundChart:
    """Load a chart version from data; loading a chart whose code exists changes nothing.

    Only the system actor (commands, migrations, set-up) loads charts: the chart is the
    school's accounting standard, confirmed with the finance office, not a page edit.
    """
    if not actor.is_system:
        raise ValidationFailed(_("Charts are loaded by the system administrator."))
    data = chart_data_from(source)
    rows = category_rows(data["categories"])
    with transaction.atomic(savepoint=False):
        chart, created = create_chart(FundChart, FundCategory, data["chart"], rows)
        if created:
            audit.record(
                actor=actor,
                event=events.CHART_LOADED,
                target=chart,
                changes={"code": chart.code, "categories": len(rows)},
            )
    return chart
