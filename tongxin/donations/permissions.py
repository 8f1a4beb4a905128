"""Who may do what in donations."""

from enum import StrEnum


class DonationsPermission(StrEnum):
    pass


ROLE_PERMISSIONS: dict[str, set[str]] = {}
OWN_PERMISSIONS: set[str] = set()
