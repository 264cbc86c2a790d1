"""The filings as rows: the work list's download (FilingResource) and the filings export (FilingExportResource).

Headers are gettext strings (English msgids, Chinese for users). The cells are text as the work list shows them
(times to the minute in local time), in the xlsx too. baodi_care.core.spreadsheets writes the file."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.core.spreadsheets import RowsResource, column, field_columns, text, yes_no
from institutions.models import Filing
from institutions.register.resources import institution_columns


class FilingResource(RowsResource):
    """One row per filing of the (already scoped and filtered) queryset, with worded values."""

    def __init__(self, today: datetime.date | None = None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(**kwargs)

    def columns(self):
        return [
            column(_("Receipt number"), lambda filing: filing.receipt_number or ""),
            *institution_columns("institution", "institution", "uscc", "jurisdiction"),
            column(_("Category"), lambda filing: str(filing.institution.get_category_display())),
            column(_("Kind"), lambda filing: str(filing.get_kind_display())),
            column(_("Status"), lambda filing: str(filing.get_status_display())),
            column(_("Submitted"), lambda filing: text(filing.submitted_at)),
            column(_("Materials received"), lambda filing: text(filing.received_on)),
            column(_("Receipt due"), lambda filing: text(filing.receipt_due)),
            column(_("Answer with reasons due"), lambda filing: text(filing.answer_due)),
            column(_("Overdue"), lambda filing: yes_no(filing.is_overdue(self.today))),
            column(_("Decided"), lambda filing: text(filing.decided_at)),
        ]


class FilingExportResource(FilingResource):
    """The work list's columns and what a report to the city also asks: code, first submission, rounds, reasons."""

    def columns(self):
        work_list = super().columns()
        return [
            *work_list[:4],
            *institution_columns("institution", "jurisdiction_code"),
            *work_list[4:],
            column(_("First submitted"), lambda filing: text(filing.first_submitted_at)),
            *field_columns(Filing, "round", "decision_reason"),
        ]
