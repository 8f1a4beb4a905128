"""The membership approval flow as data: its code, name and steps.

Names are stored in the database in English and marked here with ``gettext_noop`` so they are
extracted into the catalogue; pages render them with ``{% translate step.name %}``. The data
migration that creates the flow reads these constants.
"""

from django.utils.translation import gettext_noop

JOIN_FLOW_CODE = "membership.join"
JOIN_FLOW_NAME = gettext_noop("Membership application")
JOIN_FLOW_STEPS = (
    (gettext_noop("Branch review"), "approvals.decide_branch_step"),
    (gettext_noop("School union approval"), "approvals.decide_school_step"),
)
