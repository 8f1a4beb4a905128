import datetime as dt

import pytest

from tongxin.core.errors import Forbidden, NotFound, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.members import queries, services
from tongxin.members.models import DuesRecord

JULY = dt.date(2021, 7, 1)


def test_amount_ignores_the_base_under_ten_yuan():
    # 5,678.90 yuan → counted base 5,670 yuan → 0.5% = 28.35 yuan
    assert services.dues_amount(567890, rate_basis_points=50, base_step_fen=1000) == (567000, 2835)
    assert services.dues_amount(999, rate_basis_points=50, base_step_fen=1000) == (0, 0)
    # half a fen rounds up: 10 yuan base → 5 fen; 1,010 yuan → 5.05 yuan
    assert services.dues_amount(1000, rate_basis_points=50, base_step_fen=1000) == (1000, 5)
    assert services.dues_amount(101000, rate_basis_points=50, base_step_fen=1000) == (101000, 505)


def test_compute_month_for_the_school(cast):
    # given seven members (wage base 5,678.90 yuan each) and one non-member
    # when the finance officer computes July 2021
    created = services.dues_compute_month(
        actor=cast.actor("finance_officer"), node=cast.school, month=JULY
    )
    # then every member has one record of 28.35 yuan, stored with the rule
    assert created == 7
    record = DuesRecord.objects.get(person=cast.people["branch_a_member"])
    assert (record.wage_base_fen, record.counted_base_fen, record.amount_fen) == (
        567890,
        567000,
        2835,
    )
    assert (record.rate_basis_points, record.rounding_rule) == (50, "floor_to_1000_fen")
    assert record.node_id == cast.group_a1.pk
    assert not DuesRecord.objects.filter(person=cast.people["branch_a_non_member"]).exists()
    totals = queries.dues_month_totals(actor=cast.actor("office_admin"), month=JULY)
    assert (totals.records, totals.amount_fen) == (7, 7 * 2835)


def test_running_twice_adds_nothing(cast):
    services.dues_compute_month(actor=cast.actor("office_admin"), node=cast.school, month=JULY)
    again = services.dues_compute_month(
        actor=cast.actor("office_admin"), node=cast.school, month=JULY
    )
    assert again == 0
    assert DuesRecord.objects.filter(month=JULY).count() == 7


def test_retained_members_pay_none(cast):
    # given a member who retired before July
    person = cast.people["branch_b_member"]
    services.membership_retire(
        actor=cast.actor("office_admin"), person=person, on=dt.date(2021, 6, 1)
    )
    # when July is computed
    services.dues_compute_month(actor=cast.actor("office_admin"), node=cast.school, month=JULY)
    # then they have no record, the others do
    assert not DuesRecord.objects.filter(person=person).exists()
    assert DuesRecord.objects.filter(month=JULY).count() == 6


def test_branch_subtree_only(cast):
    created = services.dues_compute_month(
        actor=cast.actor("office_admin"), node=cast.branch_a, month=JULY
    )
    # chair A, liaison A and member A (in group A1)
    assert created == 3
    assert set(DuesRecord.objects.values_list("node_id", flat=True)) == {
        cast.branch_a.pk,
        cast.group_a1.pk,
    }


@pytest.mark.parametrize("month", [dt.date(2021, 7, 2), dt.date(2999, 1, 1)])
def test_refuses_a_day_inside_the_month_and_future_months(cast, month):
    with pytest.raises(ValidationFailed) as info:
        services.dues_compute_month(actor=cast.actor("office_admin"), node=cast.school, month=month)
    assert info.value.field == "month"
    assert DuesRecord.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("office_admin", None),
        ("finance_officer", None),
        ("auditor", Forbidden),
        ("branch_a_chair", NotFound),
        ("branch_a_liaison", NotFound),
        ("branch_a_member", NotFound),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_compute_matrix(cast, persona, error):
    audit_before = AuditEvent.objects.count()
    if error is None:
        assert (
            services.dues_compute_month(actor=cast.actor(persona), node=cast.school, month=JULY)
            == 7
        )
        assert AuditEvent.objects.filter(event="dues.computed").count() == 1
    else:
        with pytest.raises(error):
            services.dues_compute_month(actor=cast.actor(persona), node=cast.school, month=JULY)
        assert DuesRecord.objects.count() == 0
        assert AuditEvent.objects.count() == audit_before


def test_dues_list_is_scoped(cast):
    services.dues_compute_month(actor=cast.actor("office_admin"), node=cast.school, month=JULY)
    own = queries.dues_list(actor=cast.actor("branch_a_member"))
    assert [r.person_id for r in own] == [cast.people["branch_a_member"].pk]
    chair = queries.dues_list(actor=cast.actor("branch_a_chair"), month=JULY)
    assert chair.count() == 3
    assert (
        queries.dues_list(actor=cast.actor("office_admin"), month=JULY, node=cast.branch_b).count()
        == 1
    )
