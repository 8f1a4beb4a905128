"""Deleting a row other rows still refer to: a domain error, never a server error.

Foreign keys to people, relatives, categories and the like are ``PROTECT`` (STYLE.md: the
database is the last line of defence), so Django raises ``ProtectedError`` (or
``RestrictedError``) before it deletes anything. ``delete_or_refuse`` turns that into
``Conflict(code="in_use")``; the service's transaction then rolls back whatever it wrote first
(an audit row), so nothing is half-written. The API and the page middleware map a stray
``ProtectedError`` the same way, as a backstop.
"""

from typing import Any

from django.db import models
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from .errors import Conflict

IN_USE = "in_use"


def in_use_error(message: Any = None) -> Conflict:
    """The refusal of a delete that other records still refer to."""
    return Conflict(
        message or _("Other records still refer to this, so it cannot be deleted."), code=IN_USE
    )


def delete_or_refuse(obj: models.Model, *, message: Any = None) -> None:
    """Delete ``obj``, or raise ``Conflict(code="in_use")`` if protected rows refer to it."""
    try:
        obj.delete()
    except (ProtectedError, RestrictedError):
        raise in_use_error(message) from None
