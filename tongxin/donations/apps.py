"""Donations: charity drives, donations per person, honour roll and hand-over to the recipient."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "tongxin.donations"
    label = "donations"
    verbose_name = _("Donations")

    def ready(self) -> None:
        from tongxin.donations import permissions
        from tongxin.orgs import access

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
