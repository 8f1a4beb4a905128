"""Who may do what in staff services."""

from enum import StrEnum


class StaffServicesPermission(StrEnum):
    pass


ROLE_PERMISSIONS: dict[str, set[str]] = {}
OWN_PERMISSIONS: set[str] = set()
