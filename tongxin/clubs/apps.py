"""Clubs: standing interest groups with leaders, members and recurring sessions built on activities."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClubsConfig(AppConfig):
    name = "tongxin.clubs"
    label = "clubs"
    verbose_name = _("Clubs")

    def ready(self) -> None:
        from tongxin.clubs import events, permissions
        from tongxin.core import audit
        from tongxin.orgs import access

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
        audit.register_event_labels(events.LABELS)
