"""Staff congress (jiaodaihui): terms, delegations, representatives, sessions, votes and elections."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "tongxin.congress"
    label = "congress"
    verbose_name = _("Staff congress")

    def ready(self) -> None:
        from tongxin.congress import events, permissions
        from tongxin.core import audit
        from tongxin.orgs import access

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
        audit.register_event_labels(events.LABELS)
