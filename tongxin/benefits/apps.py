"""Benefits: holiday benefit batches, per-branch pickup lists and member sign-off, within the yearly cap."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "tongxin.benefits"
    label = "benefits"
    verbose_name = _("Holiday benefits")

    def ready(self) -> None:
        from tongxin.benefits import events, permissions
        from tongxin.core import audit
        from tongxin.orgs import access

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
        audit.register_event_labels(events.LABELS)
