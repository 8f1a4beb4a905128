"""Funds: the only writer of money. Fund categories, the double-entry ledger in fen, budgets,
policy caps and branch allocations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "tongxin.funds"
    label = "funds"
    verbose_name = _("Union funds")

    def ready(self) -> None:
        from tongxin.approvals import registry
        from tongxin.core import audit, trail
        from tongxin.funds import events, permissions
        from tongxin.funds.data.flows import BUDGET_FLOW_NAME
        from tongxin.funds.services.budgets import BUDGET_FLOW, BUDGET_FLOW_STEPS
        from tongxin.funds.services.trail import verify_ledger
        from tongxin.orgs import access

        trail.register_verifier("ledger", verify_ledger)

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
        audit.register_event_labels(events.LABELS)
        registry.register_subject_url("funds.budgetversion", "funds:budget-version-detail")
        registry.register_flow(
            registry.FlowSpec(code=BUDGET_FLOW, name=BUDGET_FLOW_NAME, steps=BUDGET_FLOW_STEPS)
        )
