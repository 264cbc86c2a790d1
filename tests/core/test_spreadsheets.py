"""The one spreadsheet writer (baodi_care.core.spreadsheets): cells, CSV, xlsx and the responses' headers."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from baodi_care.core import spreadsheets
from baodi_care.core.spreadsheets import BOM, Table
from institutions.choices import Category


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formulas_are_escaped_and_the_escape_comes_off_again(text):
    escaped = spreadsheets.escape_formula(text)
    assert escaped == "'" + text
    assert spreadsheets.unescape_formula(escaped) == text


def test_ordinary_text_is_left_alone():
    for text in ("宝坻区托育园", "'quoted", "1-2"):
        assert spreadsheets.escape_formula(text) == text
        assert spreadsheets.unescape_formula(text) == text


def test_cells_as_text():
    moment = datetime.datetime(2025, 3, 1, 1, 30, tzinfo=datetime.UTC)
    assert spreadsheets.text(moment) == "2025-03-01 09:30"  # Asia/Shanghai
    assert spreadsheets.text(datetime.date(2025, 3, 1)) == "2025-03-01"
    assert spreadsheets.text(None) == ""
    with translation.override("en"):
        assert spreadsheets.yes_no(True) == "Yes"
        assert spreadsheets.label(Category, Category.FAMILY) == str(Category.FAMILY.label)
    assert spreadsheets.label(Category, "retired-code") == "retired-code"
    assert spreadsheets.label(Category, None) == ""


def table() -> Table:
    rows = [["=HYPERLINK(1)", -5, None, True, datetime.date(2025, 1, 2)], ["海滨街道", 1.5, "", False, None]]
    return Table(headers=[_("Name"), "code"], rows=iter(rows), title="a/b:c")


def test_csv_has_a_bom_escapes_text_and_keeps_numbers():
    data = b"".join(spreadsheets.csv_chunks(table()))
    assert data.startswith(BOM.encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1] == ["'=HYPERLINK(1)", "-5", "", "True", "2025-01-02"]
    assert rows[2] == ["海滨街道", "1.5", "", "False", ""]


def test_xlsx_keeps_types_and_stores_formulas_as_text():
    target = io.BytesIO()
    spreadsheets.write_xlsx([table(), Table(headers=["x"], rows=[], title="a/b:c")], target)
    workbook = load_workbook(io.BytesIO(target.getvalue()))
    assert workbook.sheetnames == ["a b c", "a b c 2"]  # Excel's rules, unique names
    sheet = workbook.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    assert sheet["A2"].value == "=HYPERLINK(1)" and sheet["A2"].data_type == "s"
    values = [c.value for c in sheet[2]]
    assert values[1:4] == [-5, None, True]
    assert values[4].date() == datetime.date(2025, 1, 2)  # a date cell, not text


def test_headers_are_rendered_in_the_language_asked_for_after_the_view_returned():
    with translation.override("en"):
        response = spreadsheets.csv_response(table(), "t.csv", language="zh-hans")
        assert body(response).decode("utf-8-sig").startswith("名称,code")
        response = spreadsheets.csv_response(table(), "t.csv")  # the request's language
    with translation.override("zh-hans"):
        assert body(response).decode("utf-8-sig").startswith("Name,code")


def test_staff_files_are_attachments_never_cached():
    response = spreadsheets.download(table(), fmt="csv", name="register-20250101")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="register-20250101.csv"'
    assert response["Cache-Control"] == "no-store"
    assert not response.has_header("Access-Control-Allow-Origin")
    workbook = spreadsheets.download([table(), table()], fmt="xlsx", name="statistics")
    assert workbook["Content-Type"] == spreadsheets.XLSX_CONTENT_TYPE
    assert workbook["Content-Disposition"] == 'attachment; filename="statistics.xlsx"'
    assert workbook["Cache-Control"] == "no-store"


def test_public_files_are_inline_for_any_site():
    response = spreadsheets.csv_response(table(), "open.csv", public=True)
    assert response["Content-Disposition"] == 'inline; filename="open.csv"'
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.has_header("Cache-Control")


def test_file_names_are_made_safe():
    response = spreadsheets.csv_response(table(), '../"宝坻" 名录;.csv')
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E5%AE%9D%E5%9D%BB_%E5%90%8D%E5%BD%95.csv"
    assert spreadsheets.file_name("register", datetime.date(2025, 1, 2), datetime.date(2025, 3, 4)) == (
        "register-20250102-20250304"
    )
    assert spreadsheets.file_name("register") == f"register-{timezone.localdate():%Y%m%d}"


def test_csv_holds_one_table_only():
    with pytest.raises(ValueError):
        spreadsheets.download([table(), table()], fmt="csv", name="x")
    with pytest.raises(ValueError):
        spreadsheets.download(table(), fmt="pdf", name="x")


def test_batches_and_rows_are_read_once_as_the_file_is_written():
    assert list(spreadsheets.batches(range(5), 2)) == [[0, 1], [2, 3], [4]]
    read = []

    def rows():
        for n in range(3):
            read.append(n)
            yield [n]

    chunks = spreadsheets.csv_chunks(Table(headers=["n"], rows=rows()))
    next(chunks)  # the header line
    assert read == []
    assert b"".join(chunks) == b"0\r\n1\r\n2\r\n"
