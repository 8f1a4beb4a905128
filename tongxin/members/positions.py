"""Which role an officer's position carries on a node (shared by services and queries)."""

from tongxin.orgs.choices import OrgNodeKind, Role
from tongxin.orgs.models import OrgNode

from .choices import OfficerPosition


def role_for_position(position: str, node: OrgNode) -> str | None:
    """The role an officer's term carries: chairs run their node, liaisons relay, …

    Committee members hold no role of their own: they act through the union's meetings.
    """
    if position in (OfficerPosition.CHAIR, OfficerPosition.VICE_CHAIR):
        return Role.UNION_OFFICE if node.kind == OrgNodeKind.SCHOOL_UNION else Role.BRANCH_CHAIR
    carried: dict[str, str] = {
        OfficerPosition.LIAISON: Role.LIAISON,
        OfficerPosition.FINANCE_OFFICER: Role.FINANCE_OFFICER,
        OfficerPosition.AUDIT_COMMITTEE_MEMBER: Role.AUDIT_COMMITTEE,
    }
    return carried.get(position)
