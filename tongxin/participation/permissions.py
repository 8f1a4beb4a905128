from enum import StrEnum

from tongxin.orgs.choices import Role


class ParticipationPermission(StrEnum):
    VIEW_PARTICIPATION = "participation.view_participation"


P = ParticipationPermission
ROLE_PERMISSIONS: dict[str, set[str]] = {
    role: {P.VIEW_PARTICIPATION}
    for role in (
        Role.LIAISON,
        Role.BRANCH_CHAIR,
        Role.UNION_OFFICE,
        Role.FINANCE_OFFICER,
        Role.AUDIT_COMMITTEE,
    )
}
OWN_PERMISSIONS: set[str] = {P.VIEW_PARTICIPATION}
