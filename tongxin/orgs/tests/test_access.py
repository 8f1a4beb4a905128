import pytest

from tongxin.core.errors import Forbidden, NotFound
from tongxin.members.models import Person
from tongxin.members.permissions import MembersPermission
from tongxin.orgs import access
from tongxin.orgs.models import OrgNode
from tongxin.orgs.permissions import OrgsPermission

VIEW_PERSON = MembersPermission.VIEW_PERSON


def _visible_numbers(cast, persona):
    qs = access.scope(Person.objects.all(), cast.actor(persona), VIEW_PERSON)
    return set(qs.values_list("staff_number", flat=True))


def test_branch_chair_sees_branch_a_subtree_only(cast):
    # branch A holds the chair, the liaison, the newcomer, and member A in group A1
    assert _visible_numbers(cast, "branch_a_chair") == {"A0001", "A0002", "A1001", "A1002"}


def test_member_sees_self_only(cast):
    assert _visible_numbers(cast, "branch_a_member") == {"A1001"}
    assert _visible_numbers(cast, "outsider") == set()
    assert _visible_numbers(cast, "anonymous") == set()


def test_system_and_office_see_all(cast):
    everyone = set(Person.objects.values_list("staff_number", flat=True))
    assert _visible_numbers(cast, "system") == everyone
    assert _visible_numbers(cast, "office_admin") == everyone


def test_nodes_visible_to_a_chair(cast):
    nodes = access.scope(
        OrgNode.objects.all(), cast.actor("branch_a_chair"), OrgsPermission.VIEW_NODE
    )
    assert set(nodes.values_list("name", flat=True)) == {"Branch A", "Group A1"}


@pytest.mark.parametrize(
    ("persona", "target", "expected"),
    [
        ("branch_a_chair", "branch_a_member", None),
        ("branch_a_chair", "branch_b_member", NotFound),
        ("branch_a_liaison", "branch_a_member", Forbidden),
        ("branch_a_member", "branch_a_member", Forbidden),
        ("branch_a_member", "branch_b_member", NotFound),
    ],
)
def test_require_gives_not_found_outside_and_forbidden_inside(cast, persona, target, expected):
    person = Person.objects.select_related("node").get(pk=cast.people[target].pk)
    actor = cast.actor(persona)
    if expected is None:
        access.require(actor, MembersPermission.CHANGE_PERSON, person)
    else:
        with pytest.raises(expected):
            access.require(actor, MembersPermission.CHANGE_PERSON, person)


def test_holds_somewhere_ignores_own_record_rights(cast):
    # a member may view their own record, but holds no console permission
    assert access.can_somewhere(cast.actor("branch_a_member"), VIEW_PERSON)
    assert not access.holds_somewhere(cast.actor("branch_a_member"), VIEW_PERSON)
    assert access.holds_somewhere(cast.actor("branch_a_liaison"), VIEW_PERSON)
    assert access.holds_somewhere(cast.actor("system"), VIEW_PERSON)


def test_get_scoped_treats_missing_and_hidden_alike(cast):
    actor = cast.actor("branch_a_chair")
    hidden = cast.people["branch_b_member"].pk
    for pk in (hidden, 999999, "not-a-number"):
        with pytest.raises(NotFound):
            access.get_scoped(Person.objects.all(), actor, VIEW_PERSON, pk=pk)
