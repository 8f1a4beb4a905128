"""Template checks for menus and buttons; the services still enforce every rule."""

from typing import Any

from django import template

from tongxin.orgs import access

register = template.Library()


@register.filter
def may(actor: Any, permission: str) -> bool:
    """``{% if request.actor|may:"members.view_person" %}``: holds it on some node (or own)."""
    return actor is not None and access.can_somewhere(actor, permission)


@register.filter
def may_on(actor: Any, permission: str) -> Any:
    """First half of ``actor|may_on:"perm"|for_obj:obj``."""
    return (actor, permission)


@register.filter
def for_obj(actor_and_permission: tuple[Any, str], obj: Any) -> bool:
    actor, permission = actor_and_permission
    return actor is not None and access.can(actor, permission, obj)


@register.filter
def holds(actor: Any, permission: str) -> bool:
    """``{% if request.actor|holds:"members.view_person" %}``: through a role, not own records."""
    return actor is not None and access.holds_somewhere(actor, permission)
