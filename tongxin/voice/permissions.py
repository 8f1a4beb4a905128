"""Who may do what in voice."""

from enum import StrEnum


class VoicePermission(StrEnum):
    pass


ROLE_PERMISSIONS: dict[str, set[str]] = {}
OWN_PERMISSIONS: set[str] = set()
