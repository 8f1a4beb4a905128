"""Who may do what in submissions."""

from enum import StrEnum


class SubmissionsPermission(StrEnum):
    pass


ROLE_PERMISSIONS: dict[str, set[str]] = {}
OWN_PERMISSIONS: set[str] = set()
