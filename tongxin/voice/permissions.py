"""Who may do what in staff voice.

- Wishes are private to the union office: only the office (and the wish's author) sees one by
  name. Everyone signed in sees the anonymised wall.
- A member files suggestions and requests for themself; a liaison or branch chair files for
  people of their branch, the office for anyone. The filer sees their items (own permission),
  whoever entered one sees it too (a rule in ``voice.queries``), the office sees all.
- A department handler holds ``reply_item`` and ``view_routed_item`` through the
  handling-department role on the school, and the queries narrow both to the items routed to
  the departments the handler answers for.
- Grassroots visits are recorded by the office; a branch's chair and liaison see the visits to
  their branch and the items raised there.
"""

from enum import StrEnum

from tongxin.orgs.choices import Role


class VoicePermission(StrEnum):
    SUBMIT_WISH = "voice.submit_wish"
    VIEW_WISH = "voice.view_wish"
    DECIDE_WISH = "voice.decide_wish"
    EXPORT_WISH = "voice.export_wish"
    VIEW_WISH_WALL = "voice.view_wish_wall"
    FILE_ITEM = "voice.file_item"
    VIEW_ITEM = "voice.view_item"
    MANAGE_ITEM = "voice.manage_item"
    REPLY_ITEM = "voice.reply_item"
    VIEW_ROUTED_ITEM = "voice.view_routed_item"
    RATE_ITEM = "voice.rate_item"
    EXPORT_ITEM = "voice.export_item"
    VIEW_VISIT = "voice.view_visit"
    RECORD_VISIT = "voice.record_visit"


P = VoicePermission

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.LIAISON: {P.FILE_ITEM, P.VIEW_VISIT, P.VIEW_WISH_WALL},
    Role.BRANCH_CHAIR: {P.FILE_ITEM, P.VIEW_VISIT, P.VIEW_WISH_WALL},
    Role.UNION_OFFICE: {
        P.SUBMIT_WISH,
        P.VIEW_WISH,
        P.DECIDE_WISH,
        P.EXPORT_WISH,
        P.VIEW_WISH_WALL,
        P.FILE_ITEM,
        P.VIEW_ITEM,
        P.MANAGE_ITEM,
        P.REPLY_ITEM,
        P.EXPORT_ITEM,
        P.VIEW_VISIT,
        P.RECORD_VISIT,
    },
    Role.HANDLING_DEPARTMENT: {P.VIEW_ROUTED_ITEM, P.REPLY_ITEM, P.VIEW_WISH_WALL},
    Role.FINANCE_OFFICER: {P.VIEW_WISH_WALL},
    Role.AUDIT_COMMITTEE: {P.VIEW_WISH_WALL},
    Role.CONGRESS_SECRETARIAT: {P.VIEW_WISH_WALL},
    Role.PROPOSAL_COMMITTEE: {P.VIEW_WISH_WALL},
}

OWN_PERMISSIONS: set[str] = {
    P.SUBMIT_WISH,
    P.VIEW_WISH,
    P.VIEW_WISH_WALL,
    P.FILE_ITEM,
    P.VIEW_ITEM,
    P.RATE_ITEM,
}
