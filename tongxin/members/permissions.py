"""Who may see and change people, families, memberships, officers and dues.

Branch chairs and liaisons act on their branch's subtree; the union office on the school. A
person always sees their own record and family (own permissions). Clear ID numbers are for the
union office only, and every reveal is logged.
"""

from enum import StrEnum

from tongxin.orgs.choices import Role


class MembersPermission(StrEnum):
    VIEW_PERSON = "members.view_person"
    ADD_PERSON = "members.add_person"
    CHANGE_PERSON = "members.change_person"
    CHANGE_OWN_CONTACT = "members.change_own_contact"
    VIEW_ID_NUMBER = "members.view_id_number"
    EXPORT_PERSON = "members.export_person"
    EXPORT_ID_NUMBER = "members.export_id_number"
    IMPORT_ROSTER = "members.import_roster"
    VIEW_FAMILY = "members.view_family"
    CHANGE_FAMILY = "members.change_family"
    VIEW_MEMBERSHIP = "members.view_membership"
    MANAGE_MEMBERSHIP = "members.manage_membership"
    APPLY_MEMBERSHIP = "members.apply_membership"
    VIEW_OFFICER = "members.view_officer"
    MANAGE_OFFICER = "members.manage_officer"
    VIEW_DUES = "members.view_dues"
    COMPUTE_DUES = "members.compute_dues"


P = MembersPermission
_READ = {P.VIEW_PERSON, P.VIEW_FAMILY, P.VIEW_MEMBERSHIP, P.VIEW_OFFICER}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.LIAISON: _READ | {P.EXPORT_PERSON, P.CHANGE_FAMILY},
    Role.BRANCH_CHAIR: _READ
    | {P.CHANGE_PERSON, P.EXPORT_PERSON, P.CHANGE_FAMILY, P.VIEW_DUES, P.MANAGE_OFFICER},
    Role.UNION_OFFICE: _READ
    | {
        P.ADD_PERSON,
        P.CHANGE_PERSON,
        P.VIEW_ID_NUMBER,
        P.EXPORT_PERSON,
        P.EXPORT_ID_NUMBER,
        P.IMPORT_ROSTER,
        P.CHANGE_FAMILY,
        P.MANAGE_MEMBERSHIP,
        P.MANAGE_OFFICER,
        P.VIEW_DUES,
        P.COMPUTE_DUES,
    },
    Role.FINANCE_OFFICER: {P.VIEW_PERSON, P.VIEW_MEMBERSHIP, P.VIEW_DUES, P.COMPUTE_DUES},
    Role.AUDIT_COMMITTEE: {P.VIEW_PERSON, P.VIEW_MEMBERSHIP, P.VIEW_OFFICER, P.VIEW_DUES},
    Role.CONGRESS_SECRETARIAT: {P.VIEW_PERSON, P.VIEW_OFFICER},
}

OWN_PERMISSIONS: set[str] = {
    P.VIEW_PERSON,
    P.CHANGE_OWN_CONTACT,
    P.VIEW_FAMILY,
    P.CHANGE_FAMILY,
    P.VIEW_MEMBERSHIP,
    P.APPLY_MEMBERSHIP,
    P.VIEW_OFFICER,
    P.VIEW_DUES,
}
