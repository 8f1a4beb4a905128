import dataclasses
import datetime as dt

import pytest
from django.db import transaction

from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.funds import queries, rules, services
from tongxin.funds.choices import CareKind, Festival
from tongxin.funds.models import PolicySet

from .conftest import counts


def _spec(books, **changes):
    current = queries.policy_in_force(school=books.cast.school, on=dt.date(2021, 6, 1))
    return dataclasses.replace(services.spec_of(current), **changes)


def test_books_open_with_the_default_policy(books):
    policy = queries.policy_in_force(school=books.cast.school, on=dt.date(2021, 6, 1))
    assert policy.number == 1
    assert policy.holiday_cap_fen == 200_000
    assert policy.allowed_festivals == list(Festival.values)
    assert sorted(s.kind for s in policy.care_standards.all()) == sorted(CareKind.values)
    assert queries.holiday_cap_fen(school=books.cast.branch_a, on=dt.date(2021, 6, 1)) == 200_000
    illness = queries.care_standard(
        school=books.cast.school, kind="hospitalisation", on=dt.date(2021, 6, 1)
    )
    assert (illness.max_amount_fen, illness.payment_form, illness.yearly_count_limit) == (
        50_000,
        "cash",
        2,
    )
    assert illness.attachment_list


def test_a_new_version_takes_over_from_its_date(books):
    # given the default policy since 2020
    cast = books.cast
    spec = _spec(
        books, holiday_cap_fen=150_000, allowed_festivals=["spring_festival", "mid_autumn"]
    )
    # when the office sets a lower cap from July 2021
    policy = services.policy_version_create(
        actor=cast.actor("office_admin"),
        school=cast.school,
        effective_from=dt.date(2021, 7, 1),
        spec=spec,
    )
    # then the old figures hold before that date and the new ones after
    assert policy.number == 2
    assert queries.holiday_cap_fen(school=cast.school, on=dt.date(2021, 6, 30)) == 200_000
    assert queries.holiday_cap_fen(school=cast.school, on=dt.date(2021, 7, 1)) == 150_000
    assert queries.festival_allowed(
        school=cast.school, festival="qingming", on=dt.date(2021, 6, 30)
    )
    assert not queries.festival_allowed(
        school=cast.school, festival="qingming", on=dt.date(2021, 7, 1)
    )


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office_admin", None),
        ("finance_officer", None),
        ("auditor", "Forbidden"),
        ("branch_a_chair", "NotFound"),
        ("branch_a_liaison", "NotFound"),
        ("branch_a_member", "NotFound"),
        ("outsider", "NotFound"),
        ("anonymous", "NotFound"),
    ],
)
def test_policy_version_create_matrix(books, persona, expected):
    cast = books.cast
    spec = _spec(books, holiday_cap_fen=180_000)
    before = counts()
    call = lambda: services.policy_version_create(  # noqa: E731
        actor=cast.actor(persona), school=cast.school, effective_from=dt.date(2021, 9, 1), spec=spec
    )
    if expected:
        with pytest.raises(DomainError) as info:
            call()
        assert type(info.value).__name__ == expected
        assert counts() == before
    else:
        assert call().holiday_cap_fen == 180_000
        assert PolicySet.objects.count() == before["PolicySet"] + 1
        assert counts()["CareStandard"] == before["CareStandard"] + len(CareKind.values)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"allowed_festivals": ["spring_festival", "teachers_day"]}, "allowed_festivals"),
        ({"allowed_festivals": ["womens_day"]}, "allowed_festivals"),
        ({"holiday_cap_fen": -1}, "holiday_cap_fen"),
        ({"holiday_cap_fen": "2000"}, "holiday_cap_fen"),
        ({"holiday_category_key": "expense.forbidden.vouchers"}, "holiday_category_key"),
        ({"holiday_category_key": "income.dues"}, "holiday_category_key"),
        ({"prize_share_numerator": 4, "prize_share_denominator": 3}, "prize_share_numerator"),
        ({"care_standards": []}, "care_standards"),
    ],
)
def test_bad_policy_is_refused_and_changes_nothing(books, changes, field):
    cast = books.cast
    before = counts()
    with pytest.raises(DomainError) as info:
        services.policy_version_create(
            actor=cast.actor("office_admin"),
            school=cast.school,
            effective_from=dt.date(2021, 9, 1),
            spec=_spec(books, **changes),
        )
    assert info.value.field == field
    assert counts() == before


def test_bad_care_standard_and_duplicate_date_are_refused(books):
    cast = books.cast
    spec = _spec(books)
    bad = [
        dataclasses.replace(s, payment_form="voucher") if s.kind == "marriage" else s
        for s in spec.care_standards
    ]
    with pytest.raises(ValidationFailed) as info:
        services.policy_version_create(
            actor=cast.actor("office_admin"),
            school=cast.school,
            effective_from=dt.date(2021, 9, 1),
            spec=dataclasses.replace(spec, care_standards=bad),
        )
    assert info.value.field.endswith(".payment_form")
    with pytest.raises(DomainError) as info:
        services.policy_version_create(
            actor=cast.actor("office_admin"),
            school=cast.school,
            effective_from=dt.date(2020, 1, 1),
            spec=spec,
        )
    assert info.value.code == "duplicate_policy_date"


def test_no_policy_before_the_first_version(books):
    with pytest.raises(DomainError) as info:
        queries.policy_in_force(school=books.cast.school, on=dt.date(2019, 12, 31))
    assert info.value.code == "no_policy"


def _standard(books, kind):
    return queries.care_standard(school=books.cast.school, kind=kind, on=dt.date(2021, 6, 1))


def test_care_payment_check_accepts_within_the_standard(books):
    rules.care_payment_check(
        standard=_standard(books, "hospitalisation"),
        amount_fen=50_000,
        payment_form="cash",
        event_on=dt.date(2021, 1, 10),
        claimed_on=dt.date(2021, 7, 9),
        prior_count=1,
    )


@pytest.mark.parametrize(
    ("kind", "amount", "form", "claimed_on", "prior", "code"),
    [
        ("hospitalisation", 50_001, "cash", dt.date(2021, 2, 1), 0, "over_standard"),
        ("marriage", 10_000, "cash", dt.date(2021, 2, 1), 0, "wrong_payment_form"),
        ("hospitalisation", 10_000, "cash", dt.date(2021, 7, 10), 0, "claim_window_passed"),
        ("hospitalisation", 10_000, "cash", dt.date(2021, 2, 1), 2, "count_limit_reached"),
    ],
)
def test_care_payment_check_refusals(books, kind, amount, form, claimed_on, prior, code):
    with pytest.raises(DomainError) as info:
        rules.care_payment_check(
            standard=_standard(books, kind),
            amount_fen=amount,
            payment_form=form,
            event_on=dt.date(2021, 1, 10),
            claimed_on=claimed_on,
            prior_count=prior,
        )
    assert info.value.code == code


def test_disabled_or_missing_standard_is_refused(books):
    with pytest.raises(DomainError) as info:
        rules.care_payment_check(
            standard=None,
            amount_fen=1,
            payment_form="cash",
            event_on=dt.date(2021, 1, 1),
            claimed_on=dt.date(2021, 1, 2),
            prior_count=0,
        )
    assert info.value.code == "care_kind_disabled"


def test_prizes_and_festivals(books):
    policy = queries.policy_in_force(school=books.cast.school, on=dt.date(2021, 6, 1))
    rules.prizes_check(policy=policy, participants=15, prize_amounts_fen=[80_000] * 10)
    with pytest.raises(DomainError) as info:
        rules.prizes_check(policy=policy, participants=15, prize_amounts_fen=[100] * 11)
    assert info.value.code == "too_many_prizes"
    with pytest.raises(DomainError) as info:
        rules.prizes_check(policy=policy, participants=15, prize_amounts_fen=[80_001])
    assert info.value.code == "prize_over_cap"
    rules.festival_check(policy=policy, festival="mid_autumn")
    with pytest.raises(DomainError) as info:
        rules.festival_check(policy=policy, festival="teachers_day")
    assert info.value.code == "festival_not_allowed"


def test_holiday_cap_check_refuses_people_over_the_cap(books):
    # given a member who received 1,500 yuan of holiday benefits in 2021
    from tongxin.orgs.models import OrgNode
    from tongxin.participation.services import participation_record

    cast = books.cast
    member, other = cast.people["branch_a_member"], cast.people["branch_b_member"]
    participation_record(
        person=member,
        kind="benefit",
        occasion=OrgNode(pk=990_001, name="Spring Festival pack"),
        occurred_on=dt.date(2021, 2, 5),
        amount_fen=150_000,
    )
    # when a batch would give both people 600 yuan
    with pytest.raises(DomainError) as info, transaction.atomic():
        services.holiday_cap_check(
            school=cast.school,
            amounts_fen={member.pk: 60_000, other.pk: 60_000},
            on=dt.date(2021, 9, 20),
        )
    # then only the member over the cap is named
    assert info.value.code == "cap_exceeded"
    assert info.value.extra == {"person_ids": [member.pk], "cap_fen": 200_000}
    # and the next year starts afresh
    totals = services.holiday_cap_check(
        school=cast.school, amounts_fen={member.pk: 60_000}, on=dt.date(2022, 2, 1)
    )
    assert totals == {}
