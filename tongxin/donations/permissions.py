"""Who may do what in donations.

- The union office runs a campaign (create, open, close, hand over) for its school and sees
  every donation; finance and audit see campaigns and donations read-only.
- A liaison or branch chair records donations for the people of their branch (one at a time or
  a bulk upload), confirms what the branch's members reported themselves, sees and exports
  their branch's donations. A branch-scoped role sees the campaigns of its school through
  ``queries.campaign_list`` (campaigns hang on the school node, above the branch).
- A member reports their own donation (after a bank transfer, say): it waits as *pending* until
  a liaison or the office confirms it, because only they can check the money arrived. The
  member sees their own donations and receipts.
"""

from enum import StrEnum

from tongxin.orgs.choices import Role


class DonationsPermission(StrEnum):
    VIEW_CAMPAIGN = "donations.view_campaign"
    MANAGE_CAMPAIGN = "donations.manage_campaign"
    HAND_OVER = "donations.hand_over"
    VIEW_DONATION = "donations.view_donation"
    RECORD_DONATION = "donations.record_donation"
    REPORT_DONATION = "donations.report_donation"
    CONFIRM_DONATION = "donations.confirm_donation"
    EXPORT_DONATION = "donations.export_donation"


P = DonationsPermission

_BRANCH = {P.VIEW_DONATION, P.RECORD_DONATION, P.CONFIRM_DONATION, P.EXPORT_DONATION}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.LIAISON: set(_BRANCH),
    Role.BRANCH_CHAIR: set(_BRANCH),
    Role.UNION_OFFICE: {
        P.VIEW_CAMPAIGN,
        P.MANAGE_CAMPAIGN,
        P.HAND_OVER,
        *_BRANCH,
    },
    Role.FINANCE_OFFICER: {P.VIEW_CAMPAIGN, P.VIEW_DONATION, P.EXPORT_DONATION},
    Role.AUDIT_COMMITTEE: {P.VIEW_CAMPAIGN, P.VIEW_DONATION},
}

OWN_PERMISSIONS: set[str] = {P.VIEW_DONATION, P.REPORT_DONATION}
