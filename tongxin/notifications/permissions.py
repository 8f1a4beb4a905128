"""Who may do what in notifications."""

from enum import StrEnum


class NotificationsPermission(StrEnum):
    pass


ROLE_PERMISSIONS: dict[str, set[str]] = {}
OWN_PERMISSIONS: set[str] = set()
