import datetime as dt
import io
import zipfile

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from tongxin.core.errors import ValidationFailed
from tongxin.members.roster.parse import parse_roster

from .roster_files import HEADER, csv_bytes, person_row, xlsx_bytes


def _only_row(content: bytes):
    parsed = parse_roster("roster", content)
    assert len(parsed.rows) == 1
    return parsed.rows[0]


@pytest.mark.parametrize(
    "text",
    [
        "2020-01-02",
        "2020/1/2",
        "2020.1.2",
        "20200102",
        "2020年1月2日",
        "2020-01-02 00:00:00",
        "43832",
    ],
)
def test_reads_every_date_form(text):
    # given a CSV whose birth date is written one way
    row = person_row("N1", "张三")
    row[3] = text
    # when it is parsed
    parsed = _only_row(csv_bytes([row]))
    # then the date is 2 January 2020 (43832 is Excel's day number for it)
    assert parsed.values["birth_on"] == dt.date(2020, 1, 2)
    assert parsed.problems == []


def test_reads_excel_date_cells_and_number_cells():
    # given an xlsx with a real date cell, an 8-digit number date and a number staff number
    row = person_row("N1", "张三", joined=dt.datetime(2019, 9, 1))
    row[0] = 20210001
    row[3] = 19850304
    row[4] = 13912345678
    # when it is parsed
    parsed = _only_row(xlsx_bytes([row]))
    # then each is the value meant
    assert parsed.values["joined_on"] == dt.date(2019, 9, 1)
    assert parsed.values["birth_on"] == dt.date(1985, 3, 4)
    assert parsed.values["staff_number"] == "20210001"
    assert parsed.values["phone"] == "13912345678"


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("gb18030", ","), ("gbk", ","), ("utf-8", ","), ("utf-8-sig", ","), ("utf-16", "\t")],
)
def test_reads_csv_in_the_encodings_excel_writes(encoding, delimiter):
    # given the same roster saved as Excel does in China (GBK), as UTF-8 with and without BOM,
    # and as "Unicode text" (UTF-16, tab-separated)
    content = csv_bytes(
        [person_row("N1", "欧阳娜娜", male=False)], encoding=encoding, delimiter=delimiter
    )
    # when it is parsed
    parsed = parse_roster("roster.csv", content)
    # then the Chinese headers and names come through
    assert parsed.kind == "csv"
    assert parsed.columns["staff_number"] == "工号"
    assert parsed.rows[0].values["name"] == "欧阳娜娜"
    assert parsed.rows[0].values["gender"] == "female"


def test_finds_the_header_below_a_title_row_and_numbers_rows_as_the_sheet_does():
    # given a title row, the header on row 2, data on rows 3 and 5, an empty row 4
    rows = [person_row("N1", "张三"), [None] * 8, person_row("N2", "李四", serial=2)]
    content = xlsx_bytes(rows, title="同心学院教职工花名册")
    # when it is parsed
    parsed = parse_roster("roster.xlsx", content)
    # then the rows carry the spreadsheet's numbers and the empty row is counted as skipped
    assert [row.number for row in parsed.rows] == [3, 5]
    assert parsed.skipped_empty == 1


def test_accepts_header_aliases_with_notes_and_asterisks():
    # given headers as other systems write them
    header = ["*职工号", "姓名（必填）", "性别", "手机号码", "部门工会", "序号"]
    content = csv_bytes([["N1", "张三", "男", "139 1234 5678", "Branch A", "1"]], header=header)
    # when it is parsed
    parsed = parse_roster("roster.csv", content)
    # then they map to the fields, and the running number column is ignored
    assert set(parsed.columns) == {"staff_number", "name", "gender", "phone", "branch"}
    assert parsed.rows[0].values["branch"] == "Branch A"


def _file_error(content: bytes) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as info:
        parse_roster("upload", content)
    assert info.value.code == "import_invalid_file"
    assert info.value.field == "file"
    return info.value


def test_names_unknown_and_missing_headers():
    # given a file with a misspelt column and without the branch column
    header = ["工号", "姓名", "性别", "手机号吗"]
    error = _file_error(csv_bytes([["N1", "张三", "男", "13912345678"]], header=header))
    # then the message names both
    assert "手机号吗" in error.message
    assert "分会" in error.message


def test_refuses_the_same_field_twice():
    header = [*HEADER, "职工号"]
    error = _file_error(csv_bytes([[*person_row("N1", "张三"), "N1"]], header=header))
    assert "职工号" in error.message


def test_refuses_a_file_without_header_row():
    error = _file_error(csv_bytes([["1", "2"]], header=["a", "b"]))
    assert "工号" in error.message


def test_refuses_a_file_over_the_size_limit(settings):
    # given the 5 MB limit and a 10 MB upload
    settings.TONGXIN_IMPORT_MAX_BYTES = 5 * 1024 * 1024
    content = csv_bytes([person_row("N1", "张三")]) + b" " * (10 * 1024 * 1024)
    # then it is refused by size, in words
    with translation.override("en"):
        error = _file_error(content)
    assert "10.0 MB" in error.message


def test_refuses_more_rows_than_allowed(settings):
    settings.TONGXIN_IMPORT_MAX_ROWS = 2
    rows = [person_row(f"N{i}", "张三", serial=i) for i in range(3)]
    error = _file_error(csv_bytes(rows))
    assert "2" in error.message


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00<<>>",
        bytes(range(256)) * 4,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        b"   \n  ",
    ],
    ids=["pdf", "binary", "old-xls", "blank"],
)
def test_refuses_what_is_not_a_spreadsheet(content):
    _file_error(content)


def test_refuses_a_damaged_workbook():
    # given an xlsx cut in half, and a zip that is not a workbook
    workbook = xlsx_bytes([person_row("N1", "张三")])
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    # then both are refused with the same clear message
    with translation.override("zh-hans"):
        expected = _("The file could not be read as an Excel workbook; it may be damaged.")
        assert _file_error(workbook[: len(workbook) // 2]).message == expected
        assert _file_error(other.getvalue()).message == expected


def test_refuses_header_only_file():
    _file_error(csv_bytes([]))


def test_keeps_every_unreadable_cell_of_a_row():
    # given a row with an impossible date, a text date, an unknown gender and a 3-decimal wage
    header = [*HEADER, "工资基数"]
    row = ["N1", "张三", "未知", "2020-02-30", "139", "", "Branch A", "去年", "5678.901"]
    # when it is parsed
    parsed = _only_row(csv_bytes([row], header=header))
    # then each problem names its field, and the readable cells are kept
    assert {p.field for p in parsed.problems} == {"gender", "birth_on", "joined_on", "wage_base"}
    assert parsed.values["phone"] == "139"


def test_reads_money_cells_to_the_fen():
    header = [*HEADER, "工资基数"]
    for cell, fen in [
        (5678.9, 567890),
        (6000, 600000),
        ("5,678.90", 567890),
        ("￥5678.9元", 567890),
    ]:
        content = xlsx_bytes([[*person_row("N1", "张三"), cell]], header=header)
        assert _only_row(content).values["wage_base"] == fen


def test_an_id_number_in_a_number_cell_is_refused_with_the_reason():
    # given an ID number Excel turned into a number (it keeps 15 significant digits)
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(["N1", "张三", "男", None, None, 440106198503040031, "Branch A", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    # when it is parsed
    row = _only_row(buffer.getvalue())
    # then the problem explains what happened
    assert [p.field for p in row.problems] == ["id_number"]
    assert row.problems[0].code == "invalid_id_number"


def test_a_masked_id_number_counts_as_not_given():
    # given a file exported with masked ID numbers, edited and imported again
    row = person_row("N1", "张三")
    row[5] = "440***********0031"
    # then the masked number is not an ID number to store
    assert "id_number" not in _only_row(csv_bytes([row])).values
