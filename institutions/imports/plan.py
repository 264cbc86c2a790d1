"""Import of an existing register from xlsx or csv (登记和备案办法 Art. 6), with a dry run first.

The columns are those of the register export (institutions.register.resources.InstitutionResource builds its
columns from REGISTER_COLUMNS), so an exported file imports back unchanged. A file is read in full, every row is
checked, and the plan says per row what would happen: create, update (matched by credit code, with the fields
that change), skip (identical) or error. Only a plan without errors can run, and it runs all-or-nothing.

Headers and values are recognised in every language of the portal (a file exported in English imports as well
as one in Chinese), and by the Chinese terms of the registers kept before the portal (ALIASES below)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baodi_care.accounts.models import Jurisdiction, User
from baodi_care.core.spreadsheets import header, yes_no
from institutions.choices import CLASS_SIZE_CAP, DESIGNATION_FIELDS, InstitutionStatus
from institutions.imports.mapping import Layout, guess_layout
from institutions.imports.messages import (
    DESIGNATION_KEPT,
    DUPLICATE_USCC,
    FIELD_ERROR,
    IDENTITY_KEPT,
    IMPORT_EMPTY,
    IMPORT_MISSING_COLUMNS,
    IMPORT_NOT_ALLOWED,
    INCOMPLETE,
    REQUIRED_MISSING,
    SEATS_KEPT,
    SEATS_TOTAL_MISMATCH,
    SEATS_WITHOUT_TYPES,
    STATUS_KEPT,
    STATUS_NOT_IMPORTABLE,
)
from institutions.imports.parser import (
    CLASS_NAMES,
    IMPORT_COLUMNS_BY_KEY,
    REGISTRATION_COLUMNS,
    SERVICE_FORM_FIELDS,
    _display,
    _Parser,
    legal_form_from_uscc,
)
from institutions.imports.readers import _cell_text
from institutions.models import Institution, validate_uscc
from institutions.permissions import can_import_register
from institutions.register import services
from institutions.register.columns import COLUMNS_BY_KEY, REGISTER_COLUMNS, SEAT_COLUMNS, Column, register_queryset
from institutions.register.selectors import WANTED_FACTS, identity_changes, identity_lock, missing_fields

# What a row must give to be imported at all: who it is and where (the 街镇, by code or name: checked apart).
IDENTIFYING = ("name", "uscc")
# What the portal wants of a new institution but a register may lack: without it the institution is imported as
# incomplete, for its operator to complete once it has claimed it (register/selectors.WANTED_FACTS).
WANTED = tuple(key for key in WANTED_FACTS)

CREATE, UPDATE, SKIP, ERROR = "create", "update", "skip", "error"

ACTION_LABELS = {
    CREATE: _("Create"),
    UPDATE: _("Update"),
    SKIP: _("Unchanged"),
    ERROR: pgettext_lazy("import row", "Refused"),
}


@dataclass
class PlannedRow:
    line: int
    uscc: str = ""
    name: str = ""
    action: str = ERROR
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)  # {label, before, after} for an update
    values: dict = field(default_factory=dict)  # model field → value (create: all; update: the changed ones)
    status: str = InstitutionStatus.DRAFT
    classes: list[dict] = field(default_factory=list)
    institution: Institution | None = None
    registration: dict = field(default_factory=dict)  # Registration field → value (update: the changed ones)
    missing: list[Column] = field(default_factory=list)  # facts a new institution lacks (it is then incomplete)
    cells: list[str] = field(default_factory=list)  # the row as the file has it (for the file of refused rows)

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])

    @property
    def status_label(self) -> str:
        return str(InstitutionStatus(self.status).label) if self.status in InstitutionStatus.values else ""

    @property
    def seat_total(self) -> int:
        return sum(c["seats"] for c in self.classes)


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    layout: Layout = field(default_factory=Layout)
    absent: list[Column] = field(default_factory=list)  # wanted columns the file does not have

    @property
    def importable(self) -> int:
        """Rows the import would write or leave as they are (every row but the refused)."""
        return len(self.rows) - self.error_count

    @property
    def can_import_valid_rows(self) -> bool:
        """Some rows are refused and some are not: the clerk may import those and leave the refused ones."""
        return not self.file_errors and bool(self.error_count) and bool(self.importable)

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self._count(action) for action in (CREATE, UPDATE, SKIP, ERROR)}

    @property
    def error_count(self) -> int:
        return self._count(ERROR)

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and not self.error_count and bool(self.rows)

    def by_action(self, action: str) -> list[PlannedRow]:
        return [row for row in self.rows if row.action == action]


def _messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def plan_import(*, rows: list[list], by: User, lock: bool = False, mapping: dict[str, str] | None = None) -> ImportPlan:
    """What importing these rows would do, row by row (a dry run: nothing is written). `mapping` (header → field
    key) is the clerk's choice of columns; without it the saved mapping for these headers, or the guess, is used."""
    if not can_import_register(by):
        raise PermissionDenied(IMPORT_NOT_ALLOWED)
    plan = ImportPlan()
    parser = _Parser(Jurisdiction.objects.all())
    layout = guess_layout(rows, by=by, mapping=mapping, parser=parser)
    plan.layout = layout
    plan.file_errors.extend(layout.errors)
    if len(rows) < layout.header_row + 2:
        plan.file_errors.append(str(IMPORT_EMPTY))
        return plan
    plan.ignored_columns = layout.ignored
    positions = layout.positions
    missing = [COLUMNS_BY_KEY[key] for key in IDENTIFYING if key not in positions]
    if "jurisdiction_code" not in positions and "jurisdiction" not in positions:
        missing.append(COLUMNS_BY_KEY["jurisdiction"])
    if missing:
        plan.file_errors.append(str(IMPORT_MISSING_COLUMNS) % {"columns": "、".join(str(c.header) for c in missing)})
    if plan.file_errors:
        return plan
    plan.absent = [c for c in REGISTER_COLUMNS if c.key in WANTED and c.key not in positions]

    lines = getattr(rows, "lines", None) or list(range(1, len(rows) + 1))
    records = []
    for offset, row in enumerate(rows[layout.header_row + 1 :], start=layout.header_row + 1):
        cells = {key: _cell_text(row[i]) if i < len(row) else "" for key, i in positions.items()}
        records.append((lines[offset], cells, row))
    usccs = {_clean_uscc(cells.get("uscc", "")) for _line, cells, _row in records}
    existing = _existing(usccs - {""}, by=by, lock=lock)
    seen: dict[str, int] = {}
    for line, cells, row in records:
        planned = _plan_row(line, cells, parser, existing)
        planned.cells = [_cell_text(cell) for cell in row]
        if planned.uscc and _is_valid_uscc(planned.uscc):
            if planned.uscc in seen:
                planned.errors.insert(0, str(DUPLICATE_USCC) % {"uscc": planned.uscc, "line": seen[planned.uscc]})
                planned.action = ERROR
            else:
                seen[planned.uscc] = line
        plan.rows.append(planned)
    return plan


def _clean_uscc(text: str) -> str:
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", text)).upper()


def _is_valid_uscc(code: str) -> bool:
    try:
        validate_uscc(code)
    except ValidationError:
        return False
    return True


def _existing(usccs: set[str], *, by: User, lock: bool) -> dict[str, Institution]:
    found = {}
    ordered = sorted(usccs)
    for start in range(0, len(ordered), 2000):
        queryset = register_queryset(
            Institution.objects.for_user(by).filter(uscc__in=ordered[start : start + 2000])
        ).select_related("registration")
        if lock:
            # Locked rows first (FOR UPDATE may not be combined with the seats' GROUP BY), then the figures.
            list(Institution.objects.select_for_update().filter(uscc__in=ordered[start : start + 2000]))
        found.update({i.uscc: i for i in queryset})
    return found


def _plan_row(line: int, cells: dict[str, str], parser: _Parser, existing: dict[str, Institution]) -> PlannedRow:
    planned = PlannedRow(line=line, name=cells.get("name", ""))
    values: dict = {}
    errors: list[str] = []

    def attempt(convert):
        try:
            return convert()
        except ValidationError as exc:
            errors.extend(_messages(exc))
            return None

    raw_uscc = _clean_uscc(cells.get("uscc", ""))
    planned.uscc = raw_uscc
    current = existing.get(raw_uscc)
    converters = {
        "choice": parser.choice,
        "bool": parser.yes_no,
        "forms": parser.forms,
        "int": parser.whole_number,
        "decimal": parser.decimal,
        "date": parser.date,
    }
    for column in REGISTER_COLUMNS:
        if column.key not in cells or column.kind in ("derived", "seats", "jurisdiction_code", "jurisdiction"):
            continue
        if column.field in DESIGNATION_FIELDS.values():
            # 普惠 and 示范 are granted by the commission (institutions/designations/): exported, never imported.
            try:
                said = parser.yes_no(column, cells[column.key]) if cells[column.key] else None
            except ValidationError:
                said = None
            held = bool(getattr(current, column.field)) if current is not None else False
            if said is not None and said != held:
                planned.warnings.append(str(DESIGNATION_KEPT) % {"column": column.header})
            continue
        text = cells[column.key]
        if not text:
            if column.key in WANTED:
                continue  # a fact the file lacks: a new institution is incomplete; a known one keeps its value
            if column.required:
                errors.append(str(REQUIRED_MISSING) % {"column": column.header})
            elif column.kind == "text":
                values[column.field] = ""
            elif column.kind in ("date", "decimal"):
                values[column.field] = None
            # An empty number, yes/no, choice or service-form cell leaves the value as it is (a new row: the default).
            continue
        if column.kind == "uscc":
            if attempt(lambda: validate_uscc(raw_uscc) or True):
                values["uscc"] = raw_uscc
        elif column.kind == "text":
            values[column.field] = text
        else:
            value = attempt(lambda c=column, t=text: converters[c.kind](c, t))
            if value is None:
                continue
            if column.kind == "forms":
                values.update(value)
            else:
                values[column.field] = value

    code, name = cells.get("jurisdiction_code", ""), cells.get("jurisdiction", "")
    if code or name:
        jurisdiction = attempt(lambda: parser.jurisdiction(code, name))
        if jurisdiction is not None:
            values["jurisdiction"] = jurisdiction
    else:
        errors.append(str(REQUIRED_MISSING) % {"column": COLUMNS_BY_KEY["jurisdiction"].header})

    seats = _seats(cells, parser, errors)
    status = values.pop("status", None)
    registration = _registration(cells, parser, attempt)

    if current is None:
        planned.action = CREATE
        if "legal_form" not in values and raw_uscc:
            # No legal form in the file: the credit code's registration-authority character gives it.
            derived = legal_form_from_uscc(raw_uscc)
            if derived:
                values["legal_form"] = derived
        # A list giving a filing date lists filed institutions; one without a status column or date, registrations.
        if status is None and registration.get("filed_on"):
            status = InstitutionStatus.FILED
        planned.status = status or InstitutionStatus.DRAFT
        planned.missing = [COLUMNS_BY_KEY[key] for key in WANTED if not values.get(COLUMNS_BY_KEY[key].field)]
        if planned.missing:
            planned.warnings.append(str(INCOMPLETE) % {"fields": "、".join(str(c.header) for c in planned.missing)})
        planned.registration = registration
        if planned.status == InstitutionStatus.CHANGE_PENDING:
            errors.append(str(STATUS_NOT_IMPORTABLE) % {"status": InstitutionStatus.CHANGE_PENDING.label})
        if seats is not None:
            by_type, total_only = seats
            planned.classes = _classes(by_type)
            if total_only:
                planned.warnings.append(str(SEATS_WITHOUT_TYPES))
        if not errors:
            errors.extend(_model_errors(Institution(**values), exclude=[c.field for c in planned.missing]))
        planned.values = values
    else:
        planned.institution = current
        changed = {}
        # A filed institution's identity facts (its 街镇, name, legal form, category) are not the import's to change.
        kept = identity_changes(current, values)
        kept = kept if kept and identity_lock(current) else {}
        if kept:
            planned.warnings.append(str(IDENTITY_KEPT) % {"fields": "、".join(_field_label(name) for name in kept)})
        for name_, value in values.items():
            if name_ in kept:
                continue
            before = getattr(current, name_)
            if name_ == "jurisdiction":
                before, value_cmp = current.jurisdiction_id, value.pk
            else:
                value_cmp = value
            if before != value_cmp:
                changed[name_] = value
                planned.changes.append(
                    {
                        "label": _field_label(name_),
                        "before": _display_field(name_, getattr(current, name_)),
                        "after": _display_field(name_, value),
                    }
                )
        if status and status != current.status:
            planned.warnings.append(str(STATUS_KEPT) % {"portal": current.get_status_display()})
        if seats is not None:
            by_type, _total_only = seats
            portal = {t: getattr(current, key) or 0 for t, key in SEAT_COLUMNS.items()}
            if any(by_type.get(t, portal[t]) != portal[t] for t in SEAT_COLUMNS):
                planned.warnings.append(str(SEATS_KEPT) % {"portal": current.seats_total or 0})
        known = getattr(current, "registration", None)  # a reverse one-to-one: None when there is none
        for name_, value in registration.items():
            before = getattr(known, name_) if known else ("" if name_ == "business_scope" else None)
            if (before or None) != (value or None):
                planned.registration[name_] = value
                planned.changes.append(
                    {
                        "label": str(IMPORT_COLUMNS_BY_KEY[name_].header),
                        "before": _display(IMPORT_COLUMNS_BY_KEY[name_], before),
                        "after": _display(IMPORT_COLUMNS_BY_KEY[name_], value),
                    }
                )
        if (changed or planned.registration) and current.status == InstitutionStatus.CLOSED:
            errors.append(str(services.INSTITUTION_CLOSED))
        if changed and not errors:
            errors.extend(_model_errors(current, changed, exclude=missing_fields(current)))
        planned.values = changed
        planned.action = UPDATE if changed or planned.registration else SKIP
    if errors:
        planned.errors = errors
        planned.action = ERROR
    return planned


def _registration(cells: dict[str, str], parser: _Parser, attempt) -> dict:
    """What a registration list adds (business scope, registration and filing dates): the columns the file has."""
    found = {}
    for column in REGISTRATION_COLUMNS:
        if column.key not in cells:
            continue
        text = cells[column.key]
        if column.kind == "text":
            found[column.field] = text[:4000]
        elif text:
            value = attempt(lambda c=column, t=text: parser.date(c, t))
            if value is not None:
                found[column.field] = value
        else:
            found[column.field] = None
    return found


def _seats(cells: dict[str, str], parser: _Parser, errors: list[str]) -> tuple[dict[str, int], bool] | None:
    """Seats by class type from the row (None when the file has no seat columns)."""
    by_type: dict[str, int] = {}
    for class_type, key in SEAT_COLUMNS.items():
        if cells.get(key):
            try:
                by_type[class_type] = parser.whole_number(COLUMNS_BY_KEY[key], cells[key])
            except ValidationError as exc:
                errors.extend(_messages(exc))
                return None
    total_text = cells.get("seats", "")
    if not by_type and not total_text:
        return ({}, False) if any(k in cells for k in SEAT_COLUMNS.values()) else None
    total = None
    if total_text:
        try:
            total = parser.whole_number(COLUMNS_BY_KEY["seats"], total_text)
        except ValidationError as exc:
            errors.extend(_messages(exc))
            return None
    if by_type and total is not None and total != sum(by_type.values()):
        errors.append(
            str(SEATS_TOTAL_MISMATCH)
            % {"column": COLUMNS_BY_KEY["seats"].header, "total": total, "sum": sum(by_type.values())}
        )
        return None
    return by_type, bool(total) and not by_type


def _classes(by_type: dict[str, int]) -> list[dict]:
    """Classes for the seats of each type, as few as the size caps allow (设置标准 Art. 19), seats spread evenly."""
    classes = []
    for class_type, seats in by_type.items():
        if not seats:
            continue
        count = -(-seats // CLASS_SIZE_CAP[class_type])
        for n in range(count):
            share = seats // count + (1 if n < seats % count else 0)
            name = CLASS_NAMES[class_type] + (str(n + 1) if count > 1 else "")
            classes.append({"name": name, "class_type": class_type, "seats": share})
    return classes


def _field_label(name: str) -> str:
    if name == "jurisdiction":
        return str(COLUMNS_BY_KEY["jurisdiction"].header)
    if name in SERVICE_FORM_FIELDS.values():
        return str(Institution._meta.get_field(name).verbose_name)
    for column in REGISTER_COLUMNS:
        if column.field == name:
            return str(column.header)
    return str(header(Institution, name))


def _display_field(name: str, value) -> str:
    for column in REGISTER_COLUMNS:
        if column.field == name:
            return _display(column, value)
    if isinstance(value, bool):
        return yes_no(value)
    return _display(Column("", "", "text"), value)


def _model_errors(institution: Institution, changes: dict | None = None, exclude=()) -> list[str]:
    """The model's own checks (lengths, e-mail, choices…) on the row, worded per column; the facts the file lacks
    (`exclude`) are left for the operator to complete."""
    if changes is not None:
        original = {name: getattr(institution, name) for name in changes}
        for name, value in changes.items():
            setattr(institution, name, value)
    try:
        institution.full_clean(exclude=list(exclude), validate_unique=False)
        return []
    except ValidationError as exc:
        return [
            str(FIELD_ERROR) % {"column": _field_label(name) if name != "__all__" else "", "message": message}
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    finally:
        if changes is not None:
            for name, value in original.items():
                setattr(institution, name, value)
