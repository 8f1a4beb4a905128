"""The precompiled primary-key lookup gives exactly what the ORM gives, in one counted query."""

import pytest

from tongxin.accounts.models import User
from tongxin.core.prepared import PreparedGet

pytestmark = pytest.mark.django_db


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def test_same_objects_as_the_orm_with_related_loaded(cast, django_assert_num_queries):
    lookup = PreparedGet(lambda: User.objects.select_related("person__node"))
    pk = cast.users["branch_a_member"].pk
    expected = User.objects.select_related("person__node").get(pk=pk)
    lookup.get(pk)  # compiles
    with django_assert_num_queries(1):
        user = lookup.get(str(pk))
        assert user.person.node.name == "Group A1"
    assert _fields(user) == _fields(expected)
    assert _fields(user.person) == _fields(expected.person)
    assert _fields(user.person.node) == _fields(expected.person.node)
    assert user._state.db == "default"
    assert not user._state.adding


def test_missing_key_and_user_without_person(cast):
    lookup = PreparedGet(lambda: User.objects.select_related("person__node"))
    assert lookup.get(10**9) is None
    outsider = lookup.get(cast.users["outsider"].pk)
    assert outsider.username == "outsider"
    assert outsider.person is None


def test_refuses_a_query_with_other_parameters(cast):
    lookup = PreparedGet(lambda: User.objects.filter(username="outsider"))
    with pytest.raises(ValueError, match="only parameter"):
        lookup.get(cast.users["outsider"].pk)
