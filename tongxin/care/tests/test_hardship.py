"""Hardship files: the class computed from the inputs and the configurable thresholds, the
process (apply → verify → approve → yearly re-verification → closure), and permissions."""

import datetime as dt

import pytest

from tongxin.care import services
from tongxin.care.choices import HardshipClass, HardshipStatus
from tongxin.care.models import HardshipThresholds
from tongxin.care.services import HardshipInputs, hardship_classify
from tongxin.core.errors import DomainError, Forbidden, NotFound
from tongxin.testing.care import file_visit

from .conftest import counts

pytestmark = pytest.mark.django_db
DAY = dt.date(2021, 3, 1)
MIN = 112_000  # 1,120 yuan a month (the data default)


def _thresholds(**kwargs):
    values = {
        "minimum_living_monthly_fen": MIN,
        "relative_factor_percent": 200,
        "accident_income_percent": 80,
        "valid_months": 12,
    }
    values.update(kwargs)
    return HardshipThresholds(**values)


def _inputs(monthly_yuan_per_person, size=3, **kwargs):
    # income that gives exactly ``monthly_yuan_per_person`` after no rigid expenses
    return HardshipInputs(
        household_size=size, annual_income_fen=monthly_yuan_per_person * 100 * 12 * size, **kwargs
    )


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (_inputs(1119), HardshipClass.DEEP),
        (_inputs(1120), HardshipClass.RELATIVE),
        (_inputs(2239), HardshipClass.RELATIVE),
        (_inputs(2240), HardshipClass.NONE),
        (_inputs(5000, incident_costs_fen=int(5000 * 100 * 36 * 0.81)), HardshipClass.ACCIDENT),
        (_inputs(5000, incident_costs_fen=5000 * 100 * 36 * 80 // 100), HardshipClass.NONE),
        (_inputs(5000, major_incident=True), HardshipClass.ACCIDENT),
        (_inputs(500, excluded=True), HardshipClass.NONE),
        # rigid expenses come off the income first
        (
            HardshipInputs(
                household_size=2, annual_income_fen=8_000_000, rigid_expenses_fen=3_000_000
            ),
            HardshipClass.RELATIVE,
        ),
    ],
)
def test_class_from_inputs(inputs, expected):
    assert hardship_classify(inputs, _thresholds())[0] == expected


def test_thresholds_are_data(cast):
    # a higher local minimum moves the same household from relative to deep
    assert hardship_classify(_inputs(1500), _thresholds())[0] == HardshipClass.RELATIVE
    assert hardship_classify(_inputs(1500), _thresholds(minimum_living_monthly_fen=160_000))[0] == (
        HardshipClass.DEEP
    )


def _apply(cast, persona="branch_a_liaison", monthly=1000, **kwargs):
    return services.hardship_file_apply(
        actor=cast.actor(persona),
        person=cast.people["branch_a_member"],
        inputs=_inputs(monthly),
        situation="Spouse out of work after an illness",
        applied_on=kwargs.pop("applied_on", DAY),
        **kwargs,
    )


def test_process_from_application_to_closure(cast):
    file = _apply(cast)
    assert (file.status, file.hardship_class) == (HardshipStatus.APPLIED, HardshipClass.DEEP)
    file = services.hardship_file_verify(
        actor=cast.actor("branch_a_chair"), file=file, note="Home visit done", on=DAY
    )
    assert file.status == HardshipStatus.VERIFIED
    file = services.hardship_file_approve(actor=cast.actor("office_admin"), file=file, on=DAY)
    assert file.status == HardshipStatus.ACTIVE
    assert file.valid_until == dt.date(2022, 3, 1)
    # a year later the income is higher: still relative hardship, valid for another year
    file = services.hardship_file_reverify(
        actor=cast.actor("branch_a_chair"), file=file, inputs=_inputs(1800), on=dt.date(2022, 2, 20)
    )
    assert (file.status, file.hardship_class) == (HardshipStatus.ACTIVE, HardshipClass.RELATIVE)
    assert file.valid_until == dt.date(2023, 2, 20)
    # then out of hardship: the re-verification closes the file
    file = services.hardship_file_reverify(
        actor=cast.actor("branch_a_chair"), file=file, inputs=_inputs(4000), on=dt.date(2023, 2, 1)
    )
    assert file.status == HardshipStatus.CLOSED
    assert file.closed_on == dt.date(2023, 2, 1)


def test_verification_of_a_household_not_in_hardship(cast):
    file = _apply(cast, monthly=3000)
    file = services.hardship_file_verify(actor=cast.actor("branch_a_chair"), file=file, on=DAY)
    assert file.status == HardshipStatus.NOT_ELIGIBLE
    before = counts()
    with pytest.raises(DomainError):
        services.hardship_file_approve(actor=cast.actor("office_admin"), file=file, on=DAY)
    assert counts() == before


def test_one_open_file_per_person(cast):
    _apply(cast)
    before = counts()
    with pytest.raises(DomainError):
        _apply(cast)
    assert counts() == before


def test_recorded_thresholds_are_used(cast):
    services.hardship_thresholds_set(
        actor=cast.actor("office_admin"),
        school=cast.school,
        effective_from=dt.date(2021, 1, 1),
        minimum_living_monthly_fen=160_000,
    )
    file = _apply(cast, monthly=1500)
    assert file.hardship_class == HardshipClass.DEEP
    assert file.minimum_living_monthly_fen == 160_000


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("household_size", 0),
        ("household_size", "3"),
        ("annual_income_fen", -1),
        ("rigid_expenses_fen", 1.5),
        ("incident_costs_fen", -5),
    ],
)
def test_bad_inputs_change_nothing(cast, field, value):
    values = {"household_size": 3, "annual_income_fen": 1_000_000}
    values[field] = value
    before = counts()
    with pytest.raises(DomainError):
        services.hardship_file_apply(
            actor=cast.actor("branch_a_liaison"),
            person=cast.people["branch_a_member"],
            inputs=HardshipInputs(**values),
            applied_on=DAY,
        )
    assert counts() == before


def test_non_member_cannot_apply(cast):
    before = counts()
    with pytest.raises(DomainError) as error:
        services.hardship_file_apply(
            actor=cast.actor("branch_a_chair"),
            person=cast.people["branch_a_non_member"],
            inputs=_inputs(500),
            applied_on=DAY,
        )
    assert error.value.code == "not_a_member"
    assert counts() == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("branch_a_member", None),
        ("branch_a_liaison", None),
        ("branch_a_chair", None),
        ("office_admin", None),
        ("finance_officer", Forbidden),
        ("auditor", Forbidden),
        ("branch_b_member", NotFound),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_apply_matrix(cast, persona, expected):
    before = counts()
    if expected is None:
        assert _apply(cast, persona).pk
    else:
        with pytest.raises(expected):
            _apply(cast, persona)
        assert counts() == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("branch_a_chair", None),
        ("office_admin", None),
        ("branch_a_liaison", Forbidden),
        ("branch_a_member", Forbidden),
        ("auditor", Forbidden),
        ("finance_officer", Forbidden),
        ("branch_b_member", NotFound),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_verify_matrix(cast, persona, expected):
    file = _apply(cast)
    before = counts()
    call = lambda: services.hardship_file_verify(actor=cast.actor(persona), file=file, on=DAY)  # noqa: E731
    if expected is None:
        assert call().status == HardshipStatus.VERIFIED
    else:
        with pytest.raises(expected):
            call()
        assert counts() == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office_admin", None),
        ("branch_a_chair", Forbidden),
        ("branch_a_liaison", Forbidden),
        ("branch_a_member", Forbidden),
        ("auditor", Forbidden),
        ("branch_b_member", NotFound),
        ("outsider", NotFound),
    ],
)
def test_approve_and_close_matrix(cast, persona, expected):
    file = _apply(cast)
    file = services.hardship_file_verify(actor=cast.actor("branch_a_chair"), file=file, on=DAY)
    before = counts()
    if expected is None:
        file = services.hardship_file_approve(actor=cast.actor(persona), file=file, on=DAY)
        file = services.hardship_file_close(
            actor=cast.actor(persona), file=file, reason="Moved away", on=DAY
        )
        assert file.status == HardshipStatus.CLOSED
    else:
        with pytest.raises(expected):
            services.hardship_file_approve(actor=cast.actor(persona), file=file, on=DAY)
        with pytest.raises(expected):
            services.hardship_file_close(actor=cast.actor(persona), file=file, reason="x", on=DAY)
        assert counts() == before


def test_closing_needs_a_reason(cast):
    file = _apply(cast)
    before = counts()
    with pytest.raises(DomainError) as error:
        services.hardship_file_close(
            actor=cast.actor("office_admin"), file=file, reason=" ", on=DAY
        )
    assert error.value.code == "note_required"
    assert counts() == before


def test_hardship_aid_visit_references_an_active_file(cast, books):
    file = _apply(cast, applied_on=dt.date(2021, 1, 10))
    member = cast.people["branch_a_member"]
    liaison = cast.actor("branch_a_liaison")
    before = counts()
    with pytest.raises(DomainError) as error:
        file_visit(liaison, member, kind="hardship_aid", hardship_file=file, amount_fen=100_000)
    assert error.value.code == "hardship_file_invalid"
    assert counts() == before
    file = services.hardship_file_verify(
        actor=cast.actor("branch_a_chair"), file=file, on=dt.date(2021, 1, 20)
    )
    file = services.hardship_file_approve(
        actor=cast.actor("office_admin"), file=file, on=dt.date(2021, 2, 1)
    )
    visit = file_visit(liaison, member, kind="hardship_aid", hardship_file=file, amount_fen=100_000)
    assert visit.hardship_file == file
