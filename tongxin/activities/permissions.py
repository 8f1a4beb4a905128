"""Who may do what in activities."""

from enum import StrEnum


class ActivitiesPermission(StrEnum):
    pass


ROLE_PERMISSIONS: dict[str, set[str]] = {}
OWN_PERMISSIONS: set[str] = set()
