"""The common way a record answers ``orgs.access``: by its node, and its person as the owner.

``access.can`` and ``access.scope`` ask an object for ``scope_path`` (the path of the org node it
belongs to) and ``scope_owner_ids`` (the people whose own record it is). Most domain records
belong to the branch of one person: they mix in ``PersonScoped`` instead of repeating both
properties.
"""

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .models import OrgNode


class _OfNodeAndPerson(Protocol):
    @property
    def node(self) -> "OrgNode": ...

    @property
    def person_id(self) -> int: ...


class PersonScoped:
    """A record of one person, scoped by its ``node`` and owned by its ``person``."""

    @property
    def scope_path(self: _OfNodeAndPerson) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self: _OfNodeAndPerson) -> frozenset[int]:
        return frozenset({self.person_id})
