"""Writing millions of rows fast: PostgreSQL's COPY … FROM STDIN, or executemany on SQLite.

The scale generator names the rows it makes as dicts of column values (attnames: `institution_id`, not
`institution`); a `Table` fills in every other column's default, numbers the rows itself (so that children can
point at their parents before anything is written) and sends them in batches. Nothing here calls `save()`, signals
or history: it is a loader for benchmarks, not a way to change data the portal serves.
"""

from __future__ import annotations

import datetime
import decimal
import io
import json
from collections.abc import Callable

from django.db import connection, models
from django.db.models import Max

BATCH = 50_000


def _copy_text(value) -> str:
    """One value in COPY's text format (NULL is \\N; backslash, tab, line breaks escaped)."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, datetime.datetime | datetime.date):
        value = value.isoformat()
    elif not isinstance(value, str):
        value = str(value)
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Table:
    """The rows of one model, written in batches. `add(**values)` returns the new row's id."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.columns = [f.column for f in self.fields]
        self.defaults: list[Callable[[], object] | None] = [self._default(f) for f in self.fields]
        self.pk = model._meta.pk.attname
        self.next_id = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.rows: list[tuple] = []
        self.written = 0
        self._attnames = [f.attname for f in self.fields]

    @staticmethod
    def _default(field: models.Field) -> Callable[[], object] | None:
        """What a column not named in `add` holds: the field's default, "" for a text column that takes no NULL
        (as a form leaves it), else NULL."""
        if field.has_default():
            return field.get_default
        if not field.null and isinstance(field, models.CharField | models.TextField):
            return str
        return None

    def add(self, **values) -> int:
        row_id = values.setdefault(self.pk, self.next_id)
        self.next_id = max(self.next_id, row_id + 1)
        row = []
        for name, default in zip(self._attnames, self.defaults, strict=True):
            if name in values:
                row.append(values[name])
            elif default is not None:
                row.append(default())
            else:
                row.append(None)
        self.rows.append(tuple(row))
        if len(self.rows) >= BATCH:
            self.flush()
        return row_id

    def flush(self) -> None:
        if not self.rows:
            return
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                for row in self.rows:
                    buffer.write("\t".join(_copy_text(v) for v in row))
                    buffer.write("\n")
                buffer.seek(0)
                cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
            else:
                prepared = [
                    tuple(f.get_db_prep_save(v, connection) for f, v in zip(self.fields, row, strict=True))
                    for row in self.rows
                ]
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", prepared)  # noqa: S608
        self.written += len(self.rows)
        self.rows = []

    def finish(self) -> int:
        """Write what is left and move the table's id sequence past the ids used here (PostgreSQL)."""
        self.flush()
        if connection.vendor == "postgresql" and self.written:
            table = self.model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                    [table, self.model._meta.pk.column, self.next_id - 1],
                )
        return self.written


def as_decimal(value: float, places: int = 2) -> decimal.Decimal:
    return decimal.Decimal(value).quantize(decimal.Decimal(10) ** -places)
