"""The caller's own account and API tokens, and the office's account management, over HTTP."""

from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Id, Pagination
from tongxin.members import queries as members_queries

from . import queries, services
from .schemas import (
    AccountCreatedOut,
    AccountCreateIn,
    AccountOut,
    ApiTokenCreatedOut,
    ApiTokenCreateIn,
    ApiTokenOut,
    MeOut,
    PasswordResetOut,
)

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut, operation_id="account_me")
def account_me(request: ActorRequest):  # type: ignore[no-untyped-def]
    """Who the caller is, and which roles they hold where."""
    actor = request.actor
    return {
        "user_id": actor.user_id,
        "username": request.user.username,
        "person_id": actor.person_id,
        "name": actor.name,
        "grants": actor.grants,
    }


# My API tokens --------------------------------------------------------------------------------


@router.get("/tokens", response=list[ApiTokenOut], operation_id="api_token_list")
@paginate(Pagination)
def api_token_list(request: ActorRequest):  # type: ignore[no-untyped-def]
    """The caller's own tokens, newest first; the secrets are never shown again."""
    return queries.api_token_list(actor=request.actor)


@router.post("/tokens", response={201: ApiTokenCreatedOut}, operation_id="api_token_create")
def api_token_create(request: ActorRequest, payload: ApiTokenCreateIn):  # type: ignore[no-untyped-def]
    """Create a token for the caller's own account; the answer holds the key, this once."""
    token, key = services.api_token_create(actor=request.actor, name=payload.name)
    return Status(201, {**ApiTokenOut.from_orm(token).dict(), "key": key})


@router.post("/tokens/{pk}/revoke", response=ApiTokenOut, operation_id="api_token_revoke")
def api_token_revoke(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    token = queries.api_token_get(actor=request.actor, pk=pk)
    return services.api_token_revoke(actor=request.actor, token=token)


# Accounts (the union office) ------------------------------------------------------------------


@router.get("/users", response=list[AccountOut], operation_id="account_list")
@paginate(Pagination)
def account_list(request: ActorRequest, person_id: Id | None = None):  # type: ignore[no-untyped-def]
    """Accounts of the people the caller may see accounts of, by login name."""
    return queries.account_list(actor=request.actor, person_id=person_id)


@router.get("/users/{pk}", response=AccountOut, operation_id="account_get")
def account_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return queries.account_get(actor=request.actor, pk=pk)


@router.post("/users", response={201: AccountCreatedOut}, operation_id="account_create")
def account_create(request: ActorRequest, payload: AccountCreateIn):  # type: ignore[no-untyped-def]
    """Open an account for a person (login name = staff number). The answer holds the
    initial password, this once; the user must change it at first log-in."""
    person = members_queries.person_get(actor=request.actor, pk=payload.person_id)
    user, password = services.account_create(actor=request.actor, person=person)
    return Status(201, {**AccountOut.from_orm(user).dict(), "initial_password": password})


@router.post(
    "/users/{pk}/reset-password", response=PasswordResetOut, operation_id="account_reset_password"
)
def account_reset_password(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """Set a new random password (to be changed at next log-in) and lift any lockout."""
    user = queries.account_get(actor=request.actor, pk=pk)
    password = services.account_reset_password(actor=request.actor, user=user)
    return {"user_id": user.pk, "password": password}


@router.post("/users/{pk}/deactivate", response=AccountOut, operation_id="account_deactivate")
def account_deactivate(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """Stop an account from logging in or using the API; its history stays."""
    user = queries.account_get(actor=request.actor, pk=pk)
    return services.account_deactivate(actor=request.actor, user=user)


@router.post("/users/{pk}/unlock", response=AccountOut, operation_id="account_unlock")
def account_unlock(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """Lift a log-in lock and forget the account's recent failed log-ins."""
    user = queries.account_get(actor=request.actor, pk=pk)
    return services.account_unlock(actor=request.actor, user=user)
