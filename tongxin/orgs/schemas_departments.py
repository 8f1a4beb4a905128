"""API schemas of school departments and their handlers."""

import datetime as dt

from ninja import Schema


class DepartmentHandlerOut(Schema):
    id: int
    user_id: int
    user_name: str
    created_at: dt.datetime
    removed_at: dt.datetime | None

    @staticmethod
    def resolve_user_name(obj: object) -> str:
        return str(obj.user)  # type: ignore[attr-defined]


class SchoolDepartmentOut(Schema):
    id: int
    school_id: int
    name: str
    code: str
    is_active: bool
    sort_order: int
    handlers: list[DepartmentHandlerOut]

    @staticmethod
    def resolve_handlers(obj: object) -> list:
        return list(getattr(obj, "active_handlers", []))


class SchoolDepartmentIn(Schema):
    school_id: int
    name: str
    code: str = ""
    sort_order: int = 0


class SchoolDepartmentUpdateIn(Schema):
    name: str
    code: str = ""
    sort_order: int | None = None


class DepartmentHandlerIn(Schema):
    user_id: int
