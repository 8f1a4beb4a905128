"""The one spreadsheet writer: text is inert, money is exact, and every export uses it."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tongxin.core.money import MAX_FEN
from tongxin.core.spreadsheets import Sheet, csv_bytes, neutralise, workbook, xlsx
from tongxin.members import services as members
from tongxin.members.queries import PersonFilters
from tongxin.voice import services as voice
from tongxin.voice.choices import ItemCategory, ItemKind
from tongxin.voice.queries.items import ItemFilters

ROOT = Path(__file__).resolve().parents[2]
PAYLOADS = [
    '=HYPERLINK("http://example.invalid","Click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def _cells(content: bytes) -> list[list[object]]:
    book = load_workbook(io.BytesIO(content))
    return [[(cell.value, cell.data_type) for cell in row] for sheet in book for row in sheet.rows]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralise_puts_a_quote_before_anything_a_spreadsheet_would_run(payload):
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("text", ["Plain", "12.5", "", "a=b", "'already"])
def test_neutralise_leaves_plain_text_alone(text):
    assert neutralise(text) == text


def test_xlsx_writes_payloads_as_strings_never_formulas():
    content = workbook("T", ["Title"], [[payload] for payload in PAYLOADS])
    rows = _cells(content)[1:]
    assert [value for ((value, _kind),) in rows] == ["'" + p for p in PAYLOADS]
    assert {kind for ((_value, kind),) in rows} == {"s"}


def test_xlsx_writes_money_as_decimal_yuan_and_dates_as_dates():
    moment = dt.datetime(2021, 3, 1, 1, 30, tzinfo=dt.UTC)
    content = xlsx(
        Sheet(
            "Money",
            ["Amount", "On", "At", "Number"],
            [[123456, dt.date(2021, 3, 1), moment, 7], [None, None, None, None]],
            money=[0],
            text=[3],
        )
    )
    book = load_workbook(io.BytesIO(content))
    amount, on, at, number = next(book.active.iter_rows(min_row=2, max_row=2))
    assert Decimal(str(amount.value)) == Decimal("1234.56")
    assert amount.number_format == "#,##0.00"
    assert on.value == dt.datetime(2021, 3, 1)
    assert at.value == dt.datetime(2021, 3, 1, 9, 30)  # Asia/Shanghai, without a zone
    assert (number.value, number.data_type) == ("7", "s")


def test_xlsx_keeps_a_money_cell_exact_to_the_fen():
    # given amounts up to the largest one a form or the API accepts
    amounts = [1, 10, 12_345, MAX_FEN - 1, MAX_FEN]
    content = workbook("T", ["Amount"], [[fen] for fen in amounts], money=[0])
    # then each cell reads back as its yuan, to the fen (Excel stores doubles: 15 digits)
    book = load_workbook(io.BytesIO(content))
    read = [
        Decimal(str(row[0].value)).quantize(Decimal("0.01"))
        for row in book.active.iter_rows(min_row=2)
    ]
    assert read == [Decimal(fen) / 100 for fen in amounts]  # exact: Decimal


def test_csv_is_neutralised_and_money_exact():
    content = csv_bytes(["Title", "Amount"], [[PAYLOADS[0], 100], ["Plain", None]], money=[1])
    text = content.decode("utf-8-sig")
    assert text.splitlines()[1] == '"\'=HYPERLINK(""http://example.invalid"",""Click"")",1.00'
    assert text.splitlines()[2] == "Plain,"


def test_every_workbook_is_written_by_the_one_writer():
    # Apps may read workbooks (openpyxl's load_workbook, the roster reader) but never write one.
    writer = ROOT / "tongxin" / "core" / "spreadsheets.py"
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "tongxin").rglob("*.py")
        if "tests" not in path.parts
        and path != writer
        and any(
            marker in path.read_text(encoding="utf-8")
            for marker in ("Workbook(", "WriteOnlyCell", "csv.writer(")
        )
    ]
    assert not offenders, "write spreadsheets with tongxin.core.spreadsheets"


# The two exports where a member's text reaches the office ---------------------------------


@pytest.mark.django_db
def test_a_formula_in_a_voice_item_title_comes_out_inert(cast):
    payload = PAYLOADS[0]
    voice.voice_item_file(
        actor=cast.actor("branch_a_member"),
        person=cast.people["branch_a_member"],
        kind=ItemKind.REQUEST,
        category=ItemCategory.LOGISTICS_CANTEEN,
        title=payload,
        text="-1+1 is the details",
    )
    content = voice.voice_item_export(actor=cast.actor("office_admin"), filters=ItemFilters())
    cells = [cell for row in _cells(content) for cell in row]
    assert ("'" + payload, "s") in cells
    assert ("'-1+1 is the details", "s") in cells
    assert not [cell for cell in cells if cell[1] == "f"]


@pytest.mark.django_db
def test_a_formula_in_a_name_comes_out_inert_in_the_people_export(cast):
    payload = '=HYPERLINK("http://example.invalid","Ann")'
    members.person_update(
        actor=cast.actor("system"), person=cast.people["branch_a_member"], changes={"name": payload}
    )
    content = members.person_export_xlsx(actor=cast.actor("office_admin"), filters=PersonFilters())
    cells = [cell for row in _cells(content) for cell in row]
    assert ("'" + payload, "s") in cells
    assert not [cell for cell in cells if cell[1] == "f"]
