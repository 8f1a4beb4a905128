"""Separation of duties on donations (decision 0011): nobody confirms or rejects a report of
their own gift or their family's, nor records such a gift as confirmed."""

import datetime as dt

import pytest

from tongxin.core.errors import DomainError
from tongxin.core.models import AuditEvent
from tongxin.donations import services
from tongxin.donations.choices import Channel, DonationStatus
from tongxin.donations.models import Donation
from tongxin.funds.models import JournalEntry
from tongxin.members import services as members
from tongxin.orgs import services as orgs
from tongxin.orgs.choices import Role
from tongxin.testing.personas import SYSTEM

from .conftest import DAY

pytestmark = pytest.mark.django_db


def _state():
    return (
        list(Donation.objects.values_list("status", "receipt_number")),
        JournalEntry.objects.count(),
        AuditEvent.objects.count(),
    )


def _make_liaison_a_member(cast, persona):
    """Give ``persona`` (a member of branch A's group) the liaison role on branch A."""
    orgs.role_assign(
        actor=SYSTEM,
        user_id=cast.users[persona].pk,
        role=Role.LIAISON,
        node=cast.branch_a,
        starts_on=dt.date(2020, 1, 1),
    )


def test_a_liaison_does_not_confirm_their_own_report(cast, report):
    # given a member who is also a liaison reports their own gift
    _make_liaison_a_member(cast, "branch_a_member")
    donation = report("branch_a_member")
    before = _state()
    # when they confirm it
    with pytest.raises(DomainError) as info:
        services.donation_confirm(actor=cast.actor("branch_a_member"), donations=[donation])
    # then it is refused and nothing changed; another liaison confirms it
    assert info.value.code == "conflict_of_interest"
    assert _state() == before
    with pytest.raises(DomainError):
        services.donation_reject(
            actor=cast.actor("branch_a_member"), donation=donation, reason="No money seen"
        )
    assert _state() == before
    services.donation_confirm(actor=cast.actor("branch_a_liaison"), donations=[donation])
    donation.refresh_from_db()
    assert donation.status == DonationStatus.CONFIRMED


@pytest.mark.parametrize("reverse", [False, True])
def test_a_liaison_does_not_confirm_a_family_members_report(cast, report, reverse):
    liaison, member = cast.people["branch_a_liaison"], cast.people["branch_a_member"]
    owner, linked = (member, liaison) if reverse else (liaison, member)
    members.family_member_add(
        actor=SYSTEM, person=owner, relation="spouse", name=linked.name, linked_person=linked
    )
    donation = report("branch_a_member")
    before = _state()
    with pytest.raises(DomainError) as info:
        services.donation_confirm(actor=cast.actor("branch_a_liaison"), donations=[donation])
    assert info.value.code == "conflict_of_interest"
    assert _state() == before
    services.donation_confirm(actor=cast.actor("office_admin"), donations=[donation])


def test_a_liaison_does_not_record_their_own_gift(cast, campaign):
    before = _state()
    with pytest.raises(DomainError) as info:
        services.donation_record(
            actor=cast.actor("branch_a_liaison"),
            campaign=campaign,
            person=cast.people["branch_a_liaison"],
            amount_fen=10_000,
            donated_on=DAY,
            channel=Channel.CASH,
        )
    assert (info.value.code, info.value.field) == ("conflict_of_interest", "person")
    assert _state() == before
    # the chair records it instead
    services.donation_record(
        actor=cast.actor("branch_a_chair"),
        campaign=campaign,
        person=cast.people["branch_a_liaison"],
        amount_fen=10_000,
        donated_on=DAY,
        channel=Channel.CASH,
    )


def test_a_bulk_upload_refuses_the_uploaders_own_row(cast, campaign):
    from tongxin.donations.spreadsheets import parse_upload

    from .test_bulk import _csv

    rows = parse_upload(
        _csv(
            [
                ["A1001", "Member A", "100", "2021-06-15", "现金", ""],
                ["A0002", "Liaison A", "30", "2021-06-17", "现金", ""],
            ]
        )
    )
    plan = services.donation_bulk_plan(
        actor=cast.actor("branch_a_liaison"), campaign=campaign, node=cast.branch_a, rows=rows
    )
    assert [[e["code"] for e in row.errors] for row in plan.rows] == [[], ["conflict_of_interest"]]
    before = _state()
    with pytest.raises(DomainError) as info:
        services.donation_bulk_apply(
            actor=cast.actor("branch_a_liaison"), campaign=campaign, node=cast.branch_a, rows=rows
        )
    assert info.value.code == "import_has_errors"
    assert _state() == before
