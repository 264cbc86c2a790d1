"""The dashboard's tables as files: one figure as csv or xlsx, or several in one workbook (a sheet each).

The dashboard page (supervision.statistics.views) and the exports page (supervision.exports.views) both download
through figures_download, within the user's scope and the filters of the page."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from baodi_care.core import spreadsheets
from supervision.statistics.registry import Figure
from supervision.statistics.scope import Filters
from supervision.statistics.snapshots import figures_rows


def worded(value, kind: str) -> str | None:
    """Yes/no and target met/not met in words (the page and the files say the same); None for other kinds."""
    if kind == "bool":
        return spreadsheets.yes_no(value)
    if kind == "met":
        return str(_("Met") if value else _("Not met"))
    return None


def _table_cell(value, kind: str):
    """Numbers stay numbers; yes/no and target met/not met are worded; nothing computed stays empty."""
    if value is None:
        return None
    words = worded(value, kind)
    if words is not None:
        return words
    if isinstance(value, bool | int | float | Decimal):
        return value
    return str(value)


class TableResource(spreadsheets.RowsResource):
    """A table of figures (a list of dicts from supervision.statistics.figures) in the figure's columns."""

    def __init__(self, figure_columns, **kwargs):
        self.figure_columns = figure_columns
        super().__init__(**kwargs)

    def columns(self):
        return [
            spreadsheets.column(c.label, lambda row, c=c: _table_cell(row.get(c.key), c.kind))
            for c in self.figure_columns
        ]


def figures_download(figures: Sequence[Figure], *, user, filters: Filters, fmt: str, name: str):
    """The figures' tables for this user and these filters, as `name`-<period>.csv (one figure) or .xlsx."""
    rows = figures_rows(figures, user=user, filters=filters).rows
    tables = [
        spreadsheets.resource_table(TableResource(figure.columns), rows[figure.slug], title=figure.title)
        for figure in figures
    ]
    return spreadsheets.download(tables, fmt=fmt, name=spreadsheets.file_name(name, filters.start, filters.end))
