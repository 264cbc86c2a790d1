"""Which row of a file is its header, and which portal field each of its columns means.

Registers come as their senders keep them: a title or notes above the header, headers of their own (机构注册登记名称,
所属街道（镇）…). The header is the row among the first HEADER_SEARCH_ROWS whose cells name the most fields; each
column is guessed from its header (the export's headers in every language, and the synonyms of parser.ALIASES), a
few ambiguous headers (parser.WEAK_ALIASES) from their values too. A clerk corrects the guess on the preview; the
corrected mapping is saved, keyed by the file's set of headers, and read first for the next file with them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import User
from institutions.imports.parser import IMPORT_COLUMNS, IMPORT_COLUMNS_BY_KEY, WEAK_ALIASES, _header_lookup, _Parser
from institutions.imports.readers import _cell_text, _normal
from institutions.models import ColumnMapping

HEADER_SEARCH_ROWS = 10
# A weak header names a field when this share of its (first VALUE_SAMPLE) values are values of that field.
WEAK_SHARE = 0.8
VALUE_SAMPLE = 50

# How a column's field was decided (shown beside it on the preview).
BY_HEADER, BY_VALUES, BY_SAVED, BY_CHOICE, UNREAD = "header", "values", "saved", "chosen", ""
HOW_LABELS = {
    BY_HEADER: _("recognised from the header"),
    BY_VALUES: _("guessed from the header and its values"),
    BY_SAVED: _("as saved for these headers"),
    BY_CHOICE: _("as you chose"),
    UNREAD: _("not read"),
}
UNKNOWN_FIELD = _("“%(field)s” is not a field of the register. Use one of: %(fields)s.")
MAPPED_TWICE = _("The columns “%(first)s” and “%(second)s” are both mapped to “%(field)s”: map one of them only.")


@dataclass
class MappedColumn:
    index: int
    header: str
    key: str = ""  # the field (an IMPORT_COLUMNS key), "" when the column is not read
    how: str = UNREAD

    @property
    def how_label(self) -> str:
        return str(HOW_LABELS[self.how])

    @property
    def field_label(self) -> str:
        return str(IMPORT_COLUMNS_BY_KEY[self.key].header) if self.key else ""


@dataclass
class Layout:
    """Where the header is and what each column means."""

    header_row: int = 0  # index among the table's rows
    header_line: int = 1  # line of the file
    columns: list[MappedColumn] = field(default_factory=list)
    signature: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def positions(self) -> dict[str, int]:
        return {c.key: c.index for c in self.columns if c.key}

    @property
    def ignored(self) -> list[str]:
        return [c.header for c in self.columns if not c.key]

    @property
    def derived(self) -> set[str]:
        """Columns the export writes and the import does not read back (its id, the registration authority)."""
        return {c.header for c in self.columns if c.key and IMPORT_COLUMNS_BY_KEY[c.key].kind == "derived"}

    @property
    def mapping(self) -> dict[str, str]:
        return {c.header: c.key for c in self.columns}


def field_choices() -> list[tuple[str, str]]:
    """The fields a column may be mapped to (the id of the export is never read back)."""
    return [(c.key, str(c.header)) for c in IMPORT_COLUMNS if c.kind != "derived"]


def signature(headers: list[str]) -> str:
    """The key of a saved mapping: the file's headers as a set (their order may change from file to file)."""
    names = sorted({_normal(h) for h in headers if h})
    return hashlib.sha256("\x1f".join(names).encode()).hexdigest()


def saved_mapping(signature_: str, by: User) -> ColumnMapping | None:
    """The clerk's own mapping for these headers, else the latest one saved in the district."""
    rows = ColumnMapping.objects.filter(signature=signature_)
    return rows.filter(saved_by=by).first() or rows.first()


def _score(row: list, lookup: dict[str, str]) -> int:
    weak = {_normal(name) for name in WEAK_ALIASES}
    return sum(1 for cell in row if (text := _normal(_cell_text(cell))) and (text in lookup or text in weak))


def find_header_row(rows: list[list], lookup: dict[str, str] | None = None) -> int:
    """The row among the first HEADER_SEARCH_ROWS that names the most fields (the first row if none names two)."""
    lookup = lookup if lookup is not None else _header_lookup()
    best, best_score = 0, 1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = _score(row, lookup)
        if score > best_score:
            best, best_score = index, score
    return best


def _weak_guess(candidates: tuple[str, ...], values: list[str], parser: _Parser) -> str:
    filled = [v for v in values if v]
    if not filled:
        return ""
    for key in candidates:
        column = IMPORT_COLUMNS_BY_KEY[key]
        if column.kind == "text":
            return key  # any value is a text: the last resort of the candidates (举办方 as the 举办者's name)
        fitting = 0
        for value in filled:
            try:
                parser.choice(column, value)
                fitting += 1
            except ValidationError:
                pass
        if fitting >= WEAK_SHARE * len(filled):
            return key
    return ""


def guess_layout(rows: list[list], *, by: User, mapping: dict[str, str] | None = None, parser=None) -> Layout:
    """Find the header and decide each column: `mapping` (header → field key, "" for not read) as the clerk chose
    it; else the mapping saved for these headers; else the guess from headers and values."""
    lookup = _header_lookup()
    layout = Layout()
    if not rows:
        return layout
    layout.header_row = find_header_row(rows, lookup)
    lines = getattr(rows, "lines", None)
    layout.header_line = lines[layout.header_row] if lines else layout.header_row + 1
    headers = [_cell_text(cell) for cell in rows[layout.header_row]]
    layout.signature = signature(headers)
    chosen, how_chosen = mapping, BY_CHOICE
    if chosen is None:
        saved = saved_mapping(layout.signature, by)
        chosen, how_chosen = (saved.mapping, BY_SAVED) if saved else (None, UNREAD)
    known = {key for key, _label in field_choices()}
    sample = rows[layout.header_row + 1 : layout.header_row + 1 + VALUE_SAMPLE]
    parser = parser or _Parser([])
    taken: dict[str, MappedColumn] = {}
    for index, text in enumerate(headers):
        if not text:
            continue
        column = MappedColumn(index=index, header=text)
        layout.columns.append(column)
        if chosen is not None and text in chosen:
            key = chosen[text] or ""
            if key and key not in known:
                labels = "、".join(label for _key, label in field_choices())
                layout.errors.append(str(UNKNOWN_FIELD) % {"field": key, "fields": labels})
                continue
            column.key, column.how = key, how_chosen
            if key in taken:
                layout.errors.append(
                    str(MAPPED_TWICE)
                    % {"first": taken[key].header, "second": text, "field": IMPORT_COLUMNS_BY_KEY[key].header}
                )
                continue
        else:
            key = lookup.get(_normal(text), "")
            how = BY_HEADER
            if not key and _normal(text) in {_normal(n) for n in WEAK_ALIASES}:
                weak = next(v for n, v in WEAK_ALIASES.items() if _normal(n) == _normal(text))
                values = [_cell_text(row[index]) if index < len(row) else "" for row in sample]
                key, how = _weak_guess(weak, values, parser), BY_VALUES
            if not key or key in taken:
                continue  # of two columns for one field, the first is read
            column.key, column.how = key, how
        taken[column.key] = column
    return layout
