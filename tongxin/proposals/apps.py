"""Proposals: what staff congress representatives ask of the school, and how it was handled.

A representative drafts a proposal in a collection window, formal representatives co-sign it,
the proposal committee reviews it (accept, merge, convert to a suggestion, reject; disputes go
to the presidium), accepted ones are assigned to school departments that reply by a deadline,
and the proposers rate the reply. The handling report goes to the next session.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "tongxin.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from tongxin.core import audit
        from tongxin.orgs import access
        from tongxin.proposals import events, permissions

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
        audit.register_event_labels(events.LABELS)
