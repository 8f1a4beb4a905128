"""Request and response shapes of the accounts API."""

import datetime as dt

from ninja import Field, Schema

from tongxin.core.schemas import IdIn, InputSchema
from tongxin.orgs.choices import Role


class GrantOut(Schema):
    role: Role
    node_id: int


class MeOut(Schema):
    user_id: int
    username: str
    person_id: int | None
    name: str
    grants: list[GrantOut]


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the key, to tell tokens apart.")
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    is_usable: bool


class ApiTokenCreatedOut(ApiTokenOut):
    key: str = Field(description="The secret: shown this once, only a hash is kept.")


class ApiTokenCreateIn(InputSchema):
    name: str = Field(max_length=60)


class AccountOut(Schema):
    id: int
    username: str
    person_id: int | None
    display_name: str
    is_active: bool
    must_change_password: bool
    locked_until: dt.datetime | None


class AccountCreateIn(InputSchema):
    person_id: IdIn


class AccountCreatedOut(AccountOut):
    initial_password: str = Field(
        description="Shown this once; the user must change it at first log-in."
    )


class PasswordResetOut(Schema):
    user_id: int
    password: str = Field(description="Shown this once; to be changed at next log-in.")
