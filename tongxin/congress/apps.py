"""Staff congress (教代会): terms, delegations, representatives, sessions, votes and elections."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "tongxin.congress"
    label = "congress"
    verbose_name = _("Staff congress")

    def ready(self) -> None:
        from tongxin.congress import permissions
        from tongxin.orgs import access

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
