import datetime as dt

import pytest
from django.test import override_settings

from tongxin.core.errors import Forbidden
from tongxin.members.models import Person
from tongxin.voice import queries, services
from tongxin.voice.choices import Rating, WishStatus, WishVisibility

from .factories import make_wishes


def _people(cast, node, count, prefix):
    return Person.objects.bulk_create(
        [
            Person(
                school=cast.school,
                node=node,
                staff_number=f"{prefix}{number:03d}",
                name=f"Person {prefix}{number}",
                gender="female",
            )
            for number in range(count)
        ]
    )


def test_wall_shows_only_wall_wishes_that_were_not_declined(cast):
    # given four wishes of 2021: private, wall, wall declined, wall fulfilled
    office = cast.actor("office_admin")
    day = dt.date(2020, 12, 20)
    submit = lambda persona, text, visibility: services.wish_submit(  # noqa: E731
        actor=cast.actor("system"),
        person=cast.people[persona],
        text=text,
        visibility=visibility,
        submitted_on=day,
    )
    submit("branch_a_member", "Private wish", WishVisibility.PRIVATE)
    submit("branch_b_member", "Wall wish", WishVisibility.WALL_ANONYMOUS)
    declined = submit("branch_a_chair", "Declined wall wish", WishVisibility.WALL_ANONYMOUS)
    services.wish_decline(actor=office, wish=declined, note="Not possible.", on=day)
    fulfilled = submit("branch_a_liaison", "Fulfilled wall wish", WishVisibility.WALL_ANONYMOUS)
    services.wish_adopt(actor=office, wish=fulfilled, on=day)
    services.wish_fulfil(actor=office, wish=fulfilled, note="Done.", on=dt.date(2021, 1, 10))
    # when a member reads the wall
    _page, wishes = queries.wish_wall(actor=cast.actor("branch_b_member"), year=2021)
    # then only the wall wishes the office did not decline appear, with no names
    assert sorted(w.text for w in wishes) == ["Fulfilled wall wish", "Wall wish"]
    assert {w.status for w in wishes} == {WishStatus.SUBMITTED, WishStatus.FULFILLED}
    assert all(w.branch_name is None for w in wishes)


@override_settings(TONGXIN_VOICE_WALL_MIN_BRANCH_WISHES=3)
def test_wall_names_a_branch_only_with_enough_wishes(cast):
    make_wishes(
        _people(cast, cast.branch_a, 3, "AX"), year=2021, visibility=WishVisibility.WALL_ANONYMOUS
    )
    make_wishes(
        _people(cast, cast.branch_b, 2, "BX"), year=2021, visibility=WishVisibility.WALL_ANONYMOUS
    )
    _page, wishes = queries.wish_wall(actor=cast.actor("branch_a_member"), year=2021)
    names = sorted((w.branch_name or "-") for w in wishes)
    assert names == ["-", "-", "Branch A", "Branch A", "Branch A"]


def test_wall_is_per_school(cast):
    from tongxin.orgs import services as orgs
    from tongxin.orgs.choices import OrgNodeKind

    system = cast.actor("system")
    other = orgs.node_create(actor=system, parent=None, kind=OrgNodeKind.SCHOOL_UNION, name="Other")
    branch = orgs.node_create(
        actor=system, parent=other, kind=OrgNodeKind.BRANCH, name="Other branch"
    )
    outsider_person = Person.objects.create(
        school=other, node=branch, staff_number="Z1", name="Z", gender="male"
    )
    make_wishes([outsider_person], year=2021, visibility=WishVisibility.WALL_ANONYMOUS)
    _page, wishes = queries.wish_wall(actor=cast.actor("branch_a_member"), year=2021)
    assert wishes == []


def test_wall_is_for_signed_in_people_with_a_place(cast):
    with pytest.raises(Forbidden):
        queries.wish_wall(actor=cast.actor("outsider"), year=2021)


def test_wall_runs_a_fixed_number_of_queries(cast, django_assert_num_queries):
    actor = cast.actor("branch_a_member")
    make_wishes(
        _people(cast, cast.branch_a, 2, "AX"), year=2021, visibility=WishVisibility.WALL_ANONYMOUS
    )
    with django_assert_num_queries(3):
        queries.wish_wall(actor=actor, year=2021)
    make_wishes(
        _people(cast, cast.branch_b, 20, "BX"), year=2021, visibility=WishVisibility.WALL_ANONYMOUS
    )
    with django_assert_num_queries(3):
        queries.wish_wall(actor=actor, year=2021)


def test_yearly_counts_per_status_and_branch(cast):
    office = cast.actor("office_admin")
    wishes = make_wishes(
        [*_people(cast, cast.branch_a, 3, "AX"), *_people(cast, cast.branch_b, 2, "BX")],
        year=2021,
        visibility=WishVisibility.PRIVATE,
    )
    services.wish_adopt(actor=office, wish=wishes[0], on=dt.date(2021, 1, 5))
    services.wish_fulfil(actor=office, wish=wishes[0], note="Done", on=dt.date(2021, 1, 6))
    services.wish_decline(actor=office, wish=wishes[3], note="No", on=dt.date(2021, 1, 5))
    services.wish_withdraw(actor=cast.actor("system"), wish=wishes[4])
    make_wishes(
        _people(cast, cast.branch_a, 1, "OLD"), year=2020, visibility=WishVisibility.PRIVATE
    )
    stats = queries.wish_stats(actor=office, year=2021)
    assert stats.total == 4
    assert stats.by_status == {"submitted": 2, "adopted": 0, "fulfilled": 1, "declined": 1}
    assert [(name, total) for name, _counts, total in stats.by_branch] == [
        ("Branch A", 3),
        ("Branch B", 1),
    ]


def test_wish_list_is_office_and_own(cast):
    wish = services.wish_submit(
        actor=cast.actor("branch_a_member"), person=cast.people["branch_a_member"], text="x"
    )
    assert list(queries.wish_list(actor=cast.actor("office_admin"))) == [wish]
    assert list(queries.wish_list(actor=cast.actor("branch_a_member"))) == [wish]
    assert list(queries.wish_list(actor=cast.actor("branch_a_chair"))) == []
    assert list(queries.wish_list(actor=cast.actor("branch_b_member"))) == []


def test_item_stats_for_the_academic_year(cast, file_item, department):
    office, member = cast.actor("office_admin"), cast.actor("branch_a_member")
    on_time = file_item(title="On time", filed_on=dt.date(2020, 10, 1))
    services.voice_item_accept(
        actor=office, item=on_time, department=department, on=dt.date(2020, 10, 2)
    )
    services.voice_item_reply(actor=office, item=on_time, text="Yes.", on=dt.date(2020, 10, 20))
    services.voice_item_rate(
        actor=member, item=on_time, rating=Rating.SATISFIED, on=dt.date(2020, 10, 21)
    )
    late = file_item(title="Late", filed_on=dt.date(2021, 3, 1))
    services.voice_item_accept(
        actor=office, item=late, department=department, on=dt.date(2021, 3, 1)
    )
    services.voice_item_reply(actor=office, item=late, text="Sorry.", on=dt.date(2021, 5, 1))
    file_item(title="Next year", filed_on=dt.date(2021, 9, 2))
    stats = queries.voice_item_stats(actor=office, academic_year=2020)
    assert stats.total == 2
    assert stats.by_status == {"closed": 1, "replied": 1}
    assert (stats.replies_on_time, stats.replies_late) == (1, 1)
    assert stats.ratings["satisfied"] == 1
    assert {c: r for c, _label, _s, r in stats.by_category}["logistics_canteen"] == 2
