"""Approvals: the one engine for multi-step decisions (branch → school office → finance).

A flow is an ordered list of steps, each naming the permission needed to decide it. A domain
service opens a request for its record, calls ``approval_decide`` and reacts to the outcome it
gets back; decisions are immutable rows. The engine knows org nodes, never people.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "tongxin.approvals"
    label = "approvals"
    verbose_name = _("Approvals")

    def ready(self) -> None:
        from tongxin.approvals import events, permissions
        from tongxin.core import audit
        from tongxin.orgs import access

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
        audit.register_event_labels(events.LABELS)
