"""The care visit approval flow as data: branch, then the school union office, then finance.

Step names are stored in English and marked with ``gettext_noop`` so they are extracted into
the catalogue; pages render them with ``{% translate %}``. The data migration reads these.
"""

from django.utils.translation import gettext_noop

from tongxin.approvals.choices import ConflictRoute

VISIT_FLOW_CODE = "care.visit"
VISIT_FLOW_NAME = gettext_noop("Care visit")
VISIT_FLOW_STEPS = (
    (gettext_noop("Branch review"), "approvals.decide_branch_step"),
    (gettext_noop("School union approval"), "approvals.decide_school_step"),
    (gettext_noop("Finance payment"), "approvals.decide_finance_step"),
)
# A branch officer who is a party (files for themself or their family) does not leave the
# branch step to a fellow officer of the same branch: the union office decides it.
VISIT_FLOW_STEP_ROUTES = {1: ConflictRoute.PARENT_LEVEL}
