"""Request and response shapes of the org-tree API."""

import datetime as dt

from ninja import Field, Schema

from tongxin.core.schemas import Date, IdIn, InputSchema

from .choices import OrgNodeKind, Role


class OrgNodeOut(Schema):
    id: int
    kind: OrgNodeKind
    name: str
    code: str
    parent_id: int | None
    school_id: int | None
    path: str
    depth: int
    is_archived: bool


class OrgTreeNodeOut(Schema):
    """A node of the visible tree with the members (incl. retained) in its whole subtree."""

    id: int
    kind: OrgNodeKind
    name: str
    code: str
    parent_id: int | None
    is_archived: bool
    member_count: int
    children: list["OrgTreeNodeOut"]


OrgTreeNodeOut.model_rebuild()


class OrgNodeCreateIn(InputSchema):
    parent_id: IdIn
    kind: OrgNodeKind
    name: str = Field(max_length=100)
    code: str = Field("", max_length=40)


class OrgNodeRenameIn(InputSchema):
    name: str = Field(max_length=100)


class OrgNodeMoveIn(InputSchema):
    parent_id: IdIn


class RoleAssignmentOut(Schema):
    id: int
    user_id: int
    role: Role
    node_id: int
    starts_on: dt.date
    ends_on: dt.date | None
    revoked_at: dt.datetime | None


class RoleAssignmentIn(InputSchema):
    user_id: IdIn
    role: Role
    node_id: IdIn
    starts_on: Date | None = None
    ends_on: Date | None = None
