"""The one error shape of the domain layer.

Services raise a ``DomainError`` (or a subclass) with a stable machine ``code``, a translated
human ``message`` and, when one input is to blame, the ``field``. Views turn it into a form
error or a message, the API into ``{code, message, field}`` with a 4xx status.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the request; nothing was changed."""

    status = 400
    default_code = "invalid"
    default_message = _("The request is not valid.")

    def __init__(
        self,
        message: Any = None,
        *,
        code: str | None = None,
        field: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.message = str(message if message is not None else self.default_message)
        self.code = code or self.default_code
        self.field = field
        self.extra = extra or {}
        super().__init__(self.message)

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message, "field": self.field}
        if self.extra:
            body["extra"] = self.extra
        return body


class ValidationFailed(DomainError):
    """An input value is malformed or out of range."""

    default_code = "invalid"


class NotFound(DomainError):
    """The object does not exist *or* lies outside the actor's scope: the two look the same."""

    status = 404
    default_code = "not_found"
    default_message = _("Not found.")


class Forbidden(DomainError):
    """The object is visible to the actor but the actor's roles lack the permission."""

    status = 403
    default_code = "forbidden"
    default_message = _("You do not have permission to do this.")


class Conflict(DomainError):
    """The request clashes with the current state (a duplicate, a concurrent change)."""

    status = 409
    default_code = "conflict"
    default_message = _("This conflicts with existing data.")


class InvalidTransition(DomainError):
    """A status change outside the allowed transition table."""

    status = 409
    default_code = "invalid_transition"
    default_message = _("This action is not allowed in the current state.")
