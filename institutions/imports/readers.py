"""The uploaded register as a table of text cells, from xlsx or csv."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import re
import struct
import unicodedata
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from baodi_care.core.spreadsheets import unescape_formula
from institutions.imports.messages import (
    IMPORT_TOO_LARGE,
    IMPORT_TOO_MANY_ROWS,
    IMPORT_UNREADABLE,
    IMPORT_UNSUPPORTED,
    IMPORT_ZIP_TOO_BIG,
)

# The limits (file size, rows, what an xlsx may unpack to and how many parts it may hold: a "zip bomb") are
# settings: REGISTER_IMPORT_*.
END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"


def _normal(text) -> str:
    """A header or a value as it is compared: without spaces (full-width ones too), full-width letters, digits and
    brackets as their ASCII forms, case-folded."""
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", str(text or "")).replace("\ufeff", "")).casefold()


class Table(list):
    """The non-empty rows of a file, each a list of cells; `lines` holds each row's line number in the file (a blank
    line or a title above the header does not shift the line numbers the preview and the error file give)."""

    lines: list[int]


def read_table(*, data: bytes, file_name: str) -> Table:
    """The cells of the first sheet (xlsx) or of the file (csv), row by row; ValidationError if unreadable."""
    if len(data) > settings.REGISTER_IMPORT_MAX_BYTES:
        raise ValidationError(IMPORT_TOO_LARGE, params={"max": settings.REGISTER_IMPORT_MAX_BYTES // (1024 * 1024)})
    suffix = Path(file_name).suffix.lower()
    if suffix == ".xlsx":
        rows = _read_xlsx(data)
    elif suffix == ".csv":
        rows = _read_csv(data)
    else:
        raise ValidationError(IMPORT_UNSUPPORTED)
    kept = [(line, row) for line, row in enumerate(rows, start=1) if any(_cell_text(cell) for cell in row)]
    if len(kept) > settings.REGISTER_IMPORT_MAX_ROWS + 1:
        raise ValidationError(IMPORT_TOO_MANY_ROWS, params={"max": settings.REGISTER_IMPORT_MAX_ROWS})
    table = Table(row for _line, row in kept)
    table.lines = [line for line, _row in kept]
    return table


def _read_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    unreadable = ValidationError(IMPORT_UNREADABLE, params={"kind": "Excel (.xlsx)"})
    buffer = io.BytesIO(data)
    _check_zip(data, buffer, unreadable)
    try:
        workbook = load_workbook(buffer, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged or foreign file
        raise unreadable from exc
    try:
        sheet = workbook.worksheets[0]
        rows = [
            list(row)
            for row in itertools.islice(sheet.iter_rows(values_only=True), settings.REGISTER_IMPORT_MAX_ROWS + 2)
        ]
    except Exception as exc:
        raise unreadable from exc
    finally:
        workbook.close()
    return rows


def _check_zip(data: bytes, buffer: io.BytesIO, unreadable: ValidationError) -> None:
    """Before openpyxl reads anything: at most REGISTER_IMPORT_MAX_ZIP_ENTRIES parts, unpacking to at most
    REGISTER_IMPORT_MAX_UNPACKED_BYTES.

    The count is read from the archive's end record first, so that a file of a million tiny entries is refused
    before zipfile builds a list of them; the sizes are the declared ones, which zipfile never reads past.
    """
    too_big = ValidationError(
        IMPORT_ZIP_TOO_BIG,
        code="zip_too_big",
        params={
            "entries": settings.REGISTER_IMPORT_MAX_ZIP_ENTRIES,
            "size": settings.REGISTER_IMPORT_MAX_UNPACKED_BYTES // (1024 * 1024),
        },
    )
    end = data.rfind(END_OF_CENTRAL_DIRECTORY, max(0, len(data) - 65_557))  # 22 bytes + the longest comment
    if end < 0 or len(data) < end + 22:
        raise unreadable
    (declared,) = struct.unpack_from("<H", data, end + 10)  # entries in the central directory (0xFFFF: zip64)
    if declared > settings.REGISTER_IMPORT_MAX_ZIP_ENTRIES:
        raise too_big
    try:
        with zipfile.ZipFile(buffer) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise unreadable from exc
    if (
        len(entries) > settings.REGISTER_IMPORT_MAX_ZIP_ENTRIES
        or sum(info.file_size for info in entries) > settings.REGISTER_IMPORT_MAX_UNPACKED_BYTES
    ):
        raise too_big
    buffer.seek(0)


def _read_csv(data: bytes) -> list[list]:
    # Excel on a Chinese Windows saves "CSV" in GB18030 (GBK); the export writes UTF-8 with a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(IMPORT_UNREADABLE, params={"kind": "CSV"})
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first_line.count)
    try:
        return list(
            itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), settings.REGISTER_IMPORT_MAX_ROWS + 2)
        )
    except csv.Error as exc:
        raise ValidationError(IMPORT_UNREADABLE, params={"kind": "CSV"}) from exc


def _cell_text(value) -> str:
    """A cell as text: numbers without a spurious '.0', dates in ISO form, the export's formula escape removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    # Full-width spaces (U+3000) and runs of spaces, as clerks type them, are one space; the formula escape the
    # export adds (baodi_care.core.spreadsheets.escape_formula) is taken off again.
    return unescape_formula(re.sub(r"\s+", " ", str(value)).strip())
