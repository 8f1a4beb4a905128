"""Voice: New Year wishes, suggestions and requests with tracked replies, and grassroots visits.

The union collects what staff wish for and what they ask of the school, passes requests on to
the school's departments, tracks each reply against its deadline and the filer's rating, and
counts it all for the annual work summary.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    name = "tongxin.voice"
    label = "voice"
    verbose_name = _("Staff voice")

    def ready(self) -> None:
        from tongxin.core import audit
        from tongxin.orgs import access, guards
        from tongxin.voice import events, permissions
        from tongxin.voice.services.items import department_owes_replies

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
        audit.register_event_labels(events.LABELS)
        guards.register_department_deactivate_guard(department_owes_replies)
