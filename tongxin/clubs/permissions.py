"""Who may do what in clubs."""

from enum import StrEnum


class ClubsPermission(StrEnum):
    pass


ROLE_PERMISSIONS: dict[str, set[str]] = {}
OWN_PERMISSIONS: set[str] = set()
