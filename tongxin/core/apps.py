"""Core: the building blocks every other app uses and that import no other Tongxin app.

Money in fen, the domain error shape, audit events, encrypted fields, validators and the small
web helpers that turn domain errors into form errors, messages and API answers.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tongxin.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from tongxin.core.crypto import validate_keys

        # Fail at start-up, not at the first encrypted read, if the keys are unusable.
        validate_keys()
