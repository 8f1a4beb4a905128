from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgNodeKind(models.TextChoices):
    PARENT_UNION = "parent_union", _("Parent union")
    SCHOOL_UNION = "school_union", _("School union")
    BRANCH = "branch", _("Branch")
    GROUP = "group", _("Group")


# Which kinds of node may sit directly under which (None = a root of the tree).
ALLOWED_PARENT_KINDS: dict[str, set[str | None]] = {
    OrgNodeKind.PARENT_UNION: {None, OrgNodeKind.PARENT_UNION},
    OrgNodeKind.SCHOOL_UNION: {None, OrgNodeKind.PARENT_UNION},
    OrgNodeKind.BRANCH: {OrgNodeKind.SCHOOL_UNION},
    OrgNodeKind.GROUP: {OrgNodeKind.BRANCH},
}


class Role(models.TextChoices):
    """Powers held on an org node; each covers the node's whole subtree.

    ``member`` is implicit: anyone whose account is linked to a person holds the member's
    own-record permissions without an assignment row.
    """

    MEMBER = "member", _("Member")
    LIAISON = "liaison", _("Liaison")
    BRANCH_CHAIR = "branch_chair", _("Branch chair")
    UNION_OFFICE = "union_office", _("Union office")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    AUDIT_COMMITTEE = "audit_committee", _("Audit committee")
    CONGRESS_SECRETARIAT = "congress_secretariat", _("Congress secretariat")
    PROPOSAL_COMMITTEE = "proposal_committee", _("Proposal committee")
    HANDLING_DEPARTMENT = "handling_department", _("Handling department")
    SYSTEM_ADMIN = "system_admin", _("System admin")
