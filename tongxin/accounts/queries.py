"""Reads of accounts and API tokens, scoped like everything else.

An account is seen through its person's node (``accounts.view_account``); API tokens only by
their owner.
"""

from django.db.models import QuerySet

from tongxin.core.errors import NotFound
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .models import ApiToken, User
from .permissions import AccountsPermission

P = AccountsPermission


def account_for_person(*, actor: Actor, person: Person) -> User | None:
    """The account linked to ``person``, if the actor may see accounts there (one query)."""
    qs = access.scope(User.objects.filter(person=person), actor, P.VIEW_ACCOUNT)
    return qs.select_related("person__node").first()


def account_list(*, actor: Actor, person_id: int | None = None) -> QuerySet[User]:
    """Accounts of the people the actor may see accounts of, by login name."""
    qs = access.scope(User.objects.select_related("person"), actor, P.VIEW_ACCOUNT)
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return qs.order_by("username")


def account_get(*, actor: Actor, pk: int | str) -> User:
    """One account the actor may see; missing and out of scope both raise ``NotFound``."""
    return access.get_scoped(
        User.objects.select_related("person__node"), actor, P.VIEW_ACCOUNT, pk=pk
    )


def api_token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    """The actor's own API tokens, newest first (revoked and expired ones included)."""
    if actor.user_id is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=actor.user_id).order_by("-created_at", "-pk")


def api_token_get(*, actor: Actor, pk: int | str) -> ApiToken:
    """One of the actor's own tokens; anyone else's is ``NotFound``."""
    token = api_token_list(actor=actor).filter(pk=pk).first()
    if token is None:
        raise NotFound()
    return token
