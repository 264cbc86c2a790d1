"""Every spreadsheet the portal hands out, written one way: the exports, the dashboard's tables, the open data.

What a file holds is a Table: headers (gettext strings, rendered in the file's language), the rows' cells (an
iterator, read once while the file is written) and a sheet title. Exports build their tables from a resource
(django-import-export; resource_table): its columns turn one object into one row, nothing more.

- CSV is streamed: UTF-8 with a BOM (so Excel shows the Chinese), a StreamingHttpResponse over
  queryset.iterator(chunk_size=CHUNK_SIZE), ROWS_PER_WRITE rows at a time. No tablib Dataset is built.
- xlsx is written row by row by XlsxWriter (constant-memory mode) into a temporary file (in memory while small, on
  disk past SPOOL_BYTES) that FileResponse then sends in blocks; several tables make one sheet each.
- Formulas are neutralised: a cell that starts with = + - @ tab or CR could run as a formula when the file is
  opened (CSV injection), so CSV cells get a leading apostrophe (the register import takes it off again:
  unescape_formula) and xlsx cells are written as plain strings.
- The body of a streamed response is produced after the view has returned: the language the headers and
  labels are rendered in is fixed when the response is made (the request's, or the one the caller names).
- Staff downloads are attachments that are never cached; public files (open data) are shown inline and may
  be fetched from any site. The file name is made safe and encoded as RFC 6266 asks.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import capfirst, get_valid_filename
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

CHUNK_SIZE = 2000  # rows fetched from the database at a time
ROWS_PER_WRITE = 500  # CSV rows sent to the client at a time
SPOOL_BYTES = 8 * 1024 * 1024  # xlsx files up to this size stay in memory
BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --- Cells -------------------------------------------------------------------------------------------------


def escape_formula(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def unescape_formula(text: str) -> str:
    """The text as it was before escape_formula (for a file the portal wrote coming back in)."""
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_START else text


def yes_no(value) -> str:
    return str(_("Yes") if value else _("No"))


def label(choices, value) -> str:
    """A choice's label (choices: a TextChoices class or a {value: label} mapping); an unknown value as it is
    (data older than the choices), nothing as ""."""
    labels = _labels(choices)
    return str(labels[value]) if value in labels else (value or "")


def _labels(choices) -> Mapping:
    return choices if isinstance(choices, Mapping) else dict(choices.choices)


def header(model, name: str):
    """A column header from the model field's own verbose name (translated with it)."""
    return capfirst(model._meta.get_field(name).verbose_name)


def text(value) -> str:
    """A cell as text: local time to the minute, dates in ISO form, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


_FORMULA_FIRST = frozenset(FORMULA_START)


def _csv_cell(value) -> str:
    # The common cells first, by exact type (a million rows of thirty cells pass through here).
    kind = type(value)
    if kind is str:
        return "'" + value if value[:1] in _FORMULA_FIRST else value
    if kind is int or kind is Decimal:
        return str(value)
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date):
        return text(value)
    return escape_formula(str(value))


# --- Tables: headers and rows ------------------------------------------------------------------------------


def column(heading, value: str | Callable) -> fields.Field:
    """One column of a RowsResource: its header and the cell of an object (a callable, or an attribute path)."""
    return fields.Field(column_name=heading, dehydrate_method=attrgetter(value) if isinstance(value, str) else value)


def choice_column(heading, choices, path: str) -> fields.Field:
    """A column showing the label of the choice at `path`."""
    labels = _labels(choices)
    get = attrgetter(path)
    return column(heading, lambda obj: label(labels, get(obj)))


def field_columns(model, *names: str, via: str = "") -> list[fields.Field]:
    """Columns of the model's fields, reached from a row's object by the attribute path `via`: the field's verbose
    name as the header, its value as the cell (a choice as its label)."""
    result = []
    for name in names:
        field = model._meta.get_field(name)
        path = f"{via}.{name}" if via else name
        heading = header(model, name)
        result.append(choice_column(heading, dict(field.flatchoices), path) if field.choices else column(heading, path))
    return result


class RowsResource(resources.Resource):
    """A resource whose columns() are its export, in that order: the file's one declaration of them."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields.update({f"column_{n}": field for n, field in enumerate(self.columns())})

    def columns(self) -> Iterable[fields.Field]:
        return ()

    def get_export_order(self):
        return tuple(self.fields)


@dataclass(frozen=True)
class Table:
    """One sheet of a file: headers (text or lazy translations), rows of cells (read once), a title."""

    headers: Sequence
    rows: Iterable[Sequence]
    title: object = ""


def iterate(objects: QuerySet | Iterable, chunk_size: int = CHUNK_SIZE) -> Iterator:
    """Objects one by one; a queryset is fetched chunk_size rows at a time (a server-side cursor)."""
    if isinstance(objects, QuerySet):
        return objects.iterator(chunk_size=chunk_size)
    return iter(objects)


def batches(objects: QuerySet | Iterable, size: int = CHUNK_SIZE) -> Iterator[list]:
    """Lists of at most `size` objects, for rows that need a few more queries per batch (never one per row)."""
    items = iterate(objects, size)
    while batch := list(itertools.islice(items, size)):
        yield batch


def resource_table(resource, objects, *, title="") -> Table:
    """The objects as the resource's rows (its export_field, i.e. its columns), fetched as they are written."""
    export_fields = resource.get_export_fields()
    if isinstance(objects, QuerySet) and hasattr(resource, "table_rows"):
        # A resource may read its rows faster itself (values, no model instances); the same cells as its columns.
        rows = resource.table_rows(objects)
    else:
        rows = ([resource.export_field(f, obj) for f in export_fields] for obj in iterate(objects))
    return Table(headers=[f.column_name for f in export_fields], rows=rows, title=title)


# --- Writers -----------------------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write() hands back what it was given, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(table: Table) -> Iterator[bytes]:
    """UTF-8 with a BOM, the header line, then the rows ROWS_PER_WRITE at a time."""
    writer = csv.writer(_Echo())
    yield (BOM + writer.writerow([str(h) for h in table.headers])).encode("utf-8")
    rows = iter(table.rows)
    while batch := list(itertools.islice(rows, ROWS_PER_WRITE)):
        yield "".join(writer.writerow([_csv_cell(v) for v in row]) for row in batch).encode("utf-8")


def write_xlsx(tables: Sequence[Table], target) -> None:
    """The tables into `target` (a file object), a sheet each, row by row (XlsxWriter's constant-memory mode: each
    row goes to a temporary file as it is written, so memory stays flat and 100,000 rows take seconds)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            # Text stays text: a cell starting with "=" is never a formula, nor a URL or a number read from a string.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    formats = {
        "header": workbook.add_format({"bold": True}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
    }
    used: set[str] = set()
    for table in tables:
        _write_sheet(workbook.add_worksheet(_sheet_title(table.title, used)), table, formats)
    workbook.close()


def _sheet_title(title, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", " ", str(title or "export")).strip()[:31] or "export"
    name, n = base, 2
    while name in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name)
    return name


def _write_sheet(sheet, table: Table, formats: dict) -> None:
    date_format, datetime_format = formats["date"], formats["datetime"]
    sheet.freeze_panes(1, 0)
    for col, heading in enumerate(table.headers):
        sheet.write_string(0, col, str(heading), formats["header"])
    for r, row in enumerate(table.rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(r, col, value)
            elif isinstance(value, bool):
                sheet.write_boolean(r, col, value)
            elif isinstance(value, int | float | Decimal):
                sheet.write_number(r, col, value)
            elif isinstance(value, datetime.datetime):
                local = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
                sheet.write_datetime(r, col, local, datetime_format)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(r, col, value, date_format)
            else:
                sheet.write_string(r, col, str(value))


# --- Responses ---------------------------------------------------------------------------------------------


def _in_language(language: str, chunks: Iterator[bytes]) -> Iterator[bytes]:
    with translation.override(language):
        yield from chunks


def _headers(response, filename: str, *, public: bool):
    name = get_valid_filename(filename.replace("\\", "/").rsplit("/", 1)[-1])  # no folders, no quotes
    response["Content-Disposition"] = content_disposition_header(not public, name)
    if public:
        # Anyone may fetch the files, from scripts and other sites too.
        response["Access-Control-Allow-Origin"] = "*"
    else:
        response["Cache-Control"] = "no-store"
    return response


def public_file_headers(response, filename: str):
    """The headers of a file anyone may fetch (open data), on a response made elsewhere (a stored file)."""
    return _headers(response, filename, public=True)


def streamed_response(
    chunks: Iterator[bytes], *, content_type: str, filename: str, language: str | None = None, public: bool = False
) -> StreamingHttpResponse:
    """Bytes sent as they are made, rendered in `language` (default: the request's)."""
    response = StreamingHttpResponse(
        _in_language(language or translation.get_language(), chunks), content_type=content_type
    )
    return _headers(response, filename, public=public)


def csv_response(table: Table, filename: str, *, language: str | None = None, public: bool = False):
    return streamed_response(
        csv_chunks(table), content_type=CSV_CONTENT_TYPE, filename=filename, language=language, public=public
    )


def xlsx_response(tables: Sequence[Table], filename: str, *, language: str | None = None) -> FileResponse:
    """The workbook goes to a temporary file (memory while small, disk past SPOOL_BYTES), sent in blocks."""
    target = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - FileResponse closes it
    with translation.override(language or translation.get_language()):
        write_xlsx(tables, target)
    target.seek(0)
    response = FileResponse(target, content_type=XLSX_CONTENT_TYPE)
    return _headers(response, filename, public=False)


def file_name(basename: str, *dates: datetime.date) -> str:
    """basename-YYYYMMDD[-YYYYMMDD…], dated today when no date is given."""
    return "-".join([basename, *(f"{d:%Y%m%d}" for d in dates or [timezone.localdate()])])


def download(tables: Table | Sequence[Table], *, fmt: str, name: str):
    """One table as csv, or one or more as an xlsx workbook (a sheet each), as the file `name`.csv|.xlsx."""
    tables = [tables] if isinstance(tables, Table) else list(tables)
    if fmt == "xlsx":
        return xlsx_response(tables, f"{name}.xlsx")
    if fmt == "csv" and len(tables) == 1:
        return csv_response(tables[0], f"{name}.csv")
    raise ValueError(f"no {fmt} file of {len(tables)} tables")


def export_response(resource, objects, *, fmt: str, basename: str, title=""):
    """The objects through the resource as csv (default) or xlsx, named basename-<today>."""
    table = resource_table(resource, objects, title=title)
    return download(table, fmt="xlsx" if fmt == "xlsx" else "csv", name=file_name(basename))
