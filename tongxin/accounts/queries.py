"""Reads of accounts and API tokens, scoped like everything else."""

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


def api_token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    """The actor's own API tokens, newest first."""
    if actor.user_id is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=actor.user_id).order_by("-created_at", "-pk")


def api_token_get(*, actor: Actor, pk: int | str) -> ApiToken:
    """One of the actor's own tokens; anyone else's is "not found"."""
    token = api_token_list(actor=actor).filter(pk=pk).first()
    if token is None:
        raise NotFound()
    return token
