import datetime as dt

from ninja import Schema


class OrgNodeOut(Schema):
    id: int
    kind: str
    name: str
    code: str
    parent_id: int | None
    school_id: int | None
    path: str
    depth: int
    is_archived: bool


class OrgNodeCreateIn(Schema):
    parent_id: int
    kind: str
    name: str
    code: str = ""


class OrgNodeRenameIn(Schema):
    name: str


class OrgNodeMoveIn(Schema):
    parent_id: int


class RoleAssignmentOut(Schema):
    id: int
    user_id: int
    role: str
    node_id: int
    starts_on: dt.date
    ends_on: dt.date | None


class RoleAssignmentIn(Schema):
    user_id: int
    role: str
    node_id: int
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
