"""Donations: charity drives, donations per person, honour roll and hand-over to the recipient."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "tongxin.donations"
    label = "donations"
    verbose_name = _("Donations")

    def ready(self) -> None:
        from tongxin.core import audit
        from tongxin.donations import events, permissions
        from tongxin.orgs import access

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
        audit.register_event_labels(events.LABELS)
