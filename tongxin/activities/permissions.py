"""Who may do what in activities.

Organisers (branch chairs, the union office) manage activities of their subtree. Liaisons help:
they register their branch's people (team registration by branch) and check people in.
A person signs themselves and their children up, cancels and accepts offers (own permissions).
Sign-ups are scoped by the branch of the person signed up, so a branch sees its own people's
sign-ups for a school-wide activity.
"""

from enum import StrEnum

from tongxin.orgs.choices import Role


class ActivitiesPermission(StrEnum):
    VIEW_ACTIVITY = "activities.view_activity"
    MANAGE_ACTIVITY = "activities.manage_activity"
    DECIDE_SIGNUP = "activities.decide_signup"
    CHECK_IN = "activities.check_in"
    EXPORT_ATTENDANCE = "activities.export_attendance"
    VIEW_SIGNUP = "activities.view_signup"
    SIGN_UP = "activities.sign_up"
    CHANGE_SIGNUP = "activities.change_signup"
    VIEW_COST = "activities.view_cost"
    MANAGE_COST = "activities.manage_cost"


P = ActivitiesPermission
_ALL: set[str] = set(P)

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.UNION_OFFICE: _ALL,
    Role.BRANCH_CHAIR: _ALL,
    Role.LIAISON: {
        P.VIEW_ACTIVITY,
        P.CHECK_IN,
        P.EXPORT_ATTENDANCE,
        P.VIEW_SIGNUP,
        P.SIGN_UP,
        P.CHANGE_SIGNUP,
    },
    # Costs are posted by the organiser's office or branch chair and read by finance and audit.
    Role.FINANCE_OFFICER: {P.VIEW_ACTIVITY, P.VIEW_COST},
    Role.AUDIT_COMMITTEE: {P.VIEW_ACTIVITY, P.VIEW_SIGNUP, P.VIEW_COST},
}

OWN_PERMISSIONS: set[str] = {P.VIEW_SIGNUP, P.SIGN_UP, P.CHANGE_SIGNUP}
