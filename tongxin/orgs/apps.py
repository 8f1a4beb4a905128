"""Orgs: the union's org tree, role assignments and the one place that answers access.

Every record belongs to an org node; a role held on a node covers its whole subtree.
``orgs.access`` is the only module that decides ``can(actor, permission, obj)`` and narrows
querysets with ``scope(qs, actor, permission)``.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "tongxin.orgs"
    label = "orgs"
    verbose_name = _("Org tree")

    def ready(self) -> None:
        from tongxin.core import audit
        from tongxin.orgs import access, events, permissions

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
        audit.register_event_labels(events.LABELS)
