"""Each audience rule: a person outside it gets a clear error and nothing changes; the member's
list of activities applies the same rules."""

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from tongxin.activities import services
from tongxin.activities.audience import age_on, audience_problem
from tongxin.activities.choices import SignUpStatus as S
from tongxin.activities.queries import activity_list_open
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.members import services as members
from tongxin.members.models import Person

from .factories import SYSTEM, make_activity, make_people
from .helpers import state


def refused(activity, person, family_member=None, **kwargs):
    before = state()
    with pytest.raises(DomainError) as info:
        services.activity_sign_up(
            actor=SYSTEM, activity=activity, person=person, family_member=family_member, **kwargs
        )
    assert state() == before
    return info.value


def accepted(activity, person, family_member=None, **kwargs):
    return services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=person, family_member=family_member, **kwargs
    )


def years_ago(years, days=0):
    today = timezone.localdate()
    return today.replace(year=today.year - years) - dt.timedelta(days=days)


def test_subtree_rule(cast):
    # given an activity for branch A only
    activity = make_activity(cast.branch_a, actor=cast.actor("office_admin"))
    # then branch A's group member may join, branch B's member may not
    assert accepted(activity, cast.people["branch_a_member"]).status == S.CONFIRMED
    error = refused(activity, cast.people["branch_b_member"])
    assert error.code == "not_in_audience"
    with translation.override("zh-hans"):
        assert gettext("This activity is for %(node)s.") != "This activity is for %(node)s."


def test_members_only_and_all_staff(cast):
    non_member = cast.people["branch_a_non_member"]
    members_only = make_activity(cast.school)
    all_staff = make_activity(cast.school, staff_scope="all_staff")
    assert refused(members_only, non_member).message == "This activity is for union members only."
    assert accepted(all_staff, non_member).status == S.CONFIRMED


def test_retirees_only_when_included(cast):
    retiree = cast.people["branch_b_member"]
    members.membership_retire(actor=SYSTEM, person=retiree, on=dt.date(2021, 1, 1))
    retiree = Person.objects.select_related("node").get(pk=retiree.pk)
    for_staff = make_activity(cast.school)
    with_retirees = make_activity(cast.school, include_retirees=True)
    assert refused(for_staff, retiree).message == "This activity is not open to retirees."
    assert accepted(with_retirees, retiree).status == S.CONFIRMED


def test_gender_rule(cast):
    activity = make_activity(cast.school, gender="female", kind="womens_day")
    assert (
        refused(activity, cast.people["branch_a_member"]).message
        == "This activity is for women only."
    )
    assert accepted(activity, cast.people["branch_b_member"]).status == S.CONFIRMED


def test_age_band_is_counted_on_the_start_date(cast):
    # given a youth activity for ages up to 35, starting in 7 days
    activity = make_activity(cast.school, max_age=35, min_age=20)
    young, old, turning = make_people(
        cast.branch_a,
        3,
        prefix="AGE-",
    )
    Person.objects.filter(pk=young.pk).update(birth_on=years_ago(30))
    Person.objects.filter(pk=old.pk).update(birth_on=years_ago(40))
    # 35 today, 36 by the start date
    Person.objects.filter(pk=turning.pk).update(birth_on=years_ago(36) + dt.timedelta(days=3))
    young, old, turning = (
        Person.objects.select_related("node").get(pk=p.pk) for p in (young, old, turning)
    )
    assert accepted(activity, young).status == S.CONFIRMED
    assert refused(activity, old).message == "This activity is for ages 20 to 35."
    assert refused(activity, turning).code == "not_in_audience"


def test_age_rule_needs_a_birth_date(cast):
    activity = make_activity(cast.school, max_age=35)
    person = make_people(cast.branch_a, 1, prefix="NB-", birth_on=None)[0]
    assert "birth date" in refused(activity, person).message


def test_staff_who_left_cannot_join(cast):
    activity = make_activity(cast.school, staff_scope="all_staff")
    person = make_people(
        cast.branch_a, 1, prefix="LEFT-", employment_status="left", membership_status="left"
    )[0]
    assert refused(activity, person).message == "Only staff of the school may join."


def test_children_by_age_band_with_consent(cast):
    # given a children's day event for children aged 3 to 12, staff not themselves
    activity = make_activity(
        cast.school,
        kind="childrens_day",
        staff_allowed=False,
        family_scope="children",
        child_min_age=3,
        child_max_age=12,
    )
    parent = cast.people["branch_a_member"]
    child = members.family_member_add(
        actor=SYSTEM, person=parent, relation="child", name="Kid", birth_on=years_ago(8)
    )
    toddler = members.family_member_add(
        actor=SYSTEM, person=parent, relation="child", name="Tot", birth_on=years_ago(1)
    )
    spouse = members.family_member_add(
        actor=SYSTEM, person=parent, relation="spouse", name="Spouse", birth_on=years_ago(40)
    )
    # then the parent alone, a toddler, a spouse and a child without consent are refused
    assert refused(activity, parent).code == "not_in_audience"
    assert (
        refused(activity, parent, toddler, guardian_consent=True).message
        == "This activity is for ages 3 to 12."
    )
    assert (
        refused(activity, parent, spouse).message
        == "Only children may be signed up for this activity."
    )
    assert refused(activity, parent, child).code == "consent_required"
    # and the child with the parent's consent is signed up, the consent recorded
    row = accepted(activity, parent, child, guardian_consent=True)
    assert row.status == S.CONFIRMED
    assert row.guardian_consent_at is not None
    assert row.participant_name == "Kid"
    # and the same child cannot be signed up twice
    assert refused(activity, parent, child, guardian_consent=True).code == "already_signed_up"


def test_someone_elses_child_is_refused(cast):
    activity = make_activity(cast.school, family_scope="children")
    other_child = members.family_member_add(
        actor=SYSTEM,
        person=cast.people["branch_b_member"],
        relation="child",
        name="Other",
        birth_on=years_ago(8),
    )
    before = state()
    with pytest.raises(ValidationFailed):
        accepted(activity, cast.people["branch_a_member"], other_child, guardian_consent=True)
    assert state() == before


def test_family_members_only_when_allowed(cast):
    activity = make_activity(cast.school)
    spouse = members.family_member_add(
        actor=SYSTEM,
        person=cast.people["branch_a_member"],
        relation="spouse",
        name="Sp",
        birth_on=years_ago(40),
    )
    assert (
        refused(activity, cast.people["branch_a_member"], spouse).message
        == "Family members cannot join this activity."
    )
    family_day = make_activity(cast.school, family_scope="all")
    assert accepted(family_day, cast.people["branch_a_member"], spouse).status == S.CONFIRMED


def test_open_list_applies_the_same_rules(cast):
    # given activities for women, for branch B, for all staff and for children
    women = make_activity(cast.school, gender="female", title="Women")
    branch_b = make_activity(cast.branch_b, title="B only")
    everyone = make_activity(cast.school, staff_scope="all_staff", title="Everyone")
    make_activity(cast.school, staff_allowed=False, family_scope="children", title="Children")
    draft = make_activity(cast.school, publish=False, title="Draft")
    # then each person sees what they (or their children) may join
    seen = lambda name: {a.title for a in activity_list_open(actor=cast.actor(name))}  # noqa: E731
    assert seen("branch_a_member") == {"Everyone", "Children"}
    assert seen("branch_b_member") == {"Women", "B only", "Everyone", "Children"}
    assert draft.title not in seen("office_admin")
    assert seen("outsider") == set()
    # and the check agrees with the list for the member of branch A
    person = Person.objects.select_related("node").get(pk=cast.people["branch_a_member"].pk)
    assert audience_problem(women, person)
    assert audience_problem(branch_b, person)
    assert audience_problem(everyone, person) is None


def test_age_on_counts_whole_years():
    assert age_on(dt.date(2000, 3, 1), dt.date(2021, 2, 28)) == 20
    assert age_on(dt.date(2000, 3, 1), dt.date(2021, 3, 1)) == 21
    assert age_on(dt.date(2000, 2, 29), dt.date(2021, 2, 28)) == 20
