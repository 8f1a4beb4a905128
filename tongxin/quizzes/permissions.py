"""Who may do what in quizzes."""

from enum import StrEnum


class QuizzesPermission(StrEnum):
    pass


ROLE_PERMISSIONS: dict[str, set[str]] = {}
OWN_PERMISSIONS: set[str] = set()
