"""The ancestor-or-self scope for governing records: a grant on node N reaches the records
hanging on N and its ancestors (plus the usual subtree), never a sibling's or another
school's."""

import pytest

from tongxin.orgs import access
from tongxin.orgs import services as orgs
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode
from tongxin.orgs.permissions import OrgsPermission
from tongxin.testing.personas import SYSTEM

VIEW = OrgsPermission.VIEW_NODE


def test_ancestor_paths():
    assert access.ancestor_paths("0000000100000002") == ["00000001", "0000000100000002"]
    assert access.ancestor_paths("00000001") == ["00000001"]


# persona → names of the nodes visible as governing records
EXPECTED = {
    "office_admin": {"Test school union", "Branch A", "Branch B", "Group A1"},
    "branch_a_chair": {"Test school union", "Branch A", "Group A1"},
    "branch_a_liaison": {"Test school union", "Branch A", "Group A1"},
    "branch_a_member": set(),
    "branch_b_member": set(),
    "outsider": set(),
    "anonymous": set(),
}


@pytest.mark.parametrize(("persona", "expected"), EXPECTED.items())
def test_scope_governing_matrix(cast, persona, expected):
    # given a second school whose nodes nobody here may see
    other = orgs.node_create(
        actor=SYSTEM, parent=None, kind=OrgNodeKind.SCHOOL_UNION, name="Other school", code="O"
    )
    actor = cast.actor(persona)
    names = set(
        access.scope_governing(OrgNode.objects.all(), actor, VIEW).values_list("name", flat=True)
    )
    # then the actor sees their subtree and the nodes above it, nothing of another school
    assert names == expected
    # and the single-object check agrees with the queryset
    for node in OrgNode.objects.all():
        assert access.can_governing(actor, VIEW, node) == (node.name in expected)
    assert not access.can_governing(actor, VIEW, other)
