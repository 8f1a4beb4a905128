"""The org-tree guard members adds: no archiving a node that still has people in it.

Counted are union members (incl. retained) and staff in service, who would otherwise be left
in a node nobody can pick any more."""

from django.db.models import Q
from django.utils.translation import gettext as _

from tongxin.orgs.models import OrgNode, subtree_q

from .choices import IN_UNION_STATUSES, EmploymentStatus
from .errors import MembersErrorCode
from .models import Person


def node_has_active_members(node: OrgNode) -> tuple[str, str] | None:
    count = (
        Person.objects.filter(subtree_q(node.path, "node__path"))
        .filter(
            Q(membership_status__in=IN_UNION_STATUSES)
            | Q(employment_status=EmploymentStatus.ACTIVE)
        )
        .count()
    )
    if count:
        return (
            MembersErrorCode.NODE_HAS_ACTIVE_MEMBERS,
            _("%(node)s still has %(count)d members or staff; transfer them first.")
            % {"node": node.name, "count": count},
        )
    return None
