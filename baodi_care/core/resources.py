from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export import resources


def _header(model, name: str):
    """A column header from the model's own verbose name (translated with it)."""
    return capfirst(model._meta.get_field(name).verbose_name)


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else (value or "")


def _yes_no(value: bool) -> str:
    return str(_("Yes") if value else _("No"))


class RowsResource(resources.Resource):
    """A resource whose columns are declared one by one with dehydrate_* methods, in declaration order."""

    def get_export_order(self):
        return tuple(self.fields)
