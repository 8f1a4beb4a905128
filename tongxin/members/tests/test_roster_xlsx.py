"""The fast workbook reader on hand-made parts, as Excel and WPS write them."""

import datetime as dt
import io
import zipfile

import pytest

from tongxin.members.roster.parse import parse_roster
from tongxin.members.roster.xlsx import UnreadableWorkbook, worksheets

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def workbook(
    sheet_rows: str, *, strings: str = "", date1904: bool = False, sheets: int = 1
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        props = '<workbookPr date1904="1"/>' if date1904 else ""
        entries = "".join(
            f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, sheets + 1)
        )
        archive.writestr(
            "xl/workbook.xml", f"<workbook {NS} {RNS}>{props}<sheets>{entries}</sheets></workbook>"
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, sheets + 1)
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        archive.writestr(
            "xl/styles.xml",
            f'<styleSheet {NS}><numFmts><numFmt numFmtId="176" formatCode="yyyy/m/d"/></numFmts>'
            '<cellXfs><xf numFmtId="0"/><xf numFmtId="31"/><xf numFmtId="176"/><xf numFmtId="49"/>'
            '<xf numFmtId="14"/></cellXfs></styleSheet>',
        )
        archive.writestr("xl/sharedStrings.xml", f"<sst {NS}>{strings}</sst>")
        for i in range(1, sheets + 1):
            archive.writestr(
                f"xl/worksheets/sheet{i}.xml",
                f"<worksheet {NS}><sheetData>{sheet_rows}</sheetData></worksheet>",
            )
    return buffer.getvalue()


def test_reads_each_kind_of_cell():
    # given shared strings (one in rich-text runs with a phonetic guide), an inline string,
    # dates in a Chinese built-in format, a custom format and the plain short date, a number
    # shown as text, an integer, a float, a boolean and an error value
    strings = (
        "<si><t>工号</t></si>"
        '<si><r><t>欧阳</t></r><r><t>娜娜</t></r><rPh sb="0" eb="2"><t>ouyang</t></rPh></si>'
    )
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="inlineStr"><is><t>行内</t></is></c></row>'
        '<row r="2"><c r="A2" s="1"><v>43832</v></c><c r="B2" s="2"><v>43832</v></c>'
        '<c r="C2" s="4"><v>43832.0</v></c><c r="D2" s="3"><v>20210001</v></c></row>'
        '<row r="3"><c r="A3"><v>13912345678</v></c><c r="B3"><v>5678.9</v></c>'
        '<c r="C3" t="b"><v>1</v></c><c r="D3" t="e"><v>#N/A</v></c><c r="E3" t="str"><v>x</v></c></row>'
    )
    # when read
    table = list(next(worksheets(workbook(rows, strings=strings))))
    # then each cell has its plain value
    assert table[0] == ("工号", "欧阳娜娜", "行内")
    day = dt.datetime(2020, 1, 2)
    assert table[1] == (day, day, day, 20210001)
    assert table[2] == (13912345678, 5678.9, True, "#N/A", "x")


def test_keeps_the_positions_of_left_out_rows_and_cells():
    rows = '<row r="2"><c r="C2"><v>1</v></c></row><row r="5"><c r="B5"><v>2</v></c></row>'
    assert list(next(worksheets(workbook(rows)))) == [(), (None, None, 1), (), (), (None, 2)]


def test_a_date_cell_out_of_range_stays_a_number():
    rows = '<row r="1"><c r="A1" s="4"><v>99999999</v></c></row>'
    assert list(next(worksheets(workbook(rows)))) == [(99999999,)]


def test_reads_1904_dates():
    rows = '<row r="1"><c r="A1" s="4"><v>1</v></c></row>'
    assert list(next(worksheets(workbook(rows, date1904=True)))) == [(dt.datetime(1904, 1, 2),)]


def test_a_roster_on_the_second_sheet_is_found():
    # given a notes sheet first, then the roster
    notes = '<row r="1"><c r="A1" t="inlineStr"><is><t>说明</t></is></c></row>'
    content = workbook(notes, sheets=1)
    assert parse_roster("x.xlsx", _with_second_sheet(content)).rows[0].values["name"] == "张三"


def _with_second_sheet(content: bytes) -> bytes:
    header = "".join(
        f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in ("工号", "姓名", "性别", "分会")
    )
    data = "".join(
        f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in ("N1", "张三", "男", "Branch A")
    )
    roster = f"<row>{header}</row><row>{data}</row>"
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "xl/workbook.xml":
                body = body.replace(
                    b"</sheets>", b'<sheet name="R" sheetId="2" r:id="rId2"/></sheets>'
                )
            if item.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/roster.xml"/></Relationships>',
                )
            archive.writestr(item, body)
        archive.writestr(
            "xl/worksheets/roster.xml",
            f"<worksheet {NS}><sheetData>{roster}</sheetData></worksheet>",
        )
    return buffer.getvalue()


@pytest.mark.parametrize(
    "broken",
    [
        '<row r="1"><c r="A1" t="s"><v>7</v></c>',  # unclosed XML
        '<row r="1"><c r="A1" t="s"><v>9</v></c></row>',  # no such shared string
        '<row r="1"><c r="A1"><v>abc</v></c></row>',  # not a number
    ],
)
def test_broken_sheets_are_unreadable(broken):
    with pytest.raises(UnreadableWorkbook):
        list(next(worksheets(workbook(broken))))


def test_entities_are_not_expanded():
    # an XML bomb's entities stay unexpanded (and the sheet is then unreadable)
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    content = workbook('<row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row>')
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            body = source.read(item)
            archive.writestr(item, bomb + body if item.filename.endswith("sheet1.xml") else body)
    rows = list(next(worksheets(buffer.getvalue())))
    assert "aaaaaaaaaa" not in str(rows)
