"""The org-tree API: nodes, the tree with member counts, and role assignments."""

import pytest

from tongxin.core.models import AuditEvent
from tongxin.members import services as members
from tongxin.orgs import services
from tongxin.orgs.choices import OrgNodeKind, Role
from tongxin.orgs.models import OrgNode, RoleAssignment
from tongxin.testing.api import api_as, assert_error, query_count, table_counts
from tongxin.testing.personas import SYSTEM

EVERYONE = (
    "office_admin",
    "finance_officer",
    "auditor",
    "branch_a_chair",
    "branch_a_liaison",
    "branch_a_member",
    "branch_b_member",
    "outsider",
)


def _names(items):
    return [item["name"] for item in items]


# Reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("office_admin", ["Test school union", "Branch A", "Group A1", "Branch B"]),
        ("finance_officer", ["Test school union", "Branch A", "Group A1", "Branch B"]),
        ("branch_a_chair", ["Branch A", "Group A1"]),
        ("branch_a_liaison", ["Branch A", "Group A1"]),
        ("branch_a_member", []),
        ("branch_b_member", []),
        ("outsider", []),
    ],
)
def test_node_list_shows_the_callers_subtrees_in_tree_order(cast, persona, visible):
    # when
    response = api_as(cast, persona).get("/orgs/nodes")
    # then
    assert response.status_code == 200
    assert _names(response.json()["items"]) == visible
    assert response.json()["count"] == len(visible)


def test_node_list_filters_by_kind_and_hides_archived_nodes(cast):
    # given
    office = api_as(cast, "office_admin")
    empty = services.node_create(
        actor=SYSTEM, parent=cast.branch_b, kind=OrgNodeKind.GROUP, name="Old"
    )
    services.node_archive(actor=SYSTEM, node=empty)
    # when
    branches = office.get("/orgs/nodes", {"kind": "branch"}).json()["items"]
    live = office.get("/orgs/nodes").json()["items"]
    everything = office.get("/orgs/nodes", {"include_archived": "true"}).json()["items"]
    # then
    assert _names(branches) == ["Branch A", "Branch B"]
    assert "Old" not in _names(live)
    assert "Old" in _names(everything)


def test_node_tree_nests_the_visible_nodes_with_member_counts(cast):
    # when
    tree = api_as(cast, "office_admin").get("/orgs/nodes/tree").json()
    # then
    assert [(root["name"], root["member_count"]) for root in tree] == [("Test school union", 7)]
    branches = tree[0]["children"]
    assert [(b["name"], b["member_count"]) for b in branches] == [("Branch A", 3), ("Branch B", 1)]
    assert [(g["name"], g["member_count"], g["children"]) for g in branches[0]["children"]] == [
        ("Group A1", 1, [])
    ]


def test_node_tree_of_a_branch_chair_starts_at_their_branch(cast):
    # when
    tree = api_as(cast, "branch_a_chair").get("/orgs/nodes/tree").json()
    # then
    assert [(root["name"], root["member_count"]) for root in tree] == [("Branch A", 3)]
    assert _names(tree[0]["children"]) == ["Group A1"]


@pytest.mark.parametrize("persona", ["branch_a_member", "outsider"])
def test_node_tree_is_empty_for_people_without_an_office(cast, persona):
    # when
    response = api_as(cast, persona).get("/orgs/nodes/tree")
    # then
    assert (response.status_code, response.json()) == (200, [])


def test_node_get_answers_404_outside_the_scope_like_a_missing_node(cast):
    # given
    chair = api_as(cast, "branch_a_chair")
    # when
    own = chair.get(f"/orgs/nodes/{cast.branch_a.pk}")
    other = chair.get(f"/orgs/nodes/{cast.branch_b.pk}")
    missing = chair.get("/orgs/nodes/99999999")
    # then
    assert own.json()["name"] == "Branch A"
    assert_error(other, 404, "not_found")
    assert other.json() == missing.json()


@pytest.mark.parametrize(
    "path", ["/orgs/nodes", "/orgs/nodes/tree", "/orgs/nodes/1", "/orgs/role-assignments"]
)
def test_anonymous_callers_get_401(cast, path):
    # when
    response = api_as(cast, "anonymous").get(path)
    # then
    assert_error(response, 401, "unauthenticated")


# Changing nodes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status", "code"),
    [
        ("office_admin", 201, None),
        ("finance_officer", 403, "forbidden"),
        ("branch_a_chair", 403, "forbidden"),
        ("branch_a_member", 404, "not_found"),
        ("branch_b_member", 404, "not_found"),
        ("outsider", 404, "not_found"),
        ("anonymous", 401, "unauthenticated"),
    ],
)
def test_node_create_matrix(cast, persona, status, code):
    # given
    client = api_as(cast, persona)
    before = table_counts()
    # when
    response = client.post(
        "/orgs/nodes", {"parent_id": cast.branch_a.pk, "kind": "group", "name": "Group A2"}
    )
    # then
    if code is None:
        assert response.status_code == status
        created = OrgNode.objects.get(pk=response.json()["id"])
        assert (created.name, created.parent_id, created.kind) == (
            "Group A2",
            cast.branch_a.pk,
            "group",
        )
        assert response.json()["path"] == created.path
    else:
        assert_error(response, status, code)
        assert table_counts() == before


def test_node_rename_refuses_a_sibling_name_and_changes_nothing(cast):
    # given
    office = api_as(cast, "office_admin")
    events = AuditEvent.objects.count()
    # when
    clash = office.post(f"/orgs/nodes/{cast.branch_a.pk}/rename", {"name": "Branch B"})
    renamed = office.post(f"/orgs/nodes/{cast.branch_a.pk}/rename", {"name": "Branch Alpha"})
    # then
    assert_error(clash, 400, "duplicate_name", "name")
    assert renamed.json()["name"] == "Branch Alpha"
    assert AuditEvent.objects.count() == events + 1


def test_branch_chair_cannot_rename_another_branch(cast):
    # given
    chair = api_as(cast, "branch_a_chair")
    before = table_counts()
    # when
    response = chair.post(f"/orgs/nodes/{cast.branch_b.pk}/rename", {"name": "Mine now"})
    # then
    assert_error(response, 404, "not_found")
    assert table_counts() == before
    assert OrgNode.objects.get(pk=cast.branch_b.pk).name == "Branch B"


def test_node_move_carries_the_subtree(cast):
    # given
    office = api_as(cast, "office_admin")
    # when
    response = office.post(f"/orgs/nodes/{cast.group_a1.pk}/move", {"parent_id": cast.branch_b.pk})
    # then
    assert response.status_code == 200
    assert response.json()["parent_id"] == cast.branch_b.pk
    assert response.json()["path"].startswith(OrgNode.objects.get(pk=cast.branch_b.pk).path)


def test_node_move_into_its_own_subtree_is_refused(cast):
    # given
    office = api_as(cast, "office_admin")
    before = table_counts()
    # when
    response = office.post(f"/orgs/nodes/{cast.branch_a.pk}/move", {"parent_id": cast.group_a1.pk})
    # then
    assert_error(response, 400, "move_into_own_subtree", "parent_id")
    assert table_counts() == before


def test_node_archive_and_restore(cast):
    # given
    office = api_as(cast, "office_admin")
    empty = services.node_create(
        actor=SYSTEM, parent=cast.branch_b, kind=OrgNodeKind.GROUP, name="Empty"
    )
    # when
    archived = office.post(f"/orgs/nodes/{empty.pk}/archive")
    restored = office.post(f"/orgs/nodes/{empty.pk}/restore")
    # then
    assert archived.json()["is_archived"] is True
    assert restored.json()["is_archived"] is False


def test_node_archive_is_refused_while_people_are_in_it(cast):
    # given
    office = api_as(cast, "office_admin")
    before = table_counts()
    # when
    response = office.post(f"/orgs/nodes/{cast.group_a1.pk}/archive")
    # then
    assert_error(response, 400, "node_has_active_members")
    assert table_counts() == before


# Role assignments -----------------------------------------------------------------------------


def test_role_assignment_list_is_scoped_and_filters_by_node(cast):
    # given
    office = api_as(cast, "office_admin")
    chair = api_as(cast, "branch_a_chair")
    # when
    everything = office.get("/orgs/role-assignments").json()
    on_branch_a = office.get("/orgs/role-assignments", {"node_id": cast.branch_a.pk}).json()
    chairs_view = chair.get("/orgs/role-assignments").json()
    members_view = api_as(cast, "branch_a_member").get("/orgs/role-assignments").json()
    # then
    assert everything["count"] == 5
    assert {a["role"] for a in on_branch_a["items"]} == {"branch_chair", "liaison"}
    assert chairs_view["items"] == on_branch_a["items"]
    assert members_view == {"items": [], "count": 0}


@pytest.mark.parametrize(
    ("persona", "role", "status", "code"),
    [
        ("office_admin", Role.LIAISON, 201, None),
        ("office_admin", Role.BRANCH_CHAIR, 201, None),
        ("branch_a_chair", Role.LIAISON, 201, None),
        ("branch_a_chair", Role.BRANCH_CHAIR, 403, "forbidden"),
        ("branch_a_liaison", Role.LIAISON, 403, "forbidden"),
        ("branch_b_member", Role.LIAISON, 404, "not_found"),
        ("outsider", Role.LIAISON, 404, "not_found"),
        ("anonymous", Role.LIAISON, 401, "unauthenticated"),
    ],
)
def test_role_assign_matrix(cast, persona, role, status, code):
    # given
    client = api_as(cast, persona)
    before = table_counts()
    user = cast.users["branch_a_member"]
    # when
    response = client.post(
        "/orgs/role-assignments", {"user_id": user.pk, "role": role, "node_id": cast.branch_a.pk}
    )
    # then
    if code is None:
        assert response.status_code == status
        assignment = RoleAssignment.objects.get(pk=response.json()["id"])
        assert (assignment.user_id, assignment.role, assignment.node_id) == (
            user.pk,
            role,
            cast.branch_a.pk,
        )
    else:
        assert_error(response, status, code)
        assert table_counts() == before


def test_role_assign_refuses_an_unknown_account_and_member_role(cast):
    # given
    office = api_as(cast, "office_admin")
    before = table_counts()
    # when
    unknown = office.post(
        "/orgs/role-assignments",
        {"user_id": 987654, "role": "liaison", "node_id": cast.branch_a.pk},
    )
    member_role = office.post(
        "/orgs/role-assignments",
        {"user_id": cast.users["outsider"].pk, "role": "member", "node_id": cast.branch_a.pk},
    )
    backwards = office.post(
        "/orgs/role-assignments",
        {
            "user_id": cast.users["outsider"].pk,
            "role": "liaison",
            "node_id": cast.branch_a.pk,
            "starts_on": "2021-09-01",
            "ends_on": "2021-08-31",
        },
    )
    # then
    assert_error(unknown, 400, "unknown_user", "user_id")
    assert_error(member_role, 400, "role_not_assignable", "role")
    assert_error(backwards, 400, "invalid", "ends_on")
    assert table_counts() == before


def test_role_revoke_ends_the_role_at_once(cast):
    # given
    office = api_as(cast, "office_admin")
    liaison = RoleAssignment.objects.get(user=cast.users["branch_a_liaison"])
    # when
    response = office.post(f"/orgs/role-assignments/{liaison.pk}/revoke")
    # then
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    assert not RoleAssignment.objects.active().filter(pk=liaison.pk).exists()


def test_branch_chair_cannot_revoke_the_office_role(cast):
    # given
    chair = api_as(cast, "branch_a_chair")
    office_role = RoleAssignment.objects.get(user=cast.users["office_admin"])
    before = table_counts()
    # when
    response = chair.post(f"/orgs/role-assignments/{office_role.pk}/revoke")
    # then
    assert_error(response, 404, "not_found")
    assert table_counts() == before


# Query budgets --------------------------------------------------------------------------------


def _grow_tree(cast, first, count):
    """``count`` more groups, each with a member and a liaison role."""
    for number in range(first, first + count):
        group = services.node_create(
            actor=SYSTEM, parent=cast.branch_b, kind=OrgNodeKind.GROUP, name=f"Group B{number}"
        )
        person = members.person_create(
            actor=SYSTEM,
            node=group,
            staff_number=f"G{number:04d}",
            name=f"P {number}",
            gender="male",
        )
        members.membership_join(actor=SYSTEM, person=person, on=person.created_at.date())
        services.role_assign(
            actor=SYSTEM, user_id=cast.users["outsider"].pk, role=Role.LIAISON, node=group
        )


@pytest.mark.parametrize("path", ["/orgs/nodes", "/orgs/nodes/tree", "/orgs/role-assignments"])
def test_lists_run_the_same_number_of_queries_whatever_the_size(cast, path):
    # given
    office = api_as(cast, "office_admin")
    _grow_tree(cast, 0, 1)
    small = query_count(office, path)
    # when
    _grow_tree(cast, 1, 8)
    large = query_count(office, path)
    # then
    assert OrgNode.objects.count() == 4 + 9
    assert large == small


@pytest.fixture
def spare_group(cast):
    """An empty group under branch A: archivable, and restorable once archived."""
    return services.node_create(
        actor=SYSTEM, parent=cast.branch_a, kind=OrgNodeKind.GROUP, name="Spare"
    )


@pytest.mark.parametrize(
    ("action", "payload"),
    [
        ("rename", {"name": "Renamed"}),
        ("move", {"parent_id": "branch_b"}),
        ("archive", None),
        ("restore", None),
    ],
)
@pytest.mark.parametrize(
    ("persona", "status", "code"),
    [
        ("office_admin", 200, None),
        ("branch_a_chair", 403, "forbidden"),
        ("branch_a_liaison", 403, "forbidden"),
        ("branch_a_member", 404, "not_found"),
        ("branch_b_member", 404, "not_found"),
        ("outsider", 404, "not_found"),
        ("anonymous", 401, "unauthenticated"),
    ],
)
def test_node_change_matrix(cast, spare_group, action, payload, persona, status, code):
    # given (branch A's officers cannot even see branch B, the destination of the move)
    if action == "move" and persona in ("branch_a_chair", "branch_a_liaison"):
        status, code = 404, "not_found"
    if action == "restore":
        services.node_archive(actor=SYSTEM, node=spare_group)
    if payload and "parent_id" in payload:
        payload = {"parent_id": cast.branch_b.pk}
    client = api_as(cast, persona)
    before = table_counts()
    state = OrgNode.objects.values("name", "path", "is_archived").get(pk=spare_group.pk)
    # when
    response = client.post(f"/orgs/nodes/{spare_group.pk}/{action}", payload)
    # then
    if code is None:
        assert response.status_code == status
        assert OrgNode.objects.values("name", "path", "is_archived").get(pk=spare_group.pk) != state
        assert table_counts()["core.AuditEvent"] == before["core.AuditEvent"] + 1
    else:
        assert_error(response, status, code)
        assert table_counts() == before
        assert OrgNode.objects.values("name", "path", "is_archived").get(pk=spare_group.pk) == state
