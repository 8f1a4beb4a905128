import pytest

from tongxin.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.orgs import services
from tongxin.orgs.choices import OrgNodeKind, Role
from tongxin.orgs.models import OrgNode, RoleAssignment, subtree_q
from tongxin.testing.api import api_as


def test_create_builds_materialised_path(cast):
    # given the cast's tree
    # then each node's path extends its parent's, and the subtree filter finds the group
    assert cast.branch_a.path.startswith(cast.school.path)
    assert cast.group_a1.path.startswith(cast.branch_a.path)
    under_a = set(
        OrgNode.objects.filter(subtree_q(cast.branch_a.path)).values_list("name", flat=True)
    )
    assert under_a == {"Branch A", "Group A1"}
    assert cast.group_a1.school_id == cast.school.pk
    assert cast.group_a1.depth == 2


def test_refuses_kind_that_does_not_fit(cast):
    with pytest.raises(ValidationFailed) as info:
        services.node_create(
            actor=cast.actor("office_admin"),
            parent=cast.group_a1,
            kind=OrgNodeKind.BRANCH,
            name="X",
        )
    assert info.value.code == "invalid_parent"


def test_refuses_duplicate_sibling_name(cast):
    with pytest.raises(DomainError) as info:
        services.node_create(
            actor=cast.actor("office_admin"),
            parent=cast.school,
            kind=OrgNodeKind.BRANCH,
            name="Branch A",
        )
    assert info.value.code == "duplicate_name"


def test_move_rewrites_subtree_paths(cast):
    # given a group under branch A
    actor = cast.actor("office_admin")
    # when it moves under branch B
    moved = services.node_move(actor=actor, node=cast.group_a1, new_parent=cast.branch_b)
    # then its path lies under B's
    assert moved.path == cast.branch_b.path + moved.path[-8:]
    assert moved.parent_id == cast.branch_b.pk
    assert AuditEvent.objects.filter(event="org_node.moved", target_id=str(moved.pk)).count() == 1


def test_move_of_school_carries_its_subtree(cast):
    # given two parent unions and the school under the first
    system = cast.actor("system")
    province = services.node_create(
        actor=system, parent=None, kind=OrgNodeKind.PARENT_UNION, name="Province"
    )
    city = services.node_create(
        actor=system, parent=None, kind=OrgNodeKind.PARENT_UNION, name="City"
    )
    school = services.node_move(actor=system, node=cast.school, new_parent=province)
    # when the school moves to the other parent union
    services.node_move(actor=system, node=school, new_parent=city)
    # then every descendant's path and depth follow
    group = OrgNode.objects.get(pk=cast.group_a1.pk)
    assert group.path.startswith(city.path)
    assert group.depth == 3
    assert OrgNode.objects.filter(subtree_q(province.path)).count() == 1


def test_refuses_move_into_another_school(cast):
    system = cast.actor("system")
    other_school = services.node_create(
        actor=system, parent=None, kind=OrgNodeKind.SCHOOL_UNION, name="Other"
    )
    with pytest.raises(DomainError) as info:
        services.node_move(actor=system, node=cast.branch_a, new_parent=other_school)
    assert info.value.code == "move_across_schools"


def test_refuses_move_under_own_descendant(cast):
    # a branch cannot go under a school, so try a group-level cycle via the system actor
    parent_union = services.node_create(
        actor=cast.actor("system"), parent=None, kind=OrgNodeKind.PARENT_UNION, name="Province"
    )
    child_union = services.node_create(
        actor=cast.actor("system"), parent=parent_union, kind=OrgNodeKind.PARENT_UNION, name="City"
    )
    with pytest.raises(DomainError) as info:
        services.node_move(actor=cast.actor("system"), node=parent_union, new_parent=child_union)
    assert info.value.code == "move_into_own_subtree"
    parent_union.refresh_from_db()
    assert parent_union.parent_id is None


def test_archive_refused_while_members_remain(cast):
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError) as info:
        services.node_archive(actor=cast.actor("office_admin"), node=cast.branch_b)
    assert info.value.code == "node_has_active_members"
    cast.branch_b.refresh_from_db()
    assert cast.branch_b.is_archived is False
    assert AuditEvent.objects.count() == before


def test_archive_and_restore_empty_node(cast):
    actor = cast.actor("office_admin")
    empty = services.node_create(
        actor=actor, parent=cast.school, kind=OrgNodeKind.BRANCH, name="Empty"
    )
    archived = services.node_archive(actor=actor, node=empty)
    assert archived.is_archived is True
    restored = services.node_restore(actor=actor, node=empty)
    assert restored.is_archived is False


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office_admin", None),
        ("branch_a_chair", Forbidden),
        ("branch_a_liaison", Forbidden),
        ("branch_a_member", NotFound),
        ("branch_b_member", NotFound),
        ("finance_officer", Forbidden),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_rename_matrix(cast, persona, expected):
    # given branch A and an actor
    actor = cast.actor(persona)
    before = AuditEvent.objects.count()
    # when the actor renames it
    if expected is None:
        node = services.node_rename(actor=actor, node=cast.branch_a, name="Branch Alpha")
        # then the name changed and one audit event was written
        assert node.name == "Branch Alpha"
        assert AuditEvent.objects.count() == before + 1
    else:
        with pytest.raises(expected):
            services.node_rename(actor=actor, node=cast.branch_a, name="Branch Alpha")
        # then nothing changed
        cast.branch_a.refresh_from_db()
        assert cast.branch_a.name == "Branch A"
        assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("persona", "role", "allowed"),
    [
        ("office_admin", Role.BRANCH_CHAIR, True),
        ("office_admin", Role.SYSTEM_ADMIN, False),
        ("branch_a_chair", Role.LIAISON, True),
        ("branch_a_chair", Role.BRANCH_CHAIR, False),
        ("branch_a_liaison", Role.LIAISON, False),
        ("branch_b_member", Role.LIAISON, False),
        ("system", Role.SYSTEM_ADMIN, True),
    ],
)
def test_role_assign_matrix(cast, persona, role, allowed):
    target_user = cast.users["branch_a_member"]
    before = RoleAssignment.objects.count()
    if allowed:
        services.role_assign(
            actor=cast.actor(persona), user_id=target_user.pk, role=role, node=cast.branch_a
        )
        assert RoleAssignment.objects.count() == before + 1
    else:
        with pytest.raises((Forbidden, NotFound)):
            services.role_assign(
                actor=cast.actor(persona), user_id=target_user.pk, role=role, node=cast.branch_a
            )
        assert RoleAssignment.objects.count() == before


def test_branch_chair_cannot_assign_outside_own_branch(cast):
    with pytest.raises(NotFound):
        services.role_assign(
            actor=cast.actor("branch_a_chair"),
            user_id=cast.users["branch_b_member"].pk,
            role=Role.LIAISON,
            node=cast.branch_b,
        )


def test_revoked_role_no_longer_grants(cast):
    chair = cast.users["branch_a_chair"]
    assignment = RoleAssignment.objects.get(user=chair, role=Role.BRANCH_CHAIR)
    services.role_revoke(actor=cast.actor("office_admin"), assignment=assignment)
    assert cast.actor("branch_a_chair").grants == ()


@pytest.mark.parametrize(
    ("persona", "grantee", "allowed"),
    [
        # the branch A chair appoints liaisons on branch A from branch A's people only
        ("branch_a_chair", "branch_a_member", True),
        ("branch_a_chair", "branch_b_member", False),
        ("branch_a_chair", "office_admin", False),
        ("branch_a_chair", "outsider", False),
        # the union office reaches the whole school, but not technical accounts
        ("office_admin", "branch_a_member", True),
        ("office_admin", "branch_b_member", True),
        ("office_admin", "outsider", False),
        ("system", "outsider", True),
    ],
)
def test_role_assign_grantee_must_be_in_the_assigners_subtree(cast, persona, grantee, allowed):
    target = cast.users[grantee]
    before = (RoleAssignment.objects.count(), AuditEvent.objects.count())
    if allowed:
        services.role_assign(
            actor=cast.actor(persona), user_id=target.pk, role=Role.LIAISON, node=cast.branch_a
        )
        assert RoleAssignment.objects.filter(user=target, role=Role.LIAISON).exists()
        return
    with pytest.raises(ValidationFailed) as info:
        services.role_assign(
            actor=cast.actor(persona), user_id=target.pk, role=Role.LIAISON, node=cast.branch_a
        )
    # then the refusal reads exactly as for an id nobody has, and nothing changed
    with pytest.raises(ValidationFailed) as missing:
        services.role_assign(
            actor=cast.actor(persona), user_id=999_999, role=Role.LIAISON, node=cast.branch_a
        )
    assert (info.value.code, info.value.message, info.value.field) == (
        missing.value.code,
        missing.value.message,
        missing.value.field,
    )
    assert (RoleAssignment.objects.count(), AuditEvent.objects.count()) == before


def test_role_assign_over_the_api_hides_out_of_reach_accounts(cast):
    chair = api_as(cast, "branch_a_chair")
    body = {"role": Role.LIAISON, "node_id": cast.branch_a.pk}
    outside = chair.post(
        "/orgs/role-assignments", {**body, "user_id": cast.users["branch_b_member"].pk}
    )
    missing = chair.post("/orgs/role-assignments", {**body, "user_id": 999_999})
    assert (outside.status_code, outside.json()) == (missing.status_code, missing.json())
    assert outside.status_code == 400
