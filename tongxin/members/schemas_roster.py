"""API schemas of roster import and export (kept apart from the people schemas)."""

import datetime as dt
from typing import Any

from ninja import Schema


class RowProblemOut(Schema):
    code: str
    message: str
    field: str
    column: str


class RowChangeOut(Schema):
    field: str
    label: str
    old: str
    new: str


class RosterRowOut(Schema):
    row: int
    status: str
    staff_number: str
    name: str
    changes: list[RowChangeOut]
    steps: list[str]
    errors: list[RowProblemOut]
    warnings: list[RowProblemOut]


class RosterImportOut(Schema):
    id: int
    status: str
    filename: str
    sha256: str
    size_bytes: int
    effective_on: dt.date
    created_at: dt.datetime
    applied_at: dt.datetime | None
    skip_invalid: bool
    summary: dict[str, Any]
    first_rows: list[RosterRowOut]


class RosterApplyIn(Schema):
    skip_invalid: bool = False
