"""The actor: who is acting, as which person, with which roles on which nodes.

Built once per request (lazily, on first use) from the user's active role assignments in one
query, and passed explicitly to every service and query. Tasks, commands and the demo seeder act
as ``Actor.system()``.
"""

import hashlib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Grant:
    role: str
    node_id: int
    node_path: str


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    person_id: int | None
    name: str
    grants: tuple[Grant, ...] = field(default=())
    is_system: bool = False

    @classmethod
    def system(cls, name: str = "system") -> "Actor":
        return cls(user_id=None, person_id=None, name=name, is_system=True)

    @classmethod
    def anonymous(cls) -> "Actor":
        return cls(user_id=None, person_id=None, name="anonymous")

    @property
    def label(self) -> str:
        return _("System") if self.is_system and self.name == "system" else self.name

    @property
    def is_authenticated(self) -> bool:
        return self.is_system or self.user_id is not None

    @property
    def menu_key(self) -> str:
        """Same for every actor whose menus look the same: the grants, and whether they are a
        person (own-record permissions). Cached menu fragments are keyed by it."""
        grants = ",".join(sorted(f"{g.role}@{g.node_path}" for g in self.grants))
        text = f"{self.is_system}|{self.person_id is not None}|{grants}"
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def roles(self) -> frozenset[str]:
        return frozenset(grant.role for grant in self.grants)
