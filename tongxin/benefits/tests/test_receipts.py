"""Rules of receipts: sign-off (own, scanned, proxy), double sign-off, not on the list, mail-out,
not delivered, re-issue."""

import datetime as dt

import pytest

from tongxin.benefits import services
from tongxin.benefits.choices import ReceiptStatus, SignMethod
from tongxin.benefits.models import BenefitReceipt
from tongxin.core.errors import Conflict, DomainError, InvalidTransition, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.funds.queries.policy import holiday_benefit_total_fen
from tongxin.participation.models import Participation
from tongxin.testing.personas import SYSTEM


def _state():
    return (
        list(
            BenefitReceipt.objects.order_by("pk").values_list(
                "status", "token", "signed_by", "proxy_name", "mail_address", "reissue_count"
            )
        ),
        Participation.objects.count(),
        AuditEvent.objects.count(),
    )


def test_member_signs_own_receipt(cast, receipt_of):
    receipt = services.benefit_receipt_sign(
        actor=cast.actor("branch_a_member"), receipt=receipt_of("branch_a_member")
    )
    assert receipt.status == ReceiptStatus.SIGNED
    assert receipt.sign_method == SignMethod.SELF
    assert receipt.signed_by_id == cast.users["branch_a_member"].pk
    assert receipt.signed_at is not None
    assert AuditEvent.objects.filter(event="benefit_receipt.signed").count() == 1


def test_liaison_signs_with_proxy_name_or_scan(cast, receipt_of):
    liaison = cast.actor("branch_a_liaison")
    before = _state()
    with pytest.raises(ValidationFailed) as error:
        services.benefit_receipt_sign(actor=liaison, receipt=receipt_of("branch_a_member"))
    assert error.value.code == "proxy_name_required"
    assert _state() == before
    proxy = services.benefit_receipt_sign(
        actor=liaison, receipt=receipt_of("branch_a_member"), proxy_name="Wang, a colleague"
    )
    assert proxy.sign_method == SignMethod.PROXY
    assert proxy.proxy_name == "Wang, a colleague"
    scanned = services.benefit_receipt_sign(
        actor=liaison, receipt=receipt_of("branch_a_chair"), scanned=True
    )
    assert scanned.sign_method == SignMethod.SCANNED


def test_double_sign_off_refused(cast, receipt_of):
    services.benefit_receipt_sign(
        actor=cast.actor("branch_a_member"), receipt=receipt_of("branch_a_member")
    )
    before = _state()
    with pytest.raises(Conflict) as error:
        services.benefit_receipt_sign(
            actor=cast.actor("branch_a_liaison"),
            receipt=receipt_of("branch_a_member"),
            proxy_name="Someone",
        )
    assert error.value.code == "already_signed"
    with pytest.raises(Conflict):
        services.benefit_receipt_sign(
            actor=cast.actor("branch_a_member"), receipt=receipt_of("branch_a_member")
        )
    assert _state() == before


def test_find_by_code_and_not_on_list(cast, batch, receipt_of):
    liaison = cast.actor("branch_a_liaison")
    receipt = receipt_of("branch_a_member")
    found = services.benefit_receipt_find(
        actor=liaison, batch=batch, token=f"https://x.example/benefits/r/{receipt.token}/"
    )
    assert found.pk == receipt.pk
    assert (
        services.benefit_receipt_find(actor=liaison, batch=batch, staff_number=" A1001 ").pk
        == receipt.pk
    )
    before = _state()
    for kwargs in [
        {"token": "not-a-code"},
        {"staff_number": "A1002"},  # not a member: not on the list
        {"staff_number": "B1001"},  # branch B: not on branch A's list
        {"token": receipt_of("branch_b_member").token},
        {},
    ]:
        with pytest.raises(DomainError) as error:
            services.benefit_receipt_find(actor=liaison, batch=batch, **kwargs)
        assert error.value.code == "not_on_list"
    assert _state() == before


def test_mail_out_then_member_confirms(cast, receipt_of):
    before = _state()
    with pytest.raises(ValidationFailed) as error:
        services.benefit_receipt_mail_out(
            actor=SYSTEM, receipt=receipt_of("branch_b_member"), address=" "
        )
    assert error.value.code == "address_required"
    assert _state() == before
    mailed = services.benefit_receipt_mail_out(
        actor=SYSTEM, receipt=receipt_of("branch_b_member"), address="12 Lake Road, Dongguan"
    )
    assert mailed.status == ReceiptStatus.MAILED
    signed = services.benefit_receipt_sign(
        actor=cast.actor("branch_b_member"), receipt=receipt_of("branch_b_member")
    )
    assert signed.status == ReceiptStatus.SIGNED
    assert signed.mail_address == "12 Lake Road, Dongguan"


def test_undelivered_frees_value_and_reissue_restores_it(cast, batch, receipt_of):
    person = cast.people["branch_a_member"]
    old_token = receipt_of("branch_a_member").token
    undelivered = services.benefit_receipt_mark_undelivered(
        actor=cast.actor("branch_a_liaison"), receipt=receipt_of("branch_a_member"), note="Away"
    )
    assert undelivered.status == ReceiptStatus.UNDELIVERED
    assert holiday_benefit_total_fen(person_ids=[person.pk], year=2021) == {}
    before = _state()
    with pytest.raises(DomainError) as error:
        services.benefit_receipt_sign(actor=cast.actor("branch_a_member"), receipt=undelivered)
    assert error.value.code == "not_signable"
    assert _state() == before
    reissued = services.benefit_receipt_reissue(
        actor=cast.actor("branch_a_liaison"), receipt=undelivered
    )
    assert reissued.status == ReceiptStatus.PENDING
    assert reissued.token != old_token
    assert reissued.reissue_count == 1
    assert holiday_benefit_total_fen(person_ids=[person.pk], year=2021) == {person.pk: 50_000}
    # The old code no longer finds the receipt.
    with pytest.raises(DomainError):
        services.benefit_receipt_find(actor=SYSTEM, batch=batch, token=old_token)


def test_reissue_of_undelivered_rechecks_the_cap(cast, make_batch, batch, receipt_of):
    services.benefit_receipt_mark_undelivered(actor=SYSTEM, receipt=receipt_of("branch_a_member"))
    make_batch(
        confirm=True,
        unit_cost_fen=155_000,
        festival="mid_autumn",
        distribute_on=dt.date(2021, 9, 20),
        audience_node=cast.group_a1,
    )
    before = _state()
    with pytest.raises(DomainError) as error:
        services.benefit_receipt_reissue(actor=SYSTEM, receipt=receipt_of("branch_a_member"))
    assert error.value.code == "cap_exceeded"
    assert _state() == before


def test_signed_receipt_cannot_be_reissued_or_undelivered(cast, receipt_of):
    services.benefit_receipt_sign(
        actor=cast.actor("branch_a_member"), receipt=receipt_of("branch_a_member")
    )
    before = _state()
    for call in (services.benefit_receipt_reissue, services.benefit_receipt_mark_undelivered):
        with pytest.raises(InvalidTransition):
            call(actor=SYSTEM, receipt=receipt_of("branch_a_member"))
    with pytest.raises(InvalidTransition):
        services.benefit_receipt_mail_out(
            actor=SYSTEM, receipt=receipt_of("branch_a_member"), address="Somewhere"
        )
    assert _state() == before


def test_export_pickup_list(cast, batch, receipt_of):
    from io import BytesIO

    from openpyxl import load_workbook

    services.benefit_receipt_sign(
        actor=cast.actor("branch_a_liaison"),
        receipt=receipt_of("branch_a_member"),
        proxy_name="Li Ming",
    )
    data = services.pickup_list_export(
        actor=cast.actor("branch_a_liaison"), batch=batch, branch=cast.branch_a
    )
    sheet = load_workbook(BytesIO(data)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [row[0] for row in rows] == ["A0001", "A0002", "A1001"]
    member_row = rows[2]
    assert member_row[1] == "Member A"
    assert member_row[4] == "Liaison A"
    assert member_row[5] == "Li Ming"
    assert member_row[7]
    assert AuditEvent.objects.filter(event="benefit_batch.pickup_exported").count() == 1


def _sheet(cast, names, proxy=""):
    when = dt.datetime(2021, 2, 5, 10, 0, tzinfo=dt.UTC)
    return [
        services.SheetEntry(person_id=cast.people[name].pk, signed_at=when, proxy_name=proxy)
        for name in names
    ]


def test_paper_sheet_signs_many(cast, batch):
    count = services.benefit_receipts_sign_sheet(
        actor=cast.actor("branch_a_liaison"),
        batch=batch,
        entries=[
            *_sheet(cast, ["branch_a_member", "branch_a_liaison"]),
            *_sheet(cast, ["branch_a_chair"], proxy="Zhang"),
        ],
    )
    assert count == 3
    rows = {r.person_id: r for r in batch.receipts.filter(status=ReceiptStatus.SIGNED)}
    assert rows[cast.people["branch_a_member"].pk].sign_method == SignMethod.SHEET
    assert rows[cast.people["branch_a_chair"].pk].sign_method == SignMethod.PROXY
    assert rows[cast.people["branch_a_chair"].pk].signed_by_id == cast.users["branch_a_liaison"].pk
    assert AuditEvent.objects.filter(event="benefit_receipt.signed").count() == 3


@pytest.mark.parametrize(
    ("persona", "names", "error"),
    [
        ("branch_a_liaison", ["branch_a_member", "branch_b_member"], "not_found"),
        ("branch_a_liaison", ["branch_a_member", "branch_a_non_member"], "not_on_list"),
        ("finance_officer", ["branch_a_member"], "forbidden"),
        ("branch_a_member", ["branch_a_member"], "forbidden"),
        ("branch_a_liaison", ["branch_a_member", "branch_a_member"], "invalid"),
    ],
)
def test_paper_sheet_all_or_nothing(cast, batch, persona, names, error):
    before = _state()
    with pytest.raises(DomainError) as raised:
        services.benefit_receipts_sign_sheet(
            actor=cast.actor(persona), batch=batch, entries=_sheet(cast, names)
        )
    assert raised.value.code == error
    assert _state() == before


def test_paper_sheet_refuses_already_signed(cast, batch, receipt_of):
    services.benefit_receipt_sign(
        actor=cast.actor("branch_a_member"), receipt=receipt_of("branch_a_member")
    )
    before = _state()
    with pytest.raises(Conflict):
        services.benefit_receipts_sign_sheet(
            actor=SYSTEM, batch=batch, entries=_sheet(cast, ["branch_a_chair", "branch_a_member"])
        )
    assert _state() == before
