"""Who may do what in funds."""

from enum import StrEnum


class FundsPermission(StrEnum):
    pass


ROLE_PERMISSIONS: dict[str, set[str]] = {}
OWN_PERMISSIONS: set[str] = set()
