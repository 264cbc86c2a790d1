"""Writing an export without holding it in memory.

CSV is streamed: a StreamingHttpResponse over queryset.iterator(chunk_size=...), each object turned into a row
by the resource's own export_field (its dehydrate_* methods), a chunk of rows at a time. No tablib Dataset is
built. xlsx is written row by row with openpyxl's write-only workbook into a temporary file (in memory while
small, on disk past SPOOL_BYTES) that FileResponse then sends in blocks.

Both writers neutralise spreadsheet formulas: a cell that starts with = + - @ could run as a formula when the
file is opened (CSV injection), so CSV cells get a leading apostrophe (the import takes it off again) and xlsx
cells are written as plain strings.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import re
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation

CHUNK_SIZE = 2000  # rows fetched from the database at a time
ROWS_PER_WRITE = 500  # CSV rows sent to the client at a time
SPOOL_BYTES = 8 * 1024 * 1024  # xlsx files up to this size stay in memory
BOM = "\ufeff"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def iterate(rows: QuerySet | Iterable) -> Iterator:
    """Objects one by one, fetched CHUNK_SIZE at a time (prefetch_related is honoured per chunk)."""
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=CHUNK_SIZE)
    return iter(rows)


def export_rows(resource, rows) -> Iterator[list]:
    """Each object as a list of cell values, through the resource's export_field (dehydrate_* methods)."""
    fields = resource.get_export_fields()
    for obj in iterate(rows):
        yield [resource.export_field(f, obj) for f in fields]


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool | int | float | Decimal):
        return str(value)
    return escape_formula(str(value))


class _Echo:
    """A file-like object whose write() hands back what it was given, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(resource, rows) -> Iterator[bytes]:
    """UTF-8 with a BOM (so Excel shows the Chinese), the header line, then the rows a few hundred at a time."""
    writer = csv.writer(_Echo())
    yield (BOM + writer.writerow(resource.get_export_headers())).encode("utf-8")
    cells = export_rows(resource, rows)
    while batch := list(itertools.islice(cells, ROWS_PER_WRITE)):
        yield "".join(writer.writerow([_csv_cell(v) for v in row]) for row in batch).encode("utf-8")


def _in_language(language: str | None, chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The response body is produced after the view returned: keep the request's language for headers and labels."""
    with translation.override(language):
        yield from chunks


def csv_response(resource, rows, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _in_language(translation.get_language(), csv_chunks(resource, rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def write_xlsx(resource, rows, target, *, title: str = "") -> None:
    """Write the export into `target` (a file object) with a write-only workbook: rows are not kept in memory."""
    write_xlsx_sheets([(title, resource, rows)], target)


def write_xlsx_sheets(sheets: list[tuple[str, object, object]], target) -> None:
    """Several exports, one sheet each: [(title, resource, rows), ...]."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for title, resource, rows in sheets:
        _write_sheet(workbook, _sheet_title(title, used), resource, rows)
    workbook.save(target)


def _sheet_title(title: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", " ", str(title or "export")).strip()[:31] or "export"
    name, n = base, 2
    while name in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name)
    return name


def _write_sheet(workbook, title: str, resource, rows) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(title=title)
    bold = Font(bold=True)

    def header_cell(text: str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
        cell.data_type = "s"
        cell.font = bold
        return cell

    def cell(value):
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        if isinstance(value, bool | int | float | Decimal | datetime.date):
            return value
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        if text.startswith("="):
            # openpyxl would store this as a formula; as a plain string it is only text.
            plain = WriteOnlyCell(sheet, value=text)
            plain.data_type = "s"
            return plain
        return text

    sheet.freeze_panes = "A2"
    sheet.append([header_cell(h) for h in resource.get_export_headers()])
    for row in export_rows(resource, rows):
        sheet.append([cell(v) for v in row])


def xlsx_response(resource, rows, filename: str, *, title: str = "") -> FileResponse:
    """The workbook goes to a temporary file (memory while small, disk past SPOOL_BYTES), sent in blocks."""
    return xlsx_sheets_response([(title, resource, rows)], filename)


def xlsx_sheets_response(sheets: list[tuple[str, object, object]], filename: str) -> FileResponse:
    target = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - FileResponse closes it
    write_xlsx_sheets(sheets, target)
    target.seek(0)
    response = FileResponse(target, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response


def export_response(resource, rows, *, fmt: str, basename: str, title: str = ""):
    """The export as csv (default) or xlsx, with a dated file name."""
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "xlsx":
        return xlsx_response(resource, rows, f"{basename}-{stamp}.xlsx", title=title)
    return csv_response(resource, rows, f"{basename}-{stamp}.csv")
