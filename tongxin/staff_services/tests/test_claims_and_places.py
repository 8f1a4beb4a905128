import datetime as dt

import pytest

from tongxin.core.errors import DomainError, InvalidTransition, ValidationFailed
from tongxin.funds.models import JournalEntry
from tongxin.participation.models import Participation
from tongxin.staff_services import queries, services
from tongxin.staff_services.models import InsuranceClaim, InsuredPerson, SchoolPlaceApplication
from tongxin.testing.api import table_counts

# Claims ----------------------------------------------------------------------------------


def test_claim_goes_reported_submitted_paid_and_posts_nothing(cast, posted_policy, claim):
    entries = JournalEntry.objects.count()
    office = cast.actor("office_admin")
    assert claim.status == "reported"
    claim = services.insurance_claim_submit(actor=office, claim=claim, on=dt.date(2021, 3, 10))
    claim = services.insurance_claim_settle(
        actor=office, claim=claim, outcome="paid", paid_fen=1_200_000, on=dt.date(2021, 4, 2)
    )
    assert (claim.status, claim.paid_fen) == ("paid", 1_200_000)
    assert JournalEntry.objects.count() == entries  # the insurer's money is not the union's
    with pytest.raises(InvalidTransition):
        services.insurance_claim_settle(actor=office, claim=claim, outcome="refused")


def test_claim_refused_and_out_of_order_steps(cast, claim):
    office = cast.actor("office_admin")
    with pytest.raises(InvalidTransition):
        services.insurance_claim_settle(actor=office, claim=claim, outcome="refused")
    claim = services.insurance_claim_submit(actor=office, claim=claim, on=dt.date(2021, 3, 10))
    with pytest.raises(ValidationFailed) as error:
        services.insurance_claim_settle(actor=office, claim=claim, outcome="paid", paid_fen=0)
    assert error.value.code == "paid_amount_required"
    with pytest.raises(ValidationFailed):
        services.insurance_claim_settle(actor=office, claim=claim, outcome="refused", paid_fen=5)
    with pytest.raises(ValidationFailed) as early:
        services.insurance_claim_settle(
            actor=office, claim=claim, outcome="refused", on=dt.date(2021, 3, 9)
        )
    assert early.value.code == "date_before_previous_step"
    claim = services.insurance_claim_settle(actor=office, claim=claim, outcome="refused")
    assert (claim.status, claim.paid_fen) == ("refused", 0)


@pytest.mark.parametrize(
    ("paid", "field"), [(-100, "paid_fen"), ("100", "paid_fen"), (True, "paid_fen")]
)
def test_bad_paid_amount_changes_nothing(cast, claim, paid, field):
    office = cast.actor("office_admin")
    claim = services.insurance_claim_submit(actor=office, claim=claim)
    before = table_counts()
    with pytest.raises(ValidationFailed) as error:
        services.insurance_claim_settle(actor=office, claim=claim, outcome="paid", paid_fen=paid)
    assert error.value.field == field
    assert table_counts() == before
    assert InsuranceClaim.objects.get(pk=claim.pk).status == "submitted"


def test_claim_needs_cover_on_the_incident_date(cast, insured_policy):
    insured = InsuredPerson.objects.get(person=cast.people["branch_b_member"])
    services.insured_person_remove(
        actor=cast.actor("office_admin"), insured=insured, removed_on=dt.date(2021, 6, 30)
    )
    before = table_counts()
    with pytest.raises(DomainError) as error:
        services.insurance_claim_report(
            actor=cast.actor("office_admin"),
            person=cast.people["branch_b_member"],
            policy=insured_policy,
            incident_on=dt.date(2021, 7, 5),
            description="Fell.",
        )
    assert error.value.code == "not_insured"
    with pytest.raises(DomainError) as uninsured:
        services.insurance_claim_report(
            actor=cast.actor("office_admin"),
            person=cast.people["branch_a_non_member"],
            policy=insured_policy,
            incident_on=dt.date(2021, 7, 5),
            description="Fell.",
        )
    assert uninsured.value.code == "not_insured"
    assert table_counts() == before


def test_claim_report_before_incident_is_refused(cast, insured_policy):
    with pytest.raises(ValidationFailed) as error:
        services.insurance_claim_report(
            actor=cast.actor("office_admin"),
            person=cast.people["branch_a_member"],
            policy=insured_policy,
            incident_on=dt.date(2021, 7, 5),
            reported_on=dt.date(2021, 7, 1),
            description="Fell.",
        )
    assert error.value.code == "date_before_previous_step"


def test_claim_board_counts_and_sums(cast, claim, report_claim):
    office = cast.actor("office_admin")
    report_claim("office_admin", "branch_b_member")
    claim = services.insurance_claim_submit(actor=office, claim=claim)
    services.insurance_claim_settle(actor=office, claim=claim, outcome="paid", paid_fen=50_000)
    board = queries.claim_board(actor=office)
    assert board.counts == {"reported": 1, "submitted": 0, "paid": 1, "refused": 0}
    assert board.paid_fen == 50_000
    liaison_board = queries.claim_board(actor=cast.actor("branch_a_liaison"))
    assert sum(liaison_board.counts.values()) == 1


# School places ---------------------------------------------------------------------------


def test_member_applies_office_forwards_and_places(cast, application):
    office = cast.actor("office_admin")
    assert (application.status, application.year, application.node) == (
        "submitted",
        2021,
        cast.group_a1,
    )
    forwarded = services.school_place_forward(
        actor=office, application=application, on=dt.date(2021, 4, 15)
    )
    assert Participation.objects.filter(
        person=cast.people["branch_a_member"], kind="service"
    ).exists()
    placed = services.school_place_decide(
        actor=office,
        application=forwarded,
        outcome="placed",
        outcome_school="Xiangcheng Primary School",
        on=dt.date(2021, 7, 1),
    )
    assert (placed.status, placed.outcome_school) == ("placed", "Xiangcheng Primary School")


def test_placed_needs_the_school(cast, application):
    office = cast.actor("office_admin")
    services.school_place_forward(actor=office, application=application)
    with pytest.raises(ValidationFailed) as error:
        services.school_place_decide(actor=office, application=application, outcome="placed")
    assert error.value.code == "outcome_school_required"
    with pytest.raises(ValidationFailed):
        services.school_place_decide(actor=office, application=application, outcome="lost")
    not_placed = services.school_place_decide(
        actor=office, application=application, outcome="not_placed", note="No places left"
    )
    assert not_placed.status == "not_placed"


def test_decide_before_forwarding_is_refused(cast, application):
    with pytest.raises(InvalidTransition):
        services.school_place_decide(
            actor=cast.actor("office_admin"),
            application=application,
            outcome="placed",
            outcome_school="X",
        )


def test_someone_elses_child_is_refused(cast, add_child):
    other = add_child("branch_b_member", name="Other child")
    before = table_counts()
    with pytest.raises(DomainError) as error:
        services.school_place_apply(
            actor=cast.actor("office_admin"),
            person=cast.people["branch_a_member"],
            child=other,
            stage="primary",
            wished_school="X",
        )
    assert error.value.code == "not_your_child"
    assert table_counts() == before


def test_a_spouse_is_not_a_child(cast, add_child):
    spouse = add_child(name="Spouse", relation="spouse")
    with pytest.raises(DomainError) as error:
        services.school_place_apply(
            actor=cast.actor("branch_a_member"),
            person=cast.people["branch_a_member"],
            child=spouse,
            stage="primary",
            wished_school="X",
        )
    assert error.value.code == "not_your_child"


@pytest.mark.parametrize("stage", ["", "senior_high", "university"])
def test_a_child_not_in_a_placed_stage_is_refused(cast, add_child, stage):
    kid = add_child(stage=stage)
    with pytest.raises(DomainError) as error:
        services.school_place_apply(
            actor=cast.actor("branch_a_member"),
            person=cast.people["branch_a_member"],
            child=kid,
            stage="primary",
            wished_school="X",
        )
    assert error.value.code == "not_in_school_stage"
    assert not SchoolPlaceApplication.objects.exists()


@pytest.mark.parametrize(
    ("stage", "ok"),
    [("kindergarten", True), ("primary", True), ("junior_high", False), ("senior_high", False)],
)
def test_stage_is_the_recorded_or_the_next(cast, child, stage, ok):
    call = lambda: services.school_place_apply(  # noqa: E731
        actor=cast.actor("branch_a_member"),
        person=cast.people["branch_a_member"],
        child=child,
        stage=stage,
        wished_school="X",
        submitted_on=dt.date(2021, 4, 1),
    )
    if ok:
        assert call().stage == stage
    else:
        with pytest.raises(ValidationFailed) as error:
            call()
        assert error.value.code == "stage_not_allowed"


def test_one_application_per_child_per_year(cast, application, apply_place):
    before = table_counts()
    with pytest.raises(DomainError) as error:
        apply_place()
    assert error.value.code == "application_exists"
    assert table_counts() == before


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"wished_school": ""}, "wished_school"),
        ({"submitted_on": dt.date(2099, 1, 1)}, "submitted_on"),
        ({"submitted_on": "yesterday"}, "submitted_on"),
    ],
)
def test_bad_application_input_changes_nothing(cast, child, kwargs, field):
    data = {"stage": "primary", "wished_school": "X", **kwargs}
    before = table_counts()
    with pytest.raises(ValidationFailed) as error:
        services.school_place_apply(
            actor=cast.actor("branch_a_member"),
            person=cast.people["branch_a_member"],
            child=child,
            **data,
        )
    assert error.value.field == field
    assert table_counts() == before


def test_summary_counts_by_stage_and_outcome(cast, add_child, apply_place):
    office = cast.actor("office_admin")
    first = apply_place()
    second = apply_place(child=add_child(name="Second", stage="nursery"), stage="kindergarten")
    services.school_place_forward(actor=office, application=first)
    services.school_place_decide(
        actor=office, application=first, outcome="placed", outcome_school="Xiangcheng"
    )
    summary = queries.school_place_summary(actor=office, year=2021)
    assert summary.total == 2
    assert summary.by_stage["primary"]["placed"] == 1
    assert summary.by_stage["kindergarten"]["submitted"] == 1
    assert summary.by_status["placed"] == 1
    assert second.stage == "kindergarten"
    assert queries.school_place_summary(actor=cast.actor("branch_b_member"), year=2021).total == 0


def test_every_step_is_audited(cast, posted_policy, claim, application):
    from tongxin.core.models import AuditEvent

    office = cast.actor("office_admin")
    claim = services.insurance_claim_submit(actor=office, claim=claim)
    services.insurance_claim_settle(actor=office, claim=claim, outcome="refused")
    services.school_place_forward(actor=office, application=application)
    services.school_place_decide(actor=office, application=application, outcome="not_placed")
    events = set(AuditEvent.objects.values_list("event", flat=True))
    assert {
        "insurance_policy.created",
        "insured_person.imported",
        "insurance_policy.premium_posted",
        "insurance_claim.reported",
        "insurance_claim.submitted",
        "insurance_claim.refused",
        "school_place_application.submitted",
        "school_place_application.forwarded",
        "school_place_application.not_placed",
    } <= events
