"""Who may do what in staff services.

- Group accident insurance: the union office keeps policies, cover items and the insured
  roster and posts the premium (the finance officer may post it too). Finance and the audit
  committee read everything. A branch's chair and liaison see their branch's insured people
  and claims and file claims for them; a member sees their own cover and claims.
- School-place help: a member applies for their own children, a liaison or branch chair for
  the children of their branch's staff, the office for anyone; only the office moves an
  application on and exports the list for the education bureau. Children's data is sensitive
  (PIPL art. 28), so finance and the audit committee do not see the applications.
"""

from enum import StrEnum

from tongxin.orgs.choices import Role


class StaffServicesPermission(StrEnum):
    VIEW_POLICY = "staff_services.view_policy"
    MANAGE_POLICY = "staff_services.manage_policy"
    POST_PREMIUM = "staff_services.post_premium"
    VIEW_INSURED = "staff_services.view_insured"
    EXPORT_INSURED = "staff_services.export_insured"
    FILE_CLAIM = "staff_services.file_claim"
    VIEW_CLAIM = "staff_services.view_claim"
    MANAGE_CLAIM = "staff_services.manage_claim"
    APPLY_SCHOOL_PLACE = "staff_services.apply_school_place"
    VIEW_SCHOOL_PLACE = "staff_services.view_school_place"
    MANAGE_SCHOOL_PLACE = "staff_services.manage_school_place"
    EXPORT_SCHOOL_PLACE = "staff_services.export_school_place"


P = StaffServicesPermission

_BRANCH = {P.VIEW_INSURED, P.FILE_CLAIM, P.VIEW_CLAIM, P.APPLY_SCHOOL_PLACE, P.VIEW_SCHOOL_PLACE}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.LIAISON: set(_BRANCH),
    Role.BRANCH_CHAIR: set(_BRANCH),
    Role.UNION_OFFICE: set(P),
    Role.FINANCE_OFFICER: {P.VIEW_POLICY, P.POST_PREMIUM, P.VIEW_INSURED, P.VIEW_CLAIM},
    Role.AUDIT_COMMITTEE: {P.VIEW_POLICY, P.VIEW_INSURED, P.VIEW_CLAIM},
}

OWN_PERMISSIONS: set[str] = {
    P.VIEW_INSURED,
    P.VIEW_CLAIM,
    P.APPLY_SCHOOL_PLACE,
    P.VIEW_SCHOOL_PLACE,
}
