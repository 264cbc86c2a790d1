"""Exports (django-import-export resources): the register, filings, inspections with their items, rectifications,
fee disclosures, operating reports, complaints and statistics tables.

Headers are gettext strings (English msgids, Chinese for users). The resources only turn one object into one
row; supervision.exporting writes the rows (streamed CSV, write-only xlsx), and supervision.views_exports
decides who may export what and starts every export from Model.objects.for_user(user)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from baodi_care.core.resources import _header
from institutions.models import Filing

COLUMNS = (
    "receipt_number", "institution", "uscc", "jurisdiction", "category", "kind", "status", "submitted", "due_date",
    "overdue", "decided",
)  # fmt: skip


def _when(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class FilingResource(resources.ModelResource):
    """One row per filing of the (already scoped and filtered) queryset, with worded values."""

    receipt_number = fields.Field(attribute="receipt_number", column_name=_("Receipt number"))
    institution = fields.Field(column_name=_("Institution"))
    uscc = fields.Field(column_name=_("Credit code"))
    jurisdiction = fields.Field(column_name=_("Jurisdiction"))
    category = fields.Field(column_name=_("Category"))
    kind = fields.Field(column_name=_("Kind"))
    status = fields.Field(column_name=_("Status"))
    submitted = fields.Field(column_name=_("Submitted"))
    due_date = fields.Field(column_name=_("Deadline"))
    overdue = fields.Field(column_name=_("Overdue"))
    decided = fields.Field(column_name=_("Decided"))

    class Meta:
        model = Filing
        fields = COLUMNS
        export_order = COLUMNS

    def __init__(self, today: datetime.date | None = None, **kwargs):
        super().__init__(**kwargs)
        self.today = today or timezone.localdate()

    def dehydrate_receipt_number(self, filing: Filing) -> str:
        return filing.receipt_number or ""

    def dehydrate_institution(self, filing: Filing) -> str:
        return filing.institution.name

    def dehydrate_uscc(self, filing: Filing) -> str:
        return filing.institution.uscc

    def dehydrate_jurisdiction(self, filing: Filing) -> str:
        return filing.institution.jurisdiction.name

    def dehydrate_category(self, filing: Filing) -> str:
        return str(filing.institution.get_category_display())

    def dehydrate_kind(self, filing: Filing) -> str:
        return str(filing.get_kind_display())

    def dehydrate_status(self, filing: Filing) -> str:
        return str(filing.get_status_display())

    def dehydrate_submitted(self, filing: Filing) -> str:
        return _when(filing.submitted_at)

    def dehydrate_due_date(self, filing: Filing) -> str:
        return filing.due_date.isoformat() if filing.due_date else ""

    def dehydrate_overdue(self, filing: Filing) -> str:
        return str(_("Yes") if filing.is_overdue(self.today) else _("No"))

    def dehydrate_decided(self, filing: Filing) -> str:
        return _when(filing.decided_at)


FILING_EXTRA_COLUMNS = ("jurisdiction_code", "first_submitted", "round", "decision_reason")


class FilingExportResource(FilingResource):
    """The work list's columns and what a report to the city also asks: code, first submission, rounds, reasons."""

    jurisdiction_code = fields.Field(column_name=_("Jurisdiction code"))
    first_submitted = fields.Field(column_name=_("First submitted"))
    round = fields.Field(column_name=_header(Filing, "round"))
    decision_reason = fields.Field(column_name=_header(Filing, "decision_reason"))

    class Meta:
        model = Filing
        fields = COLUMNS + FILING_EXTRA_COLUMNS
        export_order = (*COLUMNS[:4], "jurisdiction_code", *COLUMNS[4:], *FILING_EXTRA_COLUMNS[1:])

    def dehydrate_jurisdiction_code(self, filing: Filing) -> str:
        return filing.institution.jurisdiction.code

    def dehydrate_first_submitted(self, filing: Filing) -> str:
        return _when(filing.first_submitted_at)

    def dehydrate_round(self, filing: Filing) -> int:
        return filing.round

    def dehydrate_decision_reason(self, filing: Filing) -> str:
        return filing.decision_reason
