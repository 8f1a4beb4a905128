"""Bulk entry: reading uploads, the dry run's row-by-row reasons, the all-or-nothing apply."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from tongxin.core.errors import DomainError
from tongxin.donations import services
from tongxin.donations.choices import Channel, DonationStatus
from tongxin.donations.models import Donation
from tongxin.donations.spreadsheets import BulkRow, parse_upload, template_workbook
from tongxin.funds.models import FundAccount
from tongxin.participation.choices import ParticipationKind
from tongxin.participation.models import Participation
from tongxin.testing.api import table_counts

pytestmark = pytest.mark.django_db

HEADER = ["工号", "姓名", "金额", "日期", "渠道", "匿名"]


def _xlsx(rows, header=HEADER):
    book = Workbook()
    sheet = book.active
    sheet.append(["2021年扶贫济困日捐款名单"])  # a title row above the table
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(rows, encoding="utf-8-sig"):
    lines = [",".join(HEADER)] + [",".join(str(v) for v in row) for row in rows]
    return "\n".join(lines).encode(encoding)


def test_parse_xlsx_and_csv_read_the_same_rows():
    rows = [["A1001", "Member A", 100, "2021-06-15", "微信", "是"]]
    from_xlsx = parse_upload(_xlsx(rows))
    from_csv = parse_upload(_csv(rows, "gb18030"))
    for parsed in (from_xlsx, from_csv):
        (row,) = parsed
        assert (row.staff_number, row.amount_fen, row.channel, row.is_anonymous) == (
            "A1001",
            10_000,
            Channel.WECHAT_PAY,
            True,
        )
        assert row.donated_on.isoformat() == "2021-06-15"
    assert from_xlsx[0].number == 3  # numbered as the spreadsheet shows it
    assert from_csv[0].number == 2


def test_parse_refuses_a_file_without_the_required_columns():
    with pytest.raises(DomainError) as info:
        parse_upload(_xlsx([["A1001", "x"]], header=["工号", "日期"]))
    assert info.value.code == "import_invalid_file"
    assert "金额" in info.value.message or "姓名" in info.value.message


def test_template_reads_back_as_headers_only():
    with pytest.raises(DomainError) as info:
        parse_upload(template_workbook())
    assert info.value.code == "import_invalid_file"


def test_dry_run_lists_each_row_with_its_reason(cast, campaign):
    rows = parse_upload(
        _csv(
            [
                ["A1001", "Member A", "100", "2021-06-15", "现金", "否"],  # row 2: fine
                ["B1001", "Member B", "50", "2021-06-15", "现金", ""],  # row 3: other branch
                ["A0002", "Wrong Name", "50", "2021-06-15", "现金", ""],  # row 4: name
                ["A0001", "Chair A", "abc", "2021-06-15", "现金", ""],  # row 5: amount
                ["A0001", "Chair A", "20", "2021-07-15", "现金", ""],  # row 6: period
                ["A0001", "Chair A", "20", "2021-06-15", "支票", ""],  # row 7: channel
                ["A0001", "Chair A", "0", "2021-06-15", "", ""],  # row 8: zero
            ]
        )
    )
    before = table_counts()
    plan = services.donation_bulk_plan(
        actor=cast.actor("branch_a_liaison"), campaign=campaign, node=cast.branch_a, rows=rows
    )
    assert table_counts() == before
    status = {row.number: (row.status, [e["code"] for e in row.errors]) for row in plan.rows}
    assert status == {
        2: ("create", []),
        3: ("error", ["unknown_person"]),
        4: ("error", ["name_mismatch"]),
        5: ("error", ["invalid_amount"]),
        6: ("error", ["outside_period"]),
        7: ("error", ["invalid_channel"]),
        8: ("error", ["invalid_amount"]),
    }
    assert (plan.create_count, plan.error_count, plan.total_fen) == (1, 6, 10_000)
    # every reason is a sentence for the user
    assert all(e["message"] for row in plan.rows for e in row.errors)


def test_apply_with_a_bad_row_writes_nothing(cast, campaign):
    rows = parse_upload(
        _csv(
            [
                ["A1001", "Member A", "100", "2021-06-15", "现金", ""],
                ["B1001", "Member B", "50", "2021-06-15", "现金", ""],
            ]
        )
    )
    before = table_counts()
    with pytest.raises(DomainError) as info:
        services.donation_bulk_apply(
            actor=cast.actor("branch_a_liaison"), campaign=campaign, node=cast.branch_a, rows=rows
        )
    assert info.value.code == "import_has_errors"
    assert info.value.extra["rows"][0]["row"] == 3
    assert table_counts() == before


def test_apply_enters_all_rows_in_one_batch_and_one_posting(cast, campaign):
    rows = parse_upload(
        _xlsx(
            [
                ["A1001", "Member A", 100, "2021-06-15", "现金", ""],
                ["A1001", "Member A", 20.5, "2021-06-16", "工资代扣", "是"],
                ["A0001", "Chair A", "30", "2021/6/17", "银行转账", "否"],
            ]
        )
    )
    batch = services.donation_bulk_apply(
        actor=cast.actor("branch_a_liaison"), campaign=campaign, node=cast.branch_a, rows=rows
    )
    assert (batch.donation_count, batch.total_fen) == (3, 15_050)
    assert batch.journal_entry_id
    donations = list(Donation.objects.order_by("receipt_seq"))
    assert [d.status for d in donations] == [DonationStatus.CONFIRMED] * 3
    assert [d.receipt_seq for d in donations] == [1, 2, 3]
    assert donations[1].is_anonymous
    assert donations[1].channel == Channel.PAYROLL
    assert FundAccount.objects.get(node=cast.school, kind="payable").balance_fen == 15_050


def test_apply_to_a_closed_campaign_is_refused(cast, campaign):
    services.campaign_close(actor=cast.actor("office_admin"), campaign=campaign)
    rows = parse_upload(_csv([["A1001", "Member A", "100", "2021-06-15", "现金", ""]]))
    before = table_counts()
    with pytest.raises(DomainError) as info:
        services.donation_bulk_apply(
            actor=cast.actor("branch_a_liaison"), campaign=campaign, node=cast.branch_a, rows=rows
        )
    assert info.value.code == "campaign_not_open"
    assert table_counts() == before


def _rows(cast, count):
    people = [cast.people["branch_a_member"], cast.people["branch_a_chair"]]
    return [
        BulkRow(
            number=index + 2,
            staff_number=people[index % 2].staff_number,
            name=people[index % 2].name,
            amount_fen=1_000 + index,
            donated_on=dt.date(2021, 6, 15),
            channel=Channel.CASH,
        )
        for index in range(count)
    ]


def _shape(queries):
    """Queries other than inserts, and the tables inserted into. SQLite splits one bulk insert
    into chunks of 999 parameters, so only the inserts' chunk count follows the row count."""
    inserts = [q["sql"] for q in queries if q["sql"].startswith("INSERT")]
    tables = sorted({sql.split('"')[1] for sql in inserts})
    return len(queries) - len(inserts), tables


def test_upload_runs_the_same_number_of_queries_for_10_and_200_rows(cast, campaign):
    # given one upload already entered (the accounts exist)
    actor, branch = cast.actor("branch_a_liaison"), cast.branch_a
    services.donation_bulk_apply(actor=actor, campaign=campaign, node=branch, rows=_rows(cast, 3))
    # when 10 rows and then 200 rows are entered
    with CaptureQueriesContext(connection) as small:
        services.donation_bulk_apply(
            actor=actor, campaign=campaign, node=branch, rows=_rows(cast, 10)
        )
    with CaptureQueriesContext(connection) as large:
        batch = services.donation_bulk_apply(
            actor=actor, campaign=campaign, node=branch, rows=_rows(cast, 200)
        )
    # then both run the same queries; only the bulk inserts come in more chunks
    assert _shape(large.captured_queries) == _shape(small.captured_queries)
    # (a few dozen in all: the audit rows and the ledger entry also join their hash chains)
    assert len(large.captured_queries) < 50
    assert batch.donation_count == 200
    assert Participation.objects.filter(kind=ParticipationKind.DONATION).count() == 213
    # and the dry run reads the same number of queries whatever the number of rows
    with CaptureQueriesContext(connection) as small_plan:
        services.donation_bulk_plan(
            actor=actor, campaign=campaign, node=branch, rows=_rows(cast, 10)
        )
    with CaptureQueriesContext(connection) as large_plan:
        plan = services.donation_bulk_plan(
            actor=actor, campaign=campaign, node=branch, rows=_rows(cast, 200)
        )
    assert len(large_plan.captured_queries) == len(small_plan.captured_queries)
    assert plan.create_count == 200
