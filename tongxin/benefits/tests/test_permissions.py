"""Persona matrices for every benefits service: allowed rows assert the change, denied rows the
error and that nothing changed (rows, statuses, participations, ledger, audit)."""

import datetime as dt

import pytest

from tongxin.benefits import queries, services
from tongxin.benefits.choices import BatchStatus, ReceiptStatus
from tongxin.benefits.models import BenefitBatch, BenefitReceipt
from tongxin.core.errors import Forbidden, NotFound
from tongxin.core.models import AuditEvent
from tongxin.funds.models import JournalEntry
from tongxin.participation.models import Participation

from .conftest import SPRING


def _state():
    return (
        list(BenefitBatch.objects.order_by("pk").values_list("status", flat=True)),
        list(BenefitReceipt.objects.order_by("pk").values_list("status", "token", "proxy_name")),
        Participation.objects.count(),
        JournalEntry.objects.count(),
        AuditEvent.objects.count(),
    )


OFFICE_ONLY = [
    ("office_admin", None),
    ("system", None),
    ("finance_officer", Forbidden),
    ("auditor", Forbidden),
    ("branch_a_chair", NotFound),
    ("branch_a_liaison", NotFound),
    ("branch_a_member", NotFound),
    ("branch_b_member", NotFound),
    ("outsider", NotFound),
    ("anonymous", NotFound),
]


@pytest.mark.parametrize(("persona", "expected"), OFFICE_ONLY)
def test_create_matrix(cast, books, persona, expected):
    before = _state()

    def call():
        return services.benefit_batch_create(
            actor=cast.actor(persona),
            school=cast.school,
            title="Mid-Autumn mooncakes",
            goods="Mooncakes",
            unit_cost_fen=20_000,
            cutoff_on=dt.date(2021, 9, 1),
            distribute_on=dt.date(2021, 9, 18),
            festival="mid_autumn",
        )

    if expected is None:
        assert call().status == BatchStatus.DRAFT
    else:
        with pytest.raises(expected):
            call()
        assert _state() == before


@pytest.mark.parametrize("action", ["confirm", "cancel"])
@pytest.mark.parametrize(("persona", "expected"), OFFICE_ONLY)
def test_draft_actions_matrix(cast, make_batch, action, persona, expected):
    draft = make_batch()
    before = _state()
    call = getattr(services, f"benefit_batch_{action}")
    if expected is None:
        done = call(actor=cast.actor(persona), batch=draft)
        assert done.status == (
            BatchStatus.CONFIRMED if action == "confirm" else BatchStatus.CANCELLED
        )
    else:
        with pytest.raises(expected):
            call(actor=cast.actor(persona), batch=draft)
        assert _state() == before


@pytest.mark.parametrize(("persona", "expected"), OFFICE_ONLY)
def test_close_matrix(cast, batch, persona, expected):
    before = _state()
    if expected is None:
        assert (
            services.benefit_batch_close(actor=cast.actor(persona), batch=batch).status == "closed"
        )
    else:
        with pytest.raises(expected):
            services.benefit_batch_close(actor=cast.actor(persona), batch=batch)
        assert _state() == before


def test_override_needs_the_override_permission(cast, make_batch, monkeypatch):
    """Only roles holding ``override_cap`` may give goods over the cap (the office here)."""
    from tongxin.orgs import access

    make_batch(audience_node=cast.group_a1, unit_cost_fen=190_000, confirm=True)
    second = make_batch(festival="mid_autumn", distribute_on=dt.date(2021, 9, 20))
    member = cast.people["branch_a_member"]
    original = access._ROLE_PERMISSIONS["union_office"]
    monkeypatch.setitem(
        access._ROLE_PERMISSIONS, "union_office", original - {"benefits.override_cap"}
    )
    before = _state()
    with pytest.raises(Forbidden):
        services.benefit_batch_confirm(
            actor=cast.actor("office_admin"), batch=second, overrides={member.pk: "Reason"}
        )
    assert _state() == before


# Receipt of the member of branch A (in group A1).
SIGN_MATRIX = [
    ("branch_a_member", None),  # own
    ("branch_a_liaison", None),
    ("branch_a_chair", None),
    ("office_admin", None),
    ("system", None),
    ("finance_officer", Forbidden),
    ("auditor", Forbidden),
    ("branch_b_member", NotFound),
    ("outsider", NotFound),
    ("anonymous", NotFound),
]


@pytest.mark.parametrize(("persona", "expected"), SIGN_MATRIX)
def test_sign_matrix(cast, receipt_of, persona, expected):
    receipt = receipt_of("branch_a_member")
    proxy = "" if persona == "branch_a_member" else "Colleague"
    before = _state()
    if expected is None:
        signed = services.benefit_receipt_sign(
            actor=cast.actor(persona), receipt=receipt, proxy_name=proxy
        )
        assert signed.status == ReceiptStatus.SIGNED
    else:
        with pytest.raises(expected):
            services.benefit_receipt_sign(
                actor=cast.actor(persona), receipt=receipt, proxy_name=proxy
            )
        assert _state() == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("branch_b_member", None),  # own
        ("office_admin", None),
        ("branch_a_liaison", NotFound),  # branch A's liaison signs only branch A receipts
        ("branch_a_chair", NotFound),
        ("branch_a_member", NotFound),  # not their own
        ("finance_officer", Forbidden),
    ],
)
def test_sign_branch_b_receipt(cast, receipt_of, persona, expected):
    receipt = receipt_of("branch_b_member")
    proxy = "" if persona == "branch_b_member" else "Colleague"
    before = _state()
    if expected is None:
        assert (
            services.benefit_receipt_sign(
                actor=cast.actor(persona), receipt=receipt, proxy_name=proxy
            ).status
            == ReceiptStatus.SIGNED
        )
    else:
        with pytest.raises(expected):
            services.benefit_receipt_sign(
                actor=cast.actor(persona), receipt=receipt, proxy_name=proxy
            )
        assert _state() == before


RECEIPT_MANAGERS = [
    ("branch_a_liaison", None),
    ("branch_a_chair", None),
    ("office_admin", None),
    ("system", None),
    ("branch_a_member", Forbidden),  # their own receipt: they see it, may not manage it
    ("finance_officer", Forbidden),
    ("auditor", Forbidden),
    ("branch_b_member", NotFound),
    ("outsider", NotFound),
    ("anonymous", NotFound),
]


@pytest.mark.parametrize("action", ["mail_out", "mark_undelivered", "reissue"])
@pytest.mark.parametrize(("persona", "expected"), RECEIPT_MANAGERS)
def test_receipt_management_matrix(cast, receipt_of, action, persona, expected):
    receipt = receipt_of("branch_a_member")
    kwargs = {"address": "3 Hill Street"} if action == "mail_out" else {}
    call = getattr(services, f"benefit_receipt_{action}")
    before = _state()
    if expected is None:
        changed = call(actor=cast.actor(persona), receipt=receipt, **kwargs)
        assert (
            changed.status
            == {
                "mail_out": ReceiptStatus.MAILED,
                "mark_undelivered": ReceiptStatus.UNDELIVERED,
                "reissue": ReceiptStatus.PENDING,
            }[action]
        )
        assert _state() != before
    else:
        with pytest.raises(expected):
            call(actor=cast.actor(persona), receipt=receipt, **kwargs)
        assert _state() == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("branch_a_liaison", None),
        ("branch_a_chair", None),
        ("office_admin", None),
        ("finance_officer", None),
        ("auditor", None),
        ("system", None),
        ("branch_a_member", NotFound),
        ("branch_b_member", NotFound),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_export_matrix(cast, batch, persona, expected):
    before = AuditEvent.objects.count()
    if expected is None:
        data = services.pickup_list_export(
            actor=cast.actor(persona), batch=batch, branch=cast.branch_a
        )
        assert data[:2] == b"PK"
        assert AuditEvent.objects.count() == before + 1
    else:
        with pytest.raises(expected):
            services.pickup_list_export(
                actor=cast.actor(persona), batch=batch, branch=cast.branch_a
            )
        assert AuditEvent.objects.count() == before


def test_liaison_b_cannot_export_branch_a(cast, batch):
    with pytest.raises(NotFound):
        services.pickup_list_export(
            actor=cast.actor("branch_a_liaison"), batch=batch, branch=cast.branch_b
        )


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("office_admin", {"A0001", "A0002", "A1001", "B1001", "S0001", "S0002", "S0003"}),
        ("finance_officer", {"A0001", "A0002", "A1001", "B1001", "S0001", "S0002", "S0003"}),
        ("auditor", {"A0001", "A0002", "A1001", "B1001", "S0001", "S0002", "S0003"}),
        ("branch_a_liaison", {"A0001", "A0002", "A1001"}),
        ("branch_a_chair", {"A0001", "A0002", "A1001"}),
        ("branch_a_member", {"A1001"}),
        ("branch_b_member", {"B1001"}),
        ("outsider", set()),
        ("anonymous", set()),
    ],
)
def test_receipt_list_scope(cast, batch, persona, visible):
    rows = queries.receipt_list(actor=cast.actor(persona), batch=batch)
    assert {r.person.staff_number for r in rows} == visible


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("office_admin", True),
        ("finance_officer", True),
        ("auditor", True),
        ("branch_a_liaison", True),
        ("branch_a_chair", True),
        ("branch_a_member", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_batch_visibility(cast, batch, make_batch, persona, sees):
    draft = make_batch(distribute_on=SPRING)
    ids = set(queries.batch_list(actor=cast.actor(persona)).values_list("pk", flat=True))
    assert (batch.pk in ids) == sees
    # Drafts are the office's (and finance's and audit's) business only.
    assert (draft.pk in ids) == (persona in ("office_admin", "finance_officer", "auditor"))


@pytest.mark.parametrize(("persona", "expected"), OFFICE_ONLY)
def test_gifts_from_activity_matrix(cast, books, persona, expected):
    from tongxin.activities import services as activity_services
    from tongxin.activities.tests.factories import make_activity
    from tongxin.testing.personas import SYSTEM

    activity = make_activity(cast.school, kind="service_day", quota=None)
    activity_services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    before = _state()

    def call():
        return services.benefit_batch_from_activity(
            actor=cast.actor(persona),
            activity=activity,
            goods="Care pack",
            unit_cost_fen=3_000,
            distribute_on=dt.date(2021, 5, 20),
        )

    if expected is None:
        assert call().recipient_count == 1
    else:
        with pytest.raises(expected):
            call()
        assert _state() == before


@pytest.mark.parametrize(
    ("persona", "found"),
    [
        ("branch_a_liaison", True),
        ("branch_a_chair", True),
        ("office_admin", True),
        ("system", True),
        ("finance_officer", False),  # reads lists, does not sign: the code finds nothing
        ("auditor", False),
        ("branch_a_member", False),  # a member confirms their own receipt, never by code
        ("branch_b_member", False),
        ("outsider", False),
    ],
)
def test_find_by_code_matrix(cast, batch, receipt_of, persona, found):
    from tongxin.core.errors import DomainError

    token = receipt_of("branch_a_member").token
    if found:
        receipt = services.benefit_receipt_find(actor=cast.actor(persona), batch=batch, token=token)
        assert receipt.token == token
    else:
        with pytest.raises(DomainError) as error:
            services.benefit_receipt_find(actor=cast.actor(persona), batch=batch, token=token)
        assert error.value.code == "not_on_list"


@pytest.mark.parametrize(("persona", "expected"), OFFICE_ONLY)
def test_update_matrix(cast, make_batch, persona, expected):
    draft = make_batch()
    plan = services.BatchPlan(
        title="Renamed",
        goods=draft.goods,
        unit_cost_fen=draft.unit_cost_fen,
        cutoff_on=draft.cutoff_on,
        distribute_on=draft.distribute_on,
        festival=draft.festival,
    )
    before = _state()
    if expected is None:
        assert (
            services.benefit_batch_update(actor=cast.actor(persona), batch=draft, plan=plan).title
            == "Renamed"
        )
    else:
        with pytest.raises(expected):
            services.benefit_batch_update(actor=cast.actor(persona), batch=draft, plan=plan)
        assert _state() == before
        draft.refresh_from_db()
        assert draft.title != "Renamed"
