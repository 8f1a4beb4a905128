"""Audit event kinds of the funds app."""

from django.utils.translation import gettext_lazy as _

CHART_LOADED = "fund_chart.loaded"
BOOKS_OPENED = "fund_books.opened"
ENTRY_POSTED = "journal_entry.posted"
ENTRY_REVERSED = "journal_entry.reversed"
BUDGET_OVERRIDDEN = "journal_entry.budget_overridden"
BUDGET_VERSION_CREATED = "budget_version.created"
BUDGET_LINE_SET = "budget_line.set"
BUDGET_LINE_REMOVED = "budget_line.removed"
BUDGET_VERSION_SUBMITTED = "budget_version.submitted"
BUDGET_VERSION_WITHDRAWN = "budget_version.withdrawn"
BUDGET_VERSION_APPROVED = "budget_version.approved"
BUDGET_VERSION_RETURNED = "budget_version.returned"
POLICY_VERSION_CREATED = "policy_set.created"
ALLOCATION_RULE_SET = "allocation_rule.set"
ALLOCATION_POSTED = "allocation.posted"
AUDIT_OPINION_ADDED = "audit_opinion.added"
REPORT_EXPORTED = "funds_report.exported"
TRAIL_VERIFIED = "trail.verified"

LABELS = {
    CHART_LOADED: _("Chart of categories loaded"),
    BOOKS_OPENED: _("Books opened"),
    ENTRY_POSTED: _("Journal entry posted"),
    ENTRY_REVERSED: _("Journal entry reversed"),
    BUDGET_OVERRIDDEN: _("Budget overridden for an entry"),
    BUDGET_VERSION_CREATED: _("Budget drafted"),
    BUDGET_LINE_SET: _("Budget line set"),
    BUDGET_LINE_REMOVED: _("Budget line removed"),
    BUDGET_VERSION_SUBMITTED: _("Budget submitted"),
    BUDGET_VERSION_WITHDRAWN: _("Budget withdrawn"),
    BUDGET_VERSION_APPROVED: _("Budget approved"),
    BUDGET_VERSION_RETURNED: _("Budget returned"),
    POLICY_VERSION_CREATED: _("Spending standards changed"),
    ALLOCATION_RULE_SET: _("Branch allocation rule set"),
    ALLOCATION_POSTED: _("Branch allocation posted"),
    AUDIT_OPINION_ADDED: _("Audit opinion added"),
    REPORT_EXPORTED: _("Funds report exported"),
    TRAIL_VERIFIED: _("Trail verified"),
}
