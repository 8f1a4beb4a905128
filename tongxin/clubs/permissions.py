"""Who may do what in clubs.

The union office manages the school's clubs and every branch's; a branch chair manages the
clubs of their branch (create, leaders, budget, spending, sessions, members). Liaisons,
finance and audit read. A club's *leaders* are people, not roles: the services let a current
leader manage the members and sessions of their own club (``services.common.require_lead``).
Any person joins and leaves clubs themselves (own permission) and browses the clubs open to
them (no permission: a club is visible to the people of its owning node).
"""

from enum import StrEnum

from tongxin.orgs.choices import Role


class ClubsPermission(StrEnum):
    VIEW_CLUB = "clubs.view_club"
    MANAGE_CLUB = "clubs.manage_club"
    SPEND_CLUB = "clubs.spend_club"
    OVERRIDE_CLUB_BUDGET = "clubs.override_club_budget"
    EXPORT_CLUB = "clubs.export_club"
    JOIN_CLUB = "clubs.join_club"


P = ClubsPermission
_ALL: set[str] = set(P)

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.UNION_OFFICE: _ALL,
    Role.BRANCH_CHAIR: _ALL,
    Role.LIAISON: {P.VIEW_CLUB, P.EXPORT_CLUB},
    Role.FINANCE_OFFICER: {P.VIEW_CLUB},
    Role.AUDIT_COMMITTEE: {P.VIEW_CLUB, P.EXPORT_CLUB},
}

OWN_PERMISSIONS: set[str] = {P.JOIN_CLUB}
