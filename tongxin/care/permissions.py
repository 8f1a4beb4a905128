"""Who may do what in care.

- Care visits: a liaison or branch chair files for people of their branch, the office for
  anyone, a member for themself (own permission). The branch's officers, the office, the
  finance officer and the audit committee see the visits in their scope (the auditor
  read-only); a member sees their own.
- Deciding a visit is the approval engine's: branch chair (``approvals.decide_branch_step``),
  union office (``decide_school_step``), finance officer (``decide_finance_step``).
- Health details (diagnosis, health attachments) are shown only to the approval chain: the
  filer, whoever holds the permission of a step already reached, and the office
  (``care.view_health``). ``care.queries.visit_may_see_health`` is the one test.
- Hardship files: members apply for themselves, branch officers for their branch; the branch
  chair verifies (home visit), the office approves, re-verifies yearly and closes.
- Tuition waivers for children of deceased staff are kept by the office and branch chairs.
- The consented notice (name, kind, amount) is open to everyone of the school.
"""

from enum import StrEnum

from tongxin.orgs.choices import Role


class CarePermission(StrEnum):
    VIEW_VISIT = "care.view_visit"
    FILE_VISIT = "care.file_visit"
    MANAGE_VISIT = "care.manage_visit"
    VIEW_HEALTH = "care.view_health"
    EXPORT_VISIT = "care.export_visit"
    VIEW_NOTICE = "care.view_notice"
    VIEW_HARDSHIP = "care.view_hardship"
    FILE_HARDSHIP = "care.file_hardship"
    VERIFY_HARDSHIP = "care.verify_hardship"
    DECIDE_HARDSHIP = "care.decide_hardship"
    VIEW_WAIVER = "care.view_waiver"
    MANAGE_WAIVER = "care.manage_waiver"


P = CarePermission

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.LIAISON: {P.VIEW_VISIT, P.FILE_VISIT, P.VIEW_NOTICE, P.VIEW_HARDSHIP, P.FILE_HARDSHIP},
    Role.BRANCH_CHAIR: {
        P.VIEW_VISIT,
        P.FILE_VISIT,
        P.VIEW_NOTICE,
        P.VIEW_HARDSHIP,
        P.FILE_HARDSHIP,
        P.VERIFY_HARDSHIP,
        P.VIEW_WAIVER,
    },
    Role.UNION_OFFICE: {
        P.VIEW_VISIT,
        P.FILE_VISIT,
        P.MANAGE_VISIT,
        P.VIEW_HEALTH,
        P.EXPORT_VISIT,
        P.VIEW_NOTICE,
        P.VIEW_HARDSHIP,
        P.FILE_HARDSHIP,
        P.VERIFY_HARDSHIP,
        P.DECIDE_HARDSHIP,
        P.VIEW_WAIVER,
        P.MANAGE_WAIVER,
    },
    Role.FINANCE_OFFICER: {P.VIEW_VISIT, P.EXPORT_VISIT, P.VIEW_NOTICE},
    Role.AUDIT_COMMITTEE: {
        P.VIEW_VISIT,
        P.EXPORT_VISIT,
        P.VIEW_NOTICE,
        P.VIEW_HARDSHIP,
        P.VIEW_WAIVER,
    },
    Role.CONGRESS_SECRETARIAT: {P.VIEW_NOTICE},
    Role.PROPOSAL_COMMITTEE: {P.VIEW_NOTICE},
    Role.HANDLING_DEPARTMENT: {P.VIEW_NOTICE},
}

OWN_PERMISSIONS: set[str] = {
    P.VIEW_VISIT,
    P.FILE_VISIT,
    P.VIEW_NOTICE,
    P.VIEW_HARDSHIP,
    P.FILE_HARDSHIP,
}
