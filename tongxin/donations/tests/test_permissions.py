"""Persona matrices for every donations service that checks a permission: allowed rows
assert the new state, denied rows assert the error and that nothing changed at all."""

import datetime as dt

import pytest

from tongxin.core.errors import Forbidden, NotFound
from tongxin.donations import queries, services
from tongxin.donations.choices import Channel, DonationStatus
from tongxin.donations.spreadsheets import BulkRow
from tongxin.testing.api import table_counts

from .conftest import DAY, END, START

pytestmark = pytest.mark.django_db


def _check(call, expected):
    before = table_counts()
    if expected is None:
        return call()
    with pytest.raises(expected):
        call()
    assert table_counts() == before
    return None


OFFICE_ONLY = [
    ("office_admin", None),
    ("system", None),
    ("finance_officer", Forbidden),
    ("auditor", Forbidden),
    ("branch_a_chair", NotFound),
    ("branch_a_liaison", NotFound),
    ("branch_a_member", NotFound),
    ("outsider", NotFound),
    ("anonymous", NotFound),
]


@pytest.mark.parametrize(("persona", "expected"), OFFICE_ONLY)
def test_create_matrix(cast, books, persona, expected):
    campaign = _check(
        lambda: services.campaign_create(
            actor=cast.actor(persona),
            organiser=cast.school,
            title="Drive",
            recipient="Foundation",
            starts_on=START,
            ends_on=END,
        ),
        expected,
    )
    if expected is None:
        assert campaign.pk


@pytest.mark.parametrize(("persona", "expected"), OFFICE_ONLY)
def test_open_close_matrix(cast, draft, persona, expected):
    opened = _check(
        lambda: services.campaign_open(actor=cast.actor(persona), campaign=draft), expected
    )
    if expected is None:
        assert opened.status == "open"
        closed = services.campaign_close(actor=cast.actor(persona), campaign=draft)
        assert closed.status == "closed"


@pytest.mark.parametrize(("persona", "expected"), OFFICE_ONLY)
def test_hand_over_matrix(cast, campaign, record, persona, expected):
    record("branch_a_member", 1_000)
    services.campaign_close(actor=cast.actor("office_admin"), campaign=campaign)
    done = _check(
        lambda: services.campaign_hand_over(
            actor=cast.actor(persona),
            campaign=campaign,
            amount_fen=1_000,
            handed_over_on=dt.date(2021, 7, 1),
            recipient_receipt="R-1",
        ),
        expected,
    )
    if expected is None:
        assert done.status == "handed_over"


@pytest.mark.parametrize(
    ("persona", "for_persona", "expected"),
    [
        ("branch_a_liaison", "branch_a_member", None),
        ("branch_a_chair", "branch_a_member", None),
        ("office_admin", "branch_b_member", None),
        ("system", "branch_b_member", None),
        ("branch_a_liaison", "branch_b_member", NotFound),
        ("branch_a_chair", "branch_b_member", NotFound),
        ("branch_a_member", "branch_a_member", Forbidden),  # a member only reports
        ("branch_b_member", "branch_a_member", NotFound),
        ("finance_officer", "branch_a_member", Forbidden),
        ("auditor", "branch_a_member", Forbidden),
        ("outsider", "branch_a_member", NotFound),
        ("anonymous", "branch_a_member", NotFound),
    ],
)
def test_record_matrix(cast, campaign, persona, for_persona, expected):
    donation = _check(
        lambda: services.donation_record(
            actor=cast.actor(persona),
            campaign=campaign,
            person=cast.people[for_persona],
            amount_fen=1_000,
            donated_on=DAY,
            channel=Channel.CASH,
        ),
        expected,
    )
    if expected is None:
        assert donation.status == DonationStatus.CONFIRMED


@pytest.mark.parametrize(
    ("persona", "for_persona", "expected"),
    [
        ("branch_a_member", "branch_a_member", None),
        ("branch_b_member", "branch_b_member", None),
        ("system", "branch_b_member", None),
        ("branch_b_member", "branch_a_member", NotFound),
        ("branch_a_liaison", "branch_a_member", Forbidden),
        ("office_admin", "branch_a_member", Forbidden),
        ("outsider", "branch_a_member", NotFound),
        ("anonymous", "branch_a_member", NotFound),
    ],
)
def test_report_matrix(cast, campaign, persona, for_persona, expected):
    donation = _check(
        lambda: services.donation_report(
            actor=cast.actor(persona),
            campaign=campaign,
            person=cast.people[for_persona],
            amount_fen=1_000,
            donated_on=DAY,
            channel=Channel.BANK_TRANSFER,
        ),
        expected,
    )
    if expected is None:
        assert donation.status == DonationStatus.PENDING


CONFIRMERS = [
    ("branch_a_liaison", None),
    ("branch_a_chair", None),
    ("office_admin", None),
    ("system", None),
    ("finance_officer", Forbidden),
    ("auditor", Forbidden),
    ("branch_a_member", Forbidden),  # the reporter cannot confirm their own report
    ("branch_b_member", NotFound),
    ("outsider", NotFound),
    ("anonymous", NotFound),
]


@pytest.mark.parametrize(("persona", "expected"), CONFIRMERS)
def test_confirm_matrix(cast, report, persona, expected):
    donation = report("branch_a_member")
    batch = _check(
        lambda: services.donation_confirm(actor=cast.actor(persona), donations=[donation]),
        expected,
    )
    if expected is None:
        assert batch.donation_count == 1


def test_branch_b_liaison_cannot_confirm_branch_a(cast, report):
    from tongxin.orgs import services as orgs
    from tongxin.orgs.choices import Role

    donation = report("branch_a_member")
    orgs.role_assign(
        actor=cast.actor("system"),
        user_id=cast.users["branch_b_member"].pk,
        node=cast.branch_b,
        role=Role.LIAISON,
    )
    _check(
        lambda: services.donation_confirm(
            actor=cast.actor("branch_b_member"), donations=[donation]
        ),
        NotFound,
    )


@pytest.mark.parametrize(("persona", "expected"), CONFIRMERS)
def test_reject_matrix(cast, report, persona, expected):
    donation = report("branch_a_member")
    rejected = _check(
        lambda: services.donation_reject(
            actor=cast.actor(persona), donation=donation, reason="Not found"
        ),
        expected,
    )
    if expected is None:
        assert rejected.status == DonationStatus.REJECTED


@pytest.mark.parametrize(
    ("persona", "branch", "expected"),
    [
        ("branch_a_liaison", "branch_a", None),
        ("branch_a_chair", "branch_a", None),
        ("office_admin", "branch_b", None),
        ("branch_a_liaison", "branch_b", NotFound),
        ("finance_officer", "branch_a", Forbidden),
        ("branch_a_member", "branch_a", NotFound),
        ("outsider", "branch_a", NotFound),
        ("anonymous", "branch_a", NotFound),
    ],
)
def test_bulk_apply_matrix(cast, campaign, persona, branch, expected):
    donor = cast.people["branch_a_member" if branch == "branch_a" else "branch_b_member"]
    rows = [
        BulkRow(
            number=2,
            staff_number=donor.staff_number,
            name=donor.name,
            amount_fen=500,
            donated_on=DAY,
        )
    ]
    node = getattr(cast, branch)
    batch = _check(
        lambda: services.donation_bulk_apply(
            actor=cast.actor(persona), campaign=campaign, node=node, rows=rows
        ),
        expected,
    )
    if expected is None:
        assert batch.donation_count == 1
    else:
        with pytest.raises(expected):
            services.donation_bulk_plan(
                actor=cast.actor(persona), campaign=campaign, node=node, rows=rows
            )


@pytest.mark.parametrize(
    ("persona", "expected_people"),
    [
        ("office_admin", {"A1001", "B1001"}),
        ("finance_officer", {"A1001", "B1001"}),
        ("auditor", {"A1001", "B1001"}),
        ("branch_a_liaison", {"A1001"}),
        ("branch_a_chair", {"A1001"}),
        ("branch_a_member", {"A1001"}),
        ("branch_b_member", {"B1001"}),
        ("outsider", set()),
        ("anonymous", set()),
    ],
)
def test_donation_list_is_scoped(cast, campaign, record, persona, expected_people):
    record("branch_a_member", 1_000)
    record("branch_b_member", 2_000, persona="office_admin")
    seen = {d.person.staff_number for d in queries.donation_list(actor=cast.actor(persona))}
    assert seen == expected_people


@pytest.mark.parametrize(
    ("persona", "rows"),
    [
        ("office_admin", 2),
        ("finance_officer", 2),
        ("branch_a_liaison", 1),
        ("auditor", None),
        ("branch_a_member", None),
    ],
)
def test_export_matrix(cast, campaign, record, persona, rows):
    import io

    from openpyxl import load_workbook

    record("branch_a_member", 1_000)
    record("branch_b_member", 2_000, persona="office_admin")
    if rows is None:
        _check(
            lambda: services.donation_export(actor=cast.actor(persona), campaign=campaign),
            (Forbidden, NotFound),
        )
        return
    _name, content = services.donation_export(actor=cast.actor(persona), campaign=campaign)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.max_row - 1 == rows


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("office_admin", True),
        ("finance_officer", True),
        ("branch_a_liaison", True),
        ("branch_a_member", True),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_campaign_visibility(cast, campaign, persona, visible):
    ids = {c.pk for c in queries.campaign_list(actor=cast.actor(persona))}
    assert (campaign.pk in ids) is visible


def test_members_do_not_see_drafts(cast, draft):
    assert not queries.campaign_list(actor=cast.actor("branch_a_member")).exists()
    assert queries.campaign_list(actor=cast.actor("branch_a_liaison")).exists()


@pytest.mark.parametrize(("persona", "expected"), CONFIRMERS)
def test_cancel_matrix(cast, record, persona, expected):
    donation = record("branch_a_member", 1_000)
    cancelled = _check(
        lambda: services.donation_cancel(
            actor=cast.actor(persona), donation=donation, reason="Entered twice"
        ),
        expected,
    )
    if expected is None:
        assert cancelled.status == DonationStatus.CANCELLED
