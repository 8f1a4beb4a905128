"""Voice: New Year wishes, suggestions and requests with tracked replies, and grassroots visits."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    name = "tongxin.voice"
    label = "voice"
    verbose_name = _("Staff voice")

    def ready(self) -> None:
        from tongxin.orgs import access
        from tongxin.voice import permissions

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
