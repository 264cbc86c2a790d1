"""The audit pages as rows: the security log's columns and a trail's. baodi_care.core.spreadsheets writes the file."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.security_log.models import SecurityLog
from baodi_care.core.spreadsheets import RowsResource, column, field_columns, text
from supervision.audit.trails import Trail


class SecurityLogResource(RowsResource):
    def columns(self):
        return [
            column(_("When"), lambda entry: text(entry.at)),
            *field_columns(
                SecurityLog,
                "username",
                "address",
                "action",
                "outcome",
                "object_type",
                "object_id",
                "object_label",
                "path",
                "detail",
            ),
        ]


class TrailResource(RowsResource):
    def __init__(self, trail: Trail, **kwargs):
        self.trail = trail
        super().__init__(**kwargs)

    def columns(self):
        trail = self.trail
        # The rows come through selectors.for_display, which sets what each column shows.
        columns = [
            column(_("When"), lambda row: text(row.when)),
            column(_("By whom"), "who_name"),
            column(_("Type"), "type_label"),
            column(_("Institution"), "institution_name"),
            column(_("Concerning"), "subject"),
        ]
        if trail.history:
            columns += [
                column(_("Changed fields"), lambda row: ", ".join(row.changes)),
                column(_("Reason"), lambda row: row.history_change_reason or ""),
            ]
        else:
            columns += [
                column(_("From"), lambda row: row.get_from_status_display()),
                column(_("To"), lambda row: row.get_to_status_display()),
                column(_("Note"), lambda row: row.note),
            ]
        return columns
