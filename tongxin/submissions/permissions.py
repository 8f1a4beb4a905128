"""Who may do what in submission calls.

- The union office runs calls: creates them, screens works, appoints judges, sets prizes,
  awards and publishes, exports results. A branch's chair and liaison see the calls and the
  works submitted from their branch.
- A staff member submits works for themself or their children (own permission on their own
  person record) and sees their own works; the office may enter a work for anyone.
- Judges are people appointed per call, not a role: the scoring service checks the
  appointment (``services.scoring``). The gallery of accepted works is open to every signed-in
  person of the call's school (``queries.calls.in_audience``).
"""

from enum import StrEnum

from tongxin.orgs.choices import Role


class SubmissionsPermission(StrEnum):
    VIEW_CALL = "submissions.view_call"
    MANAGE_CALL = "submissions.manage_call"
    EXPORT_CALL = "submissions.export_call"
    SUBMIT_WORK = "submissions.submit_work"
    VIEW_WORK = "submissions.view_work"
    SCREEN_WORK = "submissions.screen_work"


P = SubmissionsPermission

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.LIAISON: {P.VIEW_CALL, P.VIEW_WORK},
    Role.BRANCH_CHAIR: {P.VIEW_CALL, P.VIEW_WORK},
    Role.UNION_OFFICE: {
        P.VIEW_CALL,
        P.MANAGE_CALL,
        P.EXPORT_CALL,
        P.SUBMIT_WORK,
        P.VIEW_WORK,
        P.SCREEN_WORK,
    },
}

OWN_PERMISSIONS: set[str] = {P.SUBMIT_WORK, P.VIEW_WORK}
