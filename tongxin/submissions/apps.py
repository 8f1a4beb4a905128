"""Submission calls: calls for works (children's paintings, songs, stories) attached to activities, with uploads, judging, a gallery and prizes."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "tongxin.submissions"
    label = "submissions"
    verbose_name = _("Submission calls")

    def ready(self) -> None:
        from tongxin.core import audit
        from tongxin.orgs import access
        from tongxin.submissions import events, permissions

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
        audit.register_event_labels(events.LABELS)
