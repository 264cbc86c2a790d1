from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from import_export import fields

from baodi_care.core.resources import RowsResource
from institutions.models import Institution
from institutions.register.columns import REGISTER_COLUMNS, export_value


class InstitutionResource(RowsResource):
    """The institution register in the columns of institutions.importing.REGISTER_COLUMNS (the import reads them).

    Logged-in staff only: the address of a 家庭托育点 (somebody's home) is in it, unlike in the open data.
    Rows come from institutions.importing.register_queryset() (jurisdiction and seats in the same query).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for column in REGISTER_COLUMNS:
            self.fields[column.key] = fields.Field(
                column_name=column.header, dehydrate_method=lambda obj, c=column: export_value(c, obj)
            )


class InstitutionColumnsMixin:
    """Institution, credit code, jurisdiction and its code, from `institution_path` (select_related)."""

    institution_path: tuple[str, ...] = ("institution",)

    def _institution(self, obj) -> Institution:
        for name in self.institution_path:
            obj = getattr(obj, name)
        return obj

    def dehydrate_institution(self, obj) -> str:
        return self._institution(obj).name

    def dehydrate_uscc(self, obj) -> str:
        return self._institution(obj).uscc

    def dehydrate_jurisdiction_code(self, obj) -> str:
        return self._institution(obj).jurisdiction.code

    def dehydrate_jurisdiction(self, obj) -> str:
        return self._institution(obj).jurisdiction.name


def _institution_fields() -> dict:
    return {
        "institution": fields.Field(column_name=_("Institution")),
        "uscc": fields.Field(column_name=_("Credit code")),
        "jurisdiction_code": fields.Field(column_name=_("Jurisdiction code")),
        "jurisdiction": fields.Field(column_name=_("Jurisdiction")),
    }
