"""Who may do what with proposals.

- A formal representative drafts, co-signs and rates (own-record permissions; the services
  also check the seat in the collection's congress term, so holding the permission is not
  enough).
- Everyone on the staff of a school sees the public tracker of its proposals (a rule in
  ``proposals.queries``: drafts stay their proposer's).
- The union office and the congress secretariat open and close collections, follow overdue
  replies and read the handling report.
- The proposal committee reviews (accept, merge, convert, reject), assigns departments,
  marks outstanding proposals and reads the report.
- The presidium's decision on a disputed rejection is recorded by the congress secretariat
  (the congress's working body), so the committee never decides a dispute about itself.
- A department handler replies to the proposals their department leads (``reply_proposal``
  through the handling-department role; ``proposals.queries`` narrows it to their departments).
"""

from enum import StrEnum

from tongxin.orgs.choices import Role


class ProposalPermission(StrEnum):
    PROPOSE = "proposals.propose"
    CO_SIGN = "proposals.co_sign_proposal"
    RATE = "proposals.rate_proposal"
    VIEW = "proposals.view_proposal"
    MANAGE_COLLECTION = "proposals.manage_collection"
    REVIEW = "proposals.review_proposal"
    DECIDE_DISPUTE = "proposals.decide_dispute"
    REPLY = "proposals.reply_proposal"
    VIEW_ASSIGNED = "proposals.view_assigned_proposal"
    FOLLOW_UP = "proposals.follow_up_proposal"
    VIEW_REPORT = "proposals.view_report"


P = ProposalPermission

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.UNION_OFFICE: {P.VIEW, P.MANAGE_COLLECTION, P.FOLLOW_UP, P.VIEW_REPORT},
    Role.CONGRESS_SECRETARIAT: {
        P.VIEW,
        P.MANAGE_COLLECTION,
        P.FOLLOW_UP,
        P.VIEW_REPORT,
        P.DECIDE_DISPUTE,
    },
    Role.PROPOSAL_COMMITTEE: {P.VIEW, P.REVIEW, P.VIEW_REPORT},
    Role.AUDIT_COMMITTEE: {P.VIEW, P.VIEW_REPORT},
    Role.HANDLING_DEPARTMENT: {P.VIEW_ASSIGNED, P.REPLY},
}

OWN_PERMISSIONS: set[str] = {P.PROPOSE, P.CO_SIGN, P.RATE, P.VIEW}
