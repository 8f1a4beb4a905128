"""Who may do what in the staff congress.

The union office and the congress secretariat (the union office acting as the congress's
working body) run the congress of their school: terms, delegations, the roll of
representatives, sessions, check-in, motions and elections; they also act as tellers
(entering paper ballots and show-of-hands totals). A branch chair and liaison read the
congress as it concerns their branch (its delegation and representatives). The audit
committee reads everything (results, bulletins, the roll) but changes nothing.

A representative acts on their *own* seat: check in, vote, see their receipt
(own permissions, checked against the representative row by the services).
"""

from enum import StrEnum

from tongxin.orgs.choices import Role


class CongressPermission(StrEnum):
    VIEW_CONGRESS = "congress.view_congress"
    MANAGE_CONGRESS = "congress.manage_congress"
    RUN_CHECKIN = "congress.run_checkin"
    COUNT_BALLOTS = "congress.count_ballots"
    CAST_BALLOT = "congress.cast_ballot"
    CHECK_IN_SELF = "congress.check_in_self"


P = CongressPermission
_OFFICE: set[str] = {
    P.VIEW_CONGRESS,
    P.MANAGE_CONGRESS,
    P.RUN_CHECKIN,
    P.COUNT_BALLOTS,
}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.UNION_OFFICE: _OFFICE,
    Role.CONGRESS_SECRETARIAT: _OFFICE,
    Role.BRANCH_CHAIR: {P.VIEW_CONGRESS},
    Role.LIAISON: {P.VIEW_CONGRESS},
    Role.AUDIT_COMMITTEE: {P.VIEW_CONGRESS},
}

OWN_PERMISSIONS: set[str] = {P.CAST_BALLOT, P.CHECK_IN_SELF}
