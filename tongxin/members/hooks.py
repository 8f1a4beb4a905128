"""Hooks other apps add to people's changes without members importing them.

``accounts`` sits above ``members``: it keeps each account's log-in phone in step with the
person's mobile, and closes the account of a person who died or left. Members calls these
hooks by name inside the changing transaction; a listener that raises a ``DomainError``
refuses the whole change (nothing is written).
"""

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tongxin.orgs.actor import Actor

    from .models import Person

PeopleListener = Callable[["Actor", "Sequence[Person]"], None]

_phone_changed: list[PeopleListener] = []
_departed: list[PeopleListener] = []


def register_phone_changed_listener(listener: PeopleListener) -> None:
    if listener not in _phone_changed:
        _phone_changed.append(listener)


def register_departed_listener(listener: PeopleListener) -> None:
    if listener not in _departed:
        _departed.append(listener)


def phone_changed(*, actor: "Actor", people: "Sequence[Person]") -> None:
    """Tell listeners that these people's mobile numbers changed (already saved)."""
    if people:
        for listener in _phone_changed:
            listener(actor, people)


def departed(*, actor: "Actor", people: "Sequence[Person]") -> None:
    """Tell listeners that these people died, left the union or left the school."""
    if people:
        for listener in _departed:
            listener(actor, people)
