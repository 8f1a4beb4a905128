import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tongxin.accounts.models import User
from tongxin.core.models import AuditEvent
from tongxin.members import services as members
from tongxin.orgs import services
from tongxin.orgs.choices import OrgNodeKind, Role
from tongxin.orgs.models import OrgNode, RoleAssignment
from tongxin.testing.personas import PAGE_PERSONAS, SYSTEM, log_in

TREE = reverse("orgs:node-tree")


def _zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


TREE_STATUS = dict.fromkeys(PAGE_PERSONAS, 200) | {
    "branch_a_member": 403,
    "branch_b_member": 403,
    "outsider": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_tree_matrix(cast, client, persona):
    log_in(client, cast, persona)
    assert client.get(TREE).status_code == TREE_STATUS[persona]


def test_tree_shows_counts_and_officers(cast, client):
    members.officer_appoint(
        actor=SYSTEM,
        node=cast.branch_a,
        person=cast.people["branch_a_chair"],
        position="committee_member",
    )
    log_in(client, cast, "office_admin")
    response = client.get(TREE)
    rows = {
        node.name: (count, [o.person.name for o in officers])
        for node, _d, count, officers in response.context["rows"]
    }
    # seven members in the school; four in branch A's subtree (group A1 included)
    assert rows["Test school union"][0] == 7
    assert rows["Branch A"] == (3, ["Chair A"])
    assert rows["Group A1"][0] == 1


def test_chair_sees_only_the_branch_subtree(cast, client):
    log_in(client, cast, "branch_a_chair")
    names = [node.name for node, *_rest in client.get(TREE).context["rows"]]
    assert names == ["Branch A", "Group A1"]


DETAIL_STATUS = dict.fromkeys(PAGE_PERSONAS, 200) | {
    "branch_a_member": 404,
    "branch_b_member": 404,
    "outsider": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_detail_matrix(cast, client, persona):
    log_in(client, cast, persona)
    url = reverse("orgs:node-detail", args=[cast.branch_a.pk])
    assert client.get(url).status_code == DETAIL_STATUS[persona]


def test_branch_a_chair_gets_404_for_branch_b_and_the_school(cast, client):
    log_in(client, cast, "branch_a_chair")
    for node in (cast.branch_b, cast.school):
        assert client.get(reverse("orgs:node-detail", args=[node.pk])).status_code == 404
        assert client.get(reverse("orgs:node-rename", args=[node.pk])).status_code == 404


def test_detail_shows_history_only_to_those_allowed(cast, client):
    url = reverse("orgs:node-detail", args=[cast.branch_a.pk])
    log_in(client, cast, "branch_a_chair")
    assert client.get(url).context["history"] is not None
    log_in(client, cast, "branch_a_liaison")
    response = client.get(url)
    assert response.context["history"] is None
    assert response.context["assignments"] is None


@pytest.mark.parametrize("url_name", ["orgs:node-create", "orgs:node-rename", "orgs:node-move"])
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office_admin", 200),
        ("branch_a_chair", 403),
        ("finance_officer", 403),
        ("branch_b_member", 404),
        ("anonymous", 302),
    ],
)
def test_manage_pages_matrix(cast, client, url_name, persona, status):
    log_in(client, cast, persona)
    node = cast.group_a1 if url_name == "orgs:node-move" else cast.branch_a
    assert client.get(reverse(url_name, args=[node.pk])).status_code == status


def test_office_creates_renames_and_moves(cast, client):
    log_in(client, cast, "office_admin")
    response = client.post(
        reverse("orgs:node-create", args=[cast.branch_b.pk]), {"kind": "group", "name": "Group B1"}
    )
    group = OrgNode.objects.get(name="Group B1")
    assert response["Location"] == reverse("orgs:node-detail", args=[group.pk])
    client.post(reverse("orgs:node-rename", args=[group.pk]), {"name": "Group B-1"})
    client.post(reverse("orgs:node-move", args=[group.pk]), {"parent": cast.branch_a.pk})
    group.refresh_from_db()
    assert (group.name, group.parent_id) == ("Group B-1", cast.branch_a.pk)
    assert group.path.startswith(cast.branch_a.path)


def test_duplicate_name_is_refused_with_a_translated_message(cast, client):
    log_in(client, cast, "office_admin")
    response = client.post(
        reverse("orgs:node-rename", args=[cast.branch_b.pk]), {"name": "Branch A"}
    )
    assert (
        _zh("Another node under the same parent already has this name.")
        in response.content.decode()
    )
    assert OrgNode.objects.get(pk=cast.branch_b.pk).name == "Branch B"


def test_chair_cannot_create_and_nothing_is_written(cast, client):
    log_in(client, cast, "branch_a_chair")
    before = (OrgNode.objects.count(), AuditEvent.objects.count())
    response = client.post(
        reverse("orgs:node-create", args=[cast.branch_a.pk]), {"kind": "group", "name": "G"}
    )
    assert response.status_code == 403
    assert (OrgNode.objects.count(), AuditEvent.objects.count()) == before


def test_moving_a_node_under_its_descendant_is_refused(cast, client):
    # given a system admin over two nested parent unions
    province = services.node_create(
        actor=SYSTEM, parent=None, kind=OrgNodeKind.PARENT_UNION, name="Province"
    )
    city = services.node_create(
        actor=SYSTEM, parent=province, kind=OrgNodeKind.PARENT_UNION, name="City"
    )
    admin = User.objects.create_user("root-admin", "Root-admin-2021")
    services.role_assign(actor=SYSTEM, user_id=admin.pk, role=Role.SYSTEM_ADMIN, node=province)
    client.force_login(admin)
    before = list(OrgNode.objects.order_by("pk").values_list("parent_id", "path"))
    # when they try to move the province under the city
    response = client.post(reverse("orgs:node-move", args=[province.pk]), {"parent": city.pk})
    # then the form explains it in Chinese and nothing moved
    assert response.status_code == 200
    assert (
        _zh("A node cannot be moved under itself or one of its own descendants.")
        in response.content.decode()
    )
    assert list(OrgNode.objects.order_by("pk").values_list("parent_id", "path")) == before


def test_archiving_a_node_with_members_is_refused(cast, client):
    log_in(client, cast, "office_admin")
    response = client.post(reverse("orgs:node-archive", args=[cast.group_a1.pk]), follow=True)
    expected = _zh("%(node)s still has %(count)d members or staff; transfer them first.") % {
        "node": "Group A1",
        "count": 1,
    }
    assert expected in response.content.decode()
    assert not OrgNode.objects.get(pk=cast.group_a1.pk).is_archived


def test_archiving_and_restoring_an_empty_node(cast, client):
    empty = services.node_create(
        actor=SYSTEM, parent=cast.branch_b, kind=OrgNodeKind.GROUP, name="Empty"
    )
    log_in(client, cast, "office_admin")
    url = reverse("orgs:node-archive", args=[empty.pk])
    client.post(url)
    assert OrgNode.objects.get(pk=empty.pk).is_archived
    client.post(url)
    assert not OrgNode.objects.get(pk=empty.pk).is_archived


def test_archive_by_chair_is_forbidden(cast, client):
    log_in(client, cast, "branch_a_chair")
    assert client.post(reverse("orgs:node-archive", args=[cast.group_a1.pk])).status_code == 403
    assert client.get(reverse("orgs:node-archive", args=[cast.group_a1.pk])).status_code == 405


ASSIGN_STATUS = {
    "office_admin": 200,
    "finance_officer": 403,
    "auditor": 403,
    "branch_a_chair": 200,
    "branch_a_liaison": 403,
    "branch_a_member": 404,
    "branch_b_member": 404,
    "outsider": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_assign_page_matrix(cast, client, persona):
    log_in(client, cast, persona)
    assert (
        client.get(reverse("orgs:role-assign", args=[cast.branch_a.pk])).status_code
        == ASSIGN_STATUS[persona]
    )


def test_chair_assigns_a_liaison_by_staff_number(cast, client):
    log_in(client, cast, "branch_a_chair")
    response = client.post(
        reverse("orgs:role-assign", args=[cast.branch_a.pk]),
        {"person_query": "A1001", "role": "liaison", "starts_on": "2021-09-01"},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=cast.users["branch_a_member"])
    assert (assignment.role, assignment.node_id, assignment.starts_on) == (
        "liaison",
        cast.branch_a.pk,
        dt.date(2021, 9, 1),
    )


def test_role_beyond_the_assigners_power_is_refused(cast, client):
    log_in(client, cast, "branch_a_chair")
    before = RoleAssignment.objects.count()
    response = client.post(
        reverse("orgs:role-assign", args=[cast.branch_a.pk]),
        {"person_query": "A1001", "role": "union_office"},
    )
    assert _zh("You may not give this role on this node.") in response.content.decode()
    assert RoleAssignment.objects.count() == before


def test_role_for_a_person_without_account(cast, client):
    log_in(client, cast, "office_admin")
    response = client.post(
        reverse("orgs:role-assign", args=[cast.branch_a.pk]),
        {"person_query": "A1002", "role": "liaison"},
    )
    expected = _zh("%(name)s has no account yet; open one on their record first.") % {
        "name": "Newcomer A"
    }
    assert expected in response.content.decode()


def test_revoke(cast, client):
    assignment = RoleAssignment.objects.get(user=cast.users["branch_a_liaison"])
    url = reverse("orgs:role-revoke", args=[assignment.pk])
    # role assignments are hidden from liaisons and from other branches alike
    for persona in ("branch_a_liaison", "branch_b_member"):
        log_in(client, cast, persona)
        assert client.post(url).status_code == 404
    assert RoleAssignment.objects.get(pk=assignment.pk).revoked_at is None
    log_in(client, cast, "branch_a_chair")
    client.post(url)
    assert RoleAssignment.objects.get(pk=assignment.pk).revoked_at is not None


@pytest.mark.parametrize("extra", [2, 20])
def test_tree_queries_do_not_grow(cast, client, django_assert_num_queries, extra):
    for index in range(extra):
        branch = services.node_create(
            actor=SYSTEM, parent=cast.school, kind=OrgNodeKind.BRANCH, name=f"Branch {index}"
        )
        person = members.person_create(
            actor=SYSTEM,
            node=branch,
            staff_number=f"T{index:03d}",
            name=f"T {index}",
            gender="male",
        )
        members.membership_join(actor=SYSTEM, person=person, on=dt.date(2020, 1, 1))
        members.officer_appoint(actor=SYSTEM, node=branch, person=person, position="chair")
    log_in(client, cast, "office_admin")
    # user, roles (the session comes from the cache), nodes, member counts (2), officers
    with django_assert_num_queries(6):
        response = client.get(TREE)
    assert len(response.context["rows"]) == 4 + extra


@pytest.mark.parametrize("extra", [2, 20])
def test_detail_queries_do_not_grow(cast, client, django_assert_num_queries, extra):
    for index in range(extra):
        services.node_create(
            actor=SYSTEM, parent=cast.branch_b, kind=OrgNodeKind.GROUP, name=f"Group {index}"
        )
        person = members.person_create(
            actor=SYSTEM,
            node=cast.branch_b,
            staff_number=f"T{index:03d}",
            name=f"T {index}",
            gender="male",
        )
        members.officer_appoint(
            actor=SYSTEM, node=cast.branch_b, person=person, position="committee_member"
        )
    log_in(client, cast, "office_admin")
    # user, roles (the session comes from the cache), node, member counts (2), children, officers, roles, history
    with django_assert_num_queries(9):
        response = client.get(reverse("orgs:node-detail", args=[cast.branch_b.pk]))
    assert len(response.context["officers"]) == extra
    assert len(response.context["children"]) == extra
