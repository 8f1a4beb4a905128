"""Activities: one model for every event kind, with fair sign-up, waitlists, lotteries, QR check-in, quizzes and submission calls."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "tongxin.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from tongxin.activities import events, permissions
        from tongxin.core import audit
        from tongxin.orgs import access

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
        audit.register_event_labels(events.LABELS)
