"""System check of the field-encryption keys (``manage.py check``, ``migrate``, ``runserver``).

Named ``field_keys_check`` (id ``core.E014``) so that it can be merged with any other start-up
validation of keys: the rule itself is ``crypto.validate_field_keys``.
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.core.exceptions import ImproperlyConfigured

from . import crypto


def field_keys_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        crypto.validate_field_keys(settings.TONGXIN_FIELD_KEYS)
    except ImproperlyConfigured as error:
        return [Error(str(error), id="core.E014")]
    return []
