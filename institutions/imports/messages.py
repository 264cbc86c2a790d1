"""The texts of the register import (for the parser, the plan, the services): refusals, row errors, warnings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

IMPORT_UNSUPPORTED = _("Upload an Excel workbook (.xlsx) or a CSV file (.csv).")
IMPORT_UNREADABLE = _("The file could not be read as %(kind)s. Save it again from Excel or WPS and upload it again.")
IMPORT_TOO_LARGE = _("The file is larger than %(max)s MB; split the register into several files.")
IMPORT_TOO_MANY_ROWS = _("The file has more than %(max)s rows; split the register into several files.")
IMPORT_EMPTY = _("The file has no rows to import.")
IMPORT_MISSING_COLUMNS = _(
    "These columns are missing: %(columns)s. Map the file's columns to them below, or use the columns of the register "
    "export."
)
IMPORT_DUPLICATE_COLUMN = _("The column “%(column)s” appears twice.")
IMPORT_HAS_ERRORS = _("Nothing was imported: %(count)s row(s) have errors. Correct the file and upload it again.")
IMPORT_NOTHING_VALID = _("Nothing was imported: every row of the file is refused.")
IMPORT_CHANGED_MEANWHILE = _(
    "The register changed while you were looking at the preview (credit code %(uscc)s). Nothing was imported; "
    "look at the preview again."
)
IMPORT_NOT_ALLOWED = _("Only the health commission can import the register.")
IMPORT_FILE_GONE = _("The uploaded file is no longer available or has changed. Upload it again.")

# Errors of a row: with one of them in the file, nothing is imported.
REQUIRED_MISSING = _("“%(column)s” is required.")
BAD_CHOICE = _("“%(value)s” is not a valid value for “%(column)s”. Use one of: %(choices)s.")
BAD_YES_NO = _("“%(value)s” in “%(column)s”: write 是 or 否 (yes or no).")
BAD_NUMBER = _("“%(value)s” in “%(column)s” is not a whole number of 0 or more.")
BAD_DECIMAL = _("“%(value)s” in “%(column)s” is not a number of 0 or more.")
BAD_DATE = _("“%(value)s” in “%(column)s” is not a date (write it as 2025-06-30).")
DUPLICATE_USCC = _("The credit code %(uscc)s is also on line %(line)s of this file.")
UNKNOWN_JURISDICTION = _("Unknown jurisdiction “%(value)s”: use a Baodi sub-district or town, by code or by name.")
JURISDICTION_MISMATCH = _("The jurisdiction code %(code)s is not “%(name)s”.")
SEATS_TOTAL_MISMATCH = _("“%(column)s” is %(total)s, but the seats by class type add up to %(sum)s.")
STATUS_NOT_IMPORTABLE = _("“%(status)s” cannot be imported: an institution enters it only through a change filing.")
FIELD_ERROR = _("%(column)s: %(message)s")

# Warnings do not stop an import: the portal keeps its own value and says so.
STATUS_KEPT = _(
    "The status differs from the portal's (“%(portal)s”); statuses change only through filings, so it is kept."
)
DESIGNATION_KEPT = _(
    "%(column)s differs from the portal's; this status is granted by the health commission on the portal's "
    "applications page, not imported, so it is kept."
)
SEATS_KEPT = _(
    "The seats differ from the portal's (%(portal)s); seats follow the institution's classes and change "
    "through a change filing, so they are kept."
)
IDENTITY_KEPT = _(
    "%(fields)s differ from the portal's; the institution is filed, so they change only through its change filing "
    "(变更备案) and are kept."
)
INCOMPLETE = _(
    "The file does not give %(fields)s: the institution is imported as incomplete, and its operator completes it "
    "after claiming it."
)
SEATS_WITHOUT_TYPES = _("Only a total of seats is given: no classes are created. Give the seats by class type.")
IMPORT_ZIP_TOO_BIG = _(
    "The workbook holds more than %(entries)s parts or unpacks to more than %(size)s MB, far more than a register "
    "needs. Copy the register sheet alone into a new workbook and upload that."
)
