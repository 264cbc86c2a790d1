"""The register as rows of a spreadsheet (the register export)."""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext_lazy as _

from baodi_care.core.spreadsheets import RowsResource, column
from institutions.register.columns import REGISTER_COLUMNS, export_rows, export_value


class InstitutionResource(RowsResource):
    """The institution register in the columns of institutions.register.columns.REGISTER_COLUMNS (the import reads
    them).

    Logged-in staff only: the address of a 家庭托育点 (somebody's home) is in it, unlike in the open data.
    Rows come from institutions.register.columns.register_queryset() (jurisdiction and seats in the same query).
    """

    def columns(self):
        return [column(c.header, partial(export_value, c)) for c in REGISTER_COLUMNS]

    def table_rows(self, queryset):
        """The same cells as the columns, read without a model instance per row (baodi_care.core.spreadsheets)."""
        return export_rows(queryset)


INSTITUTION_COLUMNS = {
    "institution": (_("Institution"), "name"),
    "uscc": (_("Credit code"), "uscc"),
    "jurisdiction_code": (_("Jurisdiction code"), "jurisdiction.code"),
    "jurisdiction": (_("Jurisdiction"), "jurisdiction.name"),
}


def institution_columns(path: str, *names: str) -> list:
    """Columns of the row's institution (at the attribute path `path`, select_related): the ones named, in that
    order, or institution, credit code, jurisdiction code and jurisdiction."""
    return [
        column(heading, f"{path}.{attribute}")
        for heading, attribute in (INSTITUTION_COLUMNS[name] for name in names or INSTITUTION_COLUMNS)
    ]
