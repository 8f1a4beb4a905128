import datetime as dt

import pytest

from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.funds.models import JournalEntry, JournalLine
from tongxin.participation.models import Participation
from tongxin.staff_services import services
from tongxin.staff_services.models import CoverItem, InsurancePolicy, InsuredPerson
from tongxin.testing.api import table_counts

from .conftest import MAIN_COVER_FEN, PREMIUM_FEN

ROSTER_SIZE = 7  # every member of the cast (the non-member newcomer is not insured)


def test_policy_keeps_its_cover_items(policy):
    items = list(policy.cover_items.order_by("position"))
    assert [(i.name, i.amount_fen, i.is_rider) for i in items] == [
        ("Accidental death and disability", MAIN_COVER_FEN, False),
        ("Hospital allowance", 1_000_000, True),
    ]


def test_import_takes_members_in_good_standing_on_the_start_date(cast, insured_policy):
    people = set(
        InsuredPerson.objects.filter(policy=insured_policy).values_list("person", flat=True)
    )
    assert len(people) == ROSTER_SIZE
    assert cast.people["branch_a_non_member"].pk not in people
    assert Participation.objects.filter(kind="service").count() == ROSTER_SIZE


def test_import_of_a_subtree_takes_only_that_branch(cast, policy):
    added = services.insured_roster_import(
        actor=cast.actor("office_admin"), policy=policy, node=cast.branch_a
    )
    assert added == 3  # chair, liaison, member of branch A (incl. group A1)
    assert not InsuredPerson.objects.filter(person=cast.people["branch_b_member"]).exists()


def test_a_person_is_on_a_policy_once(cast, insured_policy):
    before = table_counts()
    with pytest.raises(DomainError) as error:
        services.insured_person_add(
            actor=cast.actor("office_admin"),
            policy=insured_policy,
            person=cast.people["branch_a_member"],
            added_on=dt.date(2021, 2, 1),
        )
    assert error.value.code == "already_insured"
    assert table_counts() == before
    # A second import adds nobody.
    assert (
        services.insured_roster_import(actor=cast.actor("office_admin"), policy=insured_policy) == 0
    )


def test_a_non_member_cannot_be_insured(cast, policy):
    with pytest.raises(DomainError) as error:
        services.insured_person_add(
            actor=cast.actor("office_admin"),
            policy=policy,
            person=cast.people["branch_a_non_member"],
        )
    assert error.value.code == "not_a_member"


@pytest.mark.parametrize("day", [dt.date(2020, 12, 31), dt.date(2022, 1, 1)])
def test_dates_must_lie_inside_the_policy_period(cast, insured_policy, day):
    insured = InsuredPerson.objects.get(person=cast.people["branch_b_member"])
    before = table_counts()
    with pytest.raises(ValidationFailed) as error:
        services.insured_person_remove(
            actor=cast.actor("office_admin"), insured=insured, removed_on=day
        )
    assert (error.value.code, error.value.field) == ("date_outside_policy", "removed_on")
    with pytest.raises(DomainError) as claim_error:
        services.insurance_claim_report(
            actor=cast.actor("office_admin"),
            person=cast.people["branch_b_member"],
            policy=insured_policy,
            incident_on=day,
            description="Fell.",
        )
    assert claim_error.value.code == "date_outside_policy"
    assert table_counts() == before


def test_premium_is_posted_once_as_people_times_premium(cast, books, insured_policy):
    policy = services.insurance_premium_post(
        actor=cast.actor("finance_officer"), policy=insured_policy
    )
    assert policy.premium_people == ROSTER_SIZE
    assert policy.premium_posted_fen == ROSTER_SIZE * PREMIUM_FEN
    entry = JournalEntry.objects.get(source_type="staff_services.insurancepolicy")
    assert entry.total_fen == ROSTER_SIZE * PREMIUM_FEN
    assert entry.lines.filter(
        category_key="expense.staff_services", debit_fen=ROSTER_SIZE * PREMIUM_FEN
    ).exists()
    assert InsuredPerson.objects.filter(premium_entry=entry).count() == ROSTER_SIZE
    before = table_counts()
    with pytest.raises(DomainError) as error:
        services.insurance_premium_post(actor=cast.actor("office_admin"), policy=policy)
    assert error.value.code == "premium_already_posted"
    assert table_counts() == before


def test_people_removed_before_posting_are_not_paid_for(cast, books, insured_policy):
    insured = InsuredPerson.objects.get(person=cast.people["branch_b_member"])
    services.insured_person_remove(
        actor=cast.actor("office_admin"), insured=insured, removed_on=dt.date(2021, 1, 1)
    )
    policy = services.insurance_premium_post(
        actor=cast.actor("office_admin"), policy=insured_policy
    )
    assert policy.premium_posted_fen == (ROSTER_SIZE - 1) * PREMIUM_FEN


def test_removal_after_posting_leaves_the_entry_and_posts_a_refund_adjustment(cast, posted_policy):
    entry = posted_policy.premium_entry
    lines_before = list(
        JournalLine.objects.filter(entry=entry).values_list("debit_fen", "credit_fen")
    )
    insured = InsuredPerson.objects.get(person=cast.people["branch_b_member"])
    removed = services.insured_person_remove(
        actor=cast.actor("office_admin"),
        insured=insured,
        removed_on=dt.date(2021, 7, 1),
        note="Left the school",
        refund_fen=4_000,
    )
    entry.refresh_from_db()
    assert entry.total_fen == ROSTER_SIZE * PREMIUM_FEN
    assert (
        list(JournalLine.objects.filter(entry=entry).values_list("debit_fen", "credit_fen"))
        == lines_before
    )
    assert not JournalEntry.objects.filter(reverses=entry).exists()
    refund = removed.refund_entry
    assert refund is not None
    assert refund.lines.filter(category_key="expense.staff_services", credit_fen=4_000).exists()
    # The person-time stays: they were covered for half a year.
    assert Participation.objects.filter(
        person=cast.people["branch_b_member"], kind="service"
    ).exists()


def test_removal_without_refund_posts_nothing(cast, posted_policy):
    insured = InsuredPerson.objects.get(person=cast.people["branch_b_member"])
    entries = JournalEntry.objects.count()
    services.insured_person_remove(
        actor=cast.actor("office_admin"), insured=insured, removed_on=dt.date(2021, 7, 1)
    )
    assert JournalEntry.objects.count() == entries
    with pytest.raises(DomainError) as error:
        services.insured_person_remove(
            actor=cast.actor("office_admin"), insured=insured, removed_on=dt.date(2021, 8, 1)
        )
    assert error.value.code == "already_removed"


def test_refund_cannot_exceed_one_premium(cast, posted_policy):
    insured = InsuredPerson.objects.get(person=cast.people["branch_b_member"])
    before = table_counts()
    with pytest.raises(ValidationFailed) as error:
        services.insured_person_remove(
            actor=cast.actor("office_admin"),
            insured=insured,
            removed_on=dt.date(2021, 7, 1),
            refund_fen=PREMIUM_FEN + 1,
        )
    assert error.value.code == "refund_too_large"
    assert table_counts() == before


def test_someone_added_after_posting_gets_a_supplementary_entry(cast, posted_policy):
    person = cast.people["branch_a_non_member"]
    from tongxin.members import services as members

    members.membership_join(actor=cast.actor("system"), person=person, on=dt.date(2021, 3, 1))
    insured = services.insured_person_add(
        actor=cast.actor("office_admin"),
        policy=posted_policy,
        person=person,
        added_on=dt.date(2021, 3, 1),
    )
    assert insured.premium_entry is not None
    assert insured.premium_entry != posted_policy.premium_entry
    assert insured.premium_entry.total_fen == PREMIUM_FEN
    with pytest.raises(DomainError) as error:
        services.insured_roster_import(actor=cast.actor("office_admin"), policy=posted_policy)
    assert error.value.code == "premium_already_posted"


def test_period_and_premium_are_fixed_once_posted(cast, posted_policy):
    before = table_counts()
    with pytest.raises(DomainError) as error:
        services.insurance_policy_update(
            actor=cast.actor("office_admin"),
            policy=posted_policy,
            name=posted_policy.name,
            insurer="Other Life",
            starts_on=posted_policy.starts_on,
            ends_on=posted_policy.ends_on,
            premium_per_person_fen=PREMIUM_FEN * 2,
        )
    assert error.value.code == "premium_already_posted"
    assert table_counts() == before
    services.insurance_policy_update(
        actor=cast.actor("office_admin"),
        policy=posted_policy,
        name=posted_policy.name,
        insurer="Other Life",
        starts_on=posted_policy.starts_on,
        ends_on=posted_policy.ends_on,
        premium_per_person_fen=PREMIUM_FEN,
    )
    assert InsurancePolicy.objects.get(pk=posted_policy.pk).insurer == "Other Life"


def test_an_empty_roster_or_zero_premium_posts_nothing(cast, books, policy, make_policy):
    with pytest.raises(DomainError) as error:
        services.insurance_premium_post(actor=cast.actor("office_admin"), policy=policy)
    assert error.value.code == "empty_roster"
    free = make_policy(premium_fen=0, name="Free cover")
    services.insured_roster_import(actor=cast.actor("office_admin"), policy=free)
    with pytest.raises(DomainError) as zero:
        services.insurance_premium_post(actor=cast.actor("office_admin"), policy=free)
    assert zero.value.code == "no_premium"
    assert not JournalEntry.objects.filter(source_type="staff_services.insurancepolicy").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"premium_per_person_fen": -1}, "premium_per_person_fen"),
        ({"premium_per_person_fen": "80"}, "premium_per_person_fen"),
        ({"premium_per_person_fen": 1.5}, "premium_per_person_fen"),
        ({"ends_on": dt.date(2020, 12, 31)}, "ends_on"),
        ({"starts_on": "2021-01-01"}, "starts_on"),
        ({"name": "  "}, "name"),
        ({"cover_items": [("Main", -5, False)]}, "cover_items"),
        ({"cover_items": [("Main", 0, False)]}, "cover_items"),
        ({"cover_items": [("Main", 5, False), ("Main", 6, True)]}, "cover_items"),
    ],
)
def test_bad_policy_input_changes_nothing(cast, changes, field):
    data = {
        "name": "Policy",
        "insurer": "Test Life",
        "starts_on": dt.date(2021, 1, 1),
        "ends_on": dt.date(2021, 12, 31),
        "premium_per_person_fen": 100,
        "cover_items": [],
        **changes,
    }
    before = table_counts()
    with pytest.raises(ValidationFailed) as error:
        services.insurance_policy_create(actor=cast.actor("office_admin"), node=cast.school, **data)
    assert error.value.field == field
    assert table_counts() == before


def test_cover_items_are_added_once_with_positive_amounts(cast, policy):
    services.cover_item_add(
        actor=cast.actor("office_admin"),
        policy=policy,
        name="Serious illness",
        amount_fen=5_000_000,
        is_rider=True,
    )
    with pytest.raises(ValidationFailed) as error:
        services.cover_item_add(
            actor=cast.actor("office_admin"), policy=policy, name="Serious illness", amount_fen=1
        )
    assert error.value.code == "cover_item_exists"
    with pytest.raises(ValidationFailed):
        services.cover_item_add(
            actor=cast.actor("office_admin"), policy=policy, name="X", amount_fen=-1
        )
    assert CoverItem.objects.filter(policy=policy).count() == 3
    services.cover_item_remove(
        actor=cast.actor("office_admin"), item=CoverItem.objects.get(name="Serious illness")
    )
    assert CoverItem.objects.filter(policy=policy).count() == 2


def test_a_policy_is_deleted_only_while_its_roster_is_empty(cast, policy, insured_policy):
    with pytest.raises(DomainError) as error:
        services.insurance_policy_delete(actor=cast.actor("office_admin"), policy=insured_policy)
    assert error.value.code == "policy_has_roster"
    assert InsurancePolicy.objects.filter(pk=insured_policy.pk).exists()


def test_an_empty_policy_is_deleted_with_its_cover_items(cast, policy):
    from tongxin.core.models import AuditEvent

    services.insurance_policy_delete(actor=cast.actor("office_admin"), policy=policy)
    assert not InsurancePolicy.objects.exists()
    assert not CoverItem.objects.exists()
    assert AuditEvent.objects.filter(event="insurance_policy.deleted").count() == 1
