from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from import_export import fields

from baodi_care.core.resources import RowsResource, _yes_no


class TableResource(RowsResource):
    """A table of figures (a list of dicts from supervision.dashboard) in the figure's columns (key, label, kind)."""

    def __init__(self, columns, **kwargs):
        super().__init__(**kwargs)
        for column in columns:
            self.fields[column.key] = fields.Field(
                column_name=column.label, dehydrate_method=lambda row, c=column: _table_cell(row.get(c.key), c.kind)
            )


def _table_cell(value, kind: str):
    """Numbers stay numbers; yes/no and target met/not met are worded; nothing computed stays empty."""
    if value is None:
        return None
    if kind == "bool":
        return _yes_no(value)
    if kind == "met":
        return str(_("Met") if value else _("Not met"))
    if isinstance(value, bool | int | float | Decimal):
        return value
    return str(value)
