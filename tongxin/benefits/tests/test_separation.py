"""Separation of duties on receipts (decision 0011): a liaison signs as proxy neither for
their own goods nor for their family's; scanning the member's own code stays allowed."""

import datetime as dt

import pytest

from tongxin.benefits import services
from tongxin.benefits.models import BenefitReceipt
from tongxin.core.errors import DomainError
from tongxin.core.models import AuditEvent
from tongxin.members import services as members
from tongxin.testing.personas import SYSTEM

pytestmark = pytest.mark.django_db


def _state():
    return (
        list(BenefitReceipt.objects.values_list("status", "proxy_name")),
        AuditEvent.objects.count(),
    )


def test_no_proxy_sign_off_for_oneself(cast, receipt_of):
    receipt = receipt_of("branch_a_liaison")
    before = _state()
    with pytest.raises(DomainError) as info:
        services.benefit_receipt_sign(
            actor=cast.actor("branch_a_liaison"), receipt=receipt, proxy_name="Someone"
        )
    assert (info.value.code, info.value.field) == ("conflict_of_interest", "proxy_name")
    assert _state() == before
    # the chair signs it as proxy
    signed = services.benefit_receipt_sign(
        actor=cast.actor("branch_a_chair"), receipt=receipt, proxy_name="Someone"
    )
    assert signed.status == "signed"


def test_no_proxy_sign_off_for_family_alone_or_on_a_sheet(cast, batch, receipt_of):
    members.family_member_add(
        actor=SYSTEM,
        person=cast.people["branch_a_member"],
        relation="spouse",
        name="Liaison A",
        linked_person=cast.people["branch_a_liaison"],
    )
    receipt = receipt_of("branch_a_member")
    before = _state()
    with pytest.raises(DomainError) as info:
        services.benefit_receipt_sign(
            actor=cast.actor("branch_a_liaison"), receipt=receipt, proxy_name="Neighbour"
        )
    assert info.value.code == "conflict_of_interest"
    with pytest.raises(DomainError) as info:
        services.benefit_receipts_sign_sheet(
            actor=cast.actor("branch_a_liaison"),
            batch=batch,
            entries=[
                services.SheetEntry(
                    person_id=receipt.person_id,
                    signed_at=dt.datetime(2021, 2, 5, 10, tzinfo=dt.UTC),
                    proxy_name="Neighbour",
                )
            ],
        )
    assert info.value.code == "conflict_of_interest"
    assert _state() == before
    # the member's own code scanned by the liaison is the member signing: allowed
    signed = services.benefit_receipt_sign(
        actor=cast.actor("branch_a_liaison"), receipt=receipt, scanned=True
    )
    assert signed.status == "signed"
