"""Who may do what in care."""

from enum import StrEnum


class CarePermission(StrEnum):
    pass


ROLE_PERMISSIONS: dict[str, set[str]] = {}
OWN_PERMISSIONS: set[str] = set()
