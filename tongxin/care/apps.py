"""Care: care visits, bereavement payments, tuition waivers and hardship files, paid through the ledger after approval."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "tongxin.care"
    label = "care"
    verbose_name = _("Care visits")

    def ready(self) -> None:
        from tongxin.approvals import registry
        from tongxin.care import events, flows, permissions
        from tongxin.core import audit
        from tongxin.orgs import access

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
        audit.register_event_labels(events.LABELS)
        registry.register_subject_url("care.carevisit", "care:visit-detail")
        registry.register_flow(
            registry.FlowSpec(
                code=flows.VISIT_FLOW_CODE,
                name=flows.VISIT_FLOW_NAME,
                steps=flows.VISIT_FLOW_STEPS,
                step_routes=flows.VISIT_FLOW_STEP_ROUTES,
            )
        )
