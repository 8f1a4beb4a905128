"""Reading one's own notifications. Nobody reads another person's messages, whatever their
role, so the scope is the actor's own user and person rather than an org subtree."""

from django.db.models import Q, QuerySet

from tongxin.core.errors import NotFound
from tongxin.orgs.actor import Actor

from .models import Notification


def own_q(actor: Actor) -> Q:
    """Rows addressed to the actor's account or to their person."""
    condition = Q(user_id=actor.user_id) if actor.user_id else Q(pk__in=[])
    if actor.person_id:
        condition |= Q(person_id=actor.person_id)
    return condition


def notification_list(*, actor: Actor, unread_only: bool = False) -> QuerySet[Notification]:
    """The actor's notifications, newest first (one query per page)."""
    qs = Notification.objects.filter(own_q(actor))
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notification_unread_count(*, actor: Actor) -> int:
    """One COUNT query."""
    if not actor.user_id and not actor.person_id:
        return 0
    return Notification.objects.filter(own_q(actor), read_at__isnull=True).count()


def notification_get(*, actor: Actor, pk: int | str) -> Notification:
    """One of the actor's notifications; anybody else's is ``NotFound``."""
    try:
        return Notification.objects.filter(own_q(actor)).get(pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
