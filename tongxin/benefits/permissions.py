"""Who may do what in benefits."""

from enum import StrEnum


class BenefitsPermission(StrEnum):
    pass


ROLE_PERMISSIONS: dict[str, set[str]] = {}
OWN_PERMISSIONS: set[str] = set()
