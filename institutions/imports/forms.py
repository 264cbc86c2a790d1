"""The register import's forms: the upload, and the confirmation tied to the file that was previewed."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from baodi_care.core.virus_scan import check_clean
from institutions.imports.mapping import field_choices
from institutions.imports.messages import IMPORT_TOO_LARGE, IMPORT_UNSUPPORTED

IMPORT_EMPTY_FILE = _("The file is empty.")
IMPORT_NOT_XLSX = _("This file is not an Excel workbook (.xlsx). Save it as .xlsx or as CSV and upload it again.")
IMPORT_NOT_TEXT = _("This file is not a CSV text file. Save it as CSV (UTF-8) or as .xlsx and upload it again.")
UPLOAD_HELP = _(
    "Excel (.xlsx) or CSV, with the columns of the register export or the register's own (you check the columns on "
    "the next page); at most %(size)s."
)
IMPORT_PREVIEW_STALE = _("The preview you confirmed is not the file waiting to be imported. Look at the preview again.")


class RegisterUploadForm(forms.Form):
    file = forms.FileField(label=_("Register file"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Worded per request (a module-level "%" would freeze the language the server started in).
        self.fields["file"].help_text = UPLOAD_HELP % {"size": filesizeformat(settings.REGISTER_IMPORT_MAX_BYTES)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in (".xlsx", ".csv"):
            raise ValidationError(IMPORT_UNSUPPORTED)
        if not upload.size:
            raise ValidationError(IMPORT_EMPTY_FILE)
        if upload.size > settings.REGISTER_IMPORT_MAX_BYTES:
            limit = settings.REGISTER_IMPORT_MAX_BYTES // (1024 * 1024)
            raise ValidationError(IMPORT_TOO_LARGE, params={"max": limit})
        check_clean(upload)  # the virus scan of every upload (core/virus_scan.py)
        # Judged by content too: an xlsx is a zip archive; a CSV has no NUL bytes.
        upload.seek(0)
        head = upload.read(4096)
        upload.seek(0)
        if suffix == ".xlsx" and not head.startswith(b"PK\x03\x04"):
            raise ValidationError(IMPORT_NOT_XLSX)
        if suffix == ".csv" and b"\x00" in head:
            raise ValidationError(IMPORT_NOT_TEXT)
        return upload


class ConfirmImportForm(forms.Form):
    """Carries the hash of the previewed file: what is confirmed is what was shown; and whether the refused rows are
    left out (the valid rows imported) rather than the whole file refused."""

    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    valid_rows_only = forms.BooleanField(required=False, widget=forms.HiddenInput)


NOT_READ = _("— not read —")


class ColumnMappingForm(forms.Form):
    """One choice per column of the file: the register field it holds, or none (the guess preselected)."""

    def __init__(self, *args, layout, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = layout
        choices = [("", NOT_READ), *field_choices()]
        known = {key for key, _label in choices}
        for column in layout.columns:
            self.fields[f"col_{column.index}"] = forms.ChoiceField(
                label=column.header,
                choices=choices,
                required=False,
                initial=column.key if column.key in known else "",
            )

    def rows(self):
        """(column, bound field) for the template's table."""
        return [(column, self[f"col_{column.index}"]) for column in self.layout.columns]

    def mapping(self) -> dict[str, str]:
        return {column.header: self.cleaned_data.get(f"col_{column.index}", "") for column in self.layout.columns}
