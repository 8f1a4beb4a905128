import datetime as dt

import pytest

from tongxin.members import services
from tongxin.members.names import pinyin_keys
from tongxin.members.queries import person_search


@pytest.fixture
def people(cast):
    system = cast.actor("system")
    specs = [
        ("B2001", "张三", cast.branch_b, "13711112222"),
        ("B2002", "曾伟", cast.branch_b, "13711113333"),
        ("A2001", "单丽", cast.branch_a, "13922224444"),
        ("A2002", "Li Lei", cast.group_a1, ""),
        ("A2003", "张珊珊", cast.branch_a, ""),
    ]
    for number, name, node, phone in specs:
        services.person_create(
            actor=system,
            node=node,
            staff_number=number,
            name=name,
            gender="male",
            birth_on=dt.date(1990, 1, 1),
            phone=phone,
        )
    return cast


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张三", ["B2001"]),
        ("张", ["A2003", "B2001"]),
        ("zhangsan", ["B2001"]),
        ("zhang san", ["B2001"]),
        ("ZS", ["A2003", "B2001"]),
        ("zss", ["A2003"]),
        ("zengwei", ["B2002"]),
        ("shanli", ["A2001"]),
        ("lilei", ["A2002"]),
        ("B200", ["B2001", "B2002"]),
        ("a2001", ["A2001"]),
        ("1371111", ["B2001", "B2002"]),
        ("", []),
        ("   ", []),
        ("nobody", []),
    ],
)
def test_finds_people_by_name_pinyin_initials_staff_number_and_phone(people, text, expected):
    found = person_search(actor=people.actor("office_admin"), text=text)
    assert sorted(p.staff_number for p in found) == expected


def test_search_is_scoped(people):
    # a branch A chair finds branch A's Zhang Shanshan but not branch B's Zhang San
    found = person_search(actor=people.actor("branch_a_chair"), text="zs")
    assert [p.staff_number for p in found] == ["A2003"]
    # a member finds only themselves
    assert person_search(actor=people.actor("branch_b_member"), text="zs") == []
    assert [
        p.staff_number for p in person_search(actor=people.actor("branch_b_member"), text="member")
    ] == ["B1001"]


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("曾伟", ("zengwei", "zw")),
        ("单丽", ("shanli", "sl")),
        ("长孙无忌", ("zhangsunwuji", "zswj")),
        ("张三", ("zhangsan", "zs")),
        ("Anna-Maria Schmidt", ("annamariaschmidt", "ams")),
    ],
)
def test_pinyin_keys_read_surnames_as_surnames(name, keys):
    assert pinyin_keys(name) == keys
