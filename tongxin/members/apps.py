"""Members: staff people, their families, membership history, officers and dues.

A person exists whether or not they log in or belong to the union; membership is a history of
join / transfer / retire / leave / death events, so a person's branch on any date is known.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "tongxin.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from tongxin.approvals import conflicts, registry
        from tongxin.core import audit
        from tongxin.members import events, flows, permissions
        from tongxin.members.guards import node_has_active_members
        from tongxin.members.services.family import relatives_of
        from tongxin.orgs import access, guards

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
        audit.register_event_labels(events.LABELS)
        guards.register_archive_guard(node_has_active_members)
        conflicts.register_relatives_resolver(relatives_of)
        registry.register_flow(
            registry.FlowSpec(
                code=flows.JOIN_FLOW_CODE, name=flows.JOIN_FLOW_NAME, steps=flows.JOIN_FLOW_STEPS
            )
        )
        registry.register_subject_url("members.membershipapplication", "members:application-detail")
