"""Import of an existing register from xlsx or csv (登记和备案办法 Art. 6), with a dry run first.

The columns are those of the register export (supervision.exports.InstitutionResource builds its columns from
REGISTER_COLUMNS below), so an exported file imports back unchanged. A file is read in full, every row is
checked, and the plan says per row what would happen: create, update (matched by credit code, with the fields
that change), skip (identical) or error. Only a plan without errors can run, and it runs all-or-nothing.

Headers and values are recognised in every language of the portal (a file exported in English imports as well
as one in Chinese), and by the Chinese terms of the registers kept before the portal (ALIASES below).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import itertools
import re
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.utils import update_change_reason

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Jurisdiction, User

from . import services
from .choices import (
    CLASS_SIZE_CAP,
    REGISTRATION_AUTHORITY,
    Category,
    ClassType,
    InstitutionStatus,
    LegalForm,
    Ownership,
    PremisesTenure,
    ServiceForm,
)
from .models import Institution, RegisterImport, validate_uscc

# --- Messages (per row, in the user's language) --------------------------------------------------

IMPORT_UNSUPPORTED = _("Upload an Excel workbook (.xlsx) or a CSV file (.csv).")
IMPORT_UNREADABLE = _("The file could not be read as %(kind)s. Save it again from Excel or WPS and upload it again.")
IMPORT_TOO_LARGE = _("The file is larger than %(max)s MB; split the register into several files.")
IMPORT_TOO_MANY_ROWS = _("The file has more than %(max)s rows; split the register into several files.")
IMPORT_EMPTY = _("The file has no rows to import.")
IMPORT_MISSING_COLUMNS = _("These columns are missing: %(columns)s. Use the columns of the register export.")
IMPORT_DUPLICATE_COLUMN = _("The column “%(column)s” appears twice.")
IMPORT_HAS_ERRORS = _("Nothing was imported: %(count)s row(s) have errors. Correct the file and upload it again.")
IMPORT_CHANGED_MEANWHILE = _(
    "The register changed while you were looking at the preview (credit code %(uscc)s). Nothing was imported; "
    "look at the preview again."
)
IMPORT_NOT_ALLOWED = _("Only the health commission can import the register.")
IMPORT_FILE_GONE = _("The uploaded file is no longer available or has changed. Upload it again.")

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
SEATS_KEPT = _(
    "The seats differ from the portal's (%(portal)s); seats follow the institution's classes and change "
    "through a change filing, so they are kept."
)
SEATS_WITHOUT_TYPES = _("Only a total of seats is given: no classes are created. Give the seats by class type.")

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
# An xlsx is a zip: refuse one that unpacks to far more than any register (a "zip bomb").
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Formula escapes added by the export (see supervision.exporting.escape_formula) are taken off again.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def can_import_register(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.COMMISSION)


# --- The columns of the register (shared with the export) -----------------------------------------


def _verbose(name: str):
    return capfirst(Institution._meta.get_field(name).verbose_name)


@dataclass(frozen=True)
class Column:
    """One column of the register file: its key, header, the kind of value, and the model field it fills."""

    key: str
    header: object  # a lazy translation
    kind: str  # text, uscc, choice, bool, forms, int, decimal, date, jurisdiction_code, jurisdiction, seats, derived
    field: str = ""
    choices: type | None = None
    required: bool = False
    class_type: str = ""


SEAT_COLUMNS = {
    ClassType.INFANT: "seats_infant",
    ClassType.TODDLER: "seats_toddler",
    ClassType.SENIOR: "seats_senior",
    ClassType.MIXED: "seats_mixed",
}

REGISTER_COLUMNS: tuple[Column, ...] = (
    Column("id", _("ID"), "derived"),
    Column("name", _("Name"), "text", "name", required=True),
    Column("uscc", _("Credit code"), "uscc", "uscc", required=True),
    Column("jurisdiction_code", _("Jurisdiction code"), "jurisdiction_code"),
    Column("jurisdiction", _("Jurisdiction"), "jurisdiction"),
    Column("legal_form", _("Legal form"), "choice", "legal_form", LegalForm, required=True),
    Column("registration_authority", _("Registration authority"), "derived"),
    Column("ownership", _("Ownership"), "choice", "ownership", Ownership, required=True),
    Column("category", _("Category"), "choice", "category", Category, required=True),
    Column("is_inclusive", _("Inclusive (普惠)"), "bool", "is_inclusive"),
    Column("is_demonstration", _verbose("is_demonstration"), "bool", "is_demonstration"),
    Column("service_forms", _("Service forms"), "forms"),
    Column("provides_meals", _("Provides meals"), "bool", "provides_meals"),
    Column("seats_infant", _("Seats: infant classes"), "seats", class_type=ClassType.INFANT),
    Column("seats_toddler", _("Seats: toddler classes"), "seats", class_type=ClassType.TODDLER),
    Column("seats_senior", _("Seats: senior toddler classes"), "seats", class_type=ClassType.SENIOR),
    Column("seats_mixed", _("Seats: mixed-age classes"), "seats", class_type=ClassType.MIXED),
    Column("seats", _("Seats"), "seats"),
    Column("status", _("Status"), "choice", "status", InstitutionStatus),
    Column("address", _("Address"), "text", "address", required=True),
    Column("legal_representative", _("Legal representative"), "text", "legal_representative", required=True),
    Column("principal_name", _("Person in charge"), "text", "principal_name", required=True),
    Column("contact_phone", _("Contact phone"), "text", "contact_phone", required=True),
    Column("contact_email", _("Contact e-mail"), "text", "contact_email"),
    Column("premises_tenure", _verbose("premises_tenure"), "choice", "premises_tenure", PremisesTenure),
    Column("lease_end_date", _verbose("lease_end_date"), "date", "lease_end_date"),
    Column("floor", _("Floor"), "int", "floor"),
    Column("building_area", _verbose("building_area"), "decimal", "building_area"),
    Column("indoor_area", _verbose("indoor_area"), "decimal", "indoor_area"),
    Column("outdoor_area", _verbose("outdoor_area"), "decimal", "outdoor_area"),
)
COLUMNS_BY_KEY = {c.key: c for c in REGISTER_COLUMNS}

# Headers of registers kept before the portal (and of the sample file): Chinese terms that are data, not
# interface text, so they are recognised whatever the translation catalogue says.
ALIASES = {
    "id": ("编号", "序号"),
    "name": ("名称", "机构名称", "托育机构名称"),
    "uscc": ("统一社会信用代码", "信用代码", "社会信用代码"),
    "jurisdiction_code": ("街镇代码", "区划代码", "统计用区划代码"),
    "jurisdiction": ("街镇", "所属街镇", "所在街镇"),
    "legal_form": ("法人类型", "登记类型"),
    "registration_authority": ("登记机关",),
    "ownership": ("举办性质", "公办民办"),
    "category": ("机构类型", "类别", "机构类别"),
    "is_inclusive": ("普惠", "普惠性", "是否普惠"),
    "is_demonstration": ("示范", "示范机构", "是否示范"),
    "service_forms": ("服务形式", "托育服务形式"),
    "provides_meals": ("提供膳食", "是否提供膳食"),
    "seats_infant": ("乳儿班托位", "乳儿班托位数"),
    "seats_toddler": ("托小班托位", "托小班托位数"),
    "seats_senior": ("托大班托位", "托大班托位数"),
    "seats_mixed": ("混合班托位", "混合班托位数"),
    "seats": ("托位", "托位数", "总托位数"),
    "status": ("状态", "备案状态"),
    "address": ("地址", "机构地址", "详细地址"),
    "legal_representative": ("法定代表人", "法人代表"),
    "principal_name": ("负责人", "机构负责人"),
    "contact_phone": ("联系电话", "电话"),
    "contact_email": ("联系邮箱", "电子邮箱", "邮箱"),
    "premises_tenure": ("场地性质", "场地权属"),
    "lease_end_date": ("租赁到期日", "租赁截止日期"),
    "floor": ("楼层", "托育用房所在楼层"),
    "building_area": ("建筑面积", "建筑面积（m²）", "建筑面积(平方米)"),
    "indoor_area": ("室内面积", "室内面积（m²）", "室内面积(平方米)"),
    "outdoor_area": ("室外面积", "室外面积（m²）", "室外面积(平方米)"),
}
# Values in Chinese as registers write them (the catalogue's labels are accepted too).
VALUE_ALIASES = {
    Category: {
        "独立托育机构": Category.INDEPENDENT, "幼儿园托班": Category.KINDERGARTEN_CLASS,
        "用人单位福利性托育": Category.EMPLOYER, "用人单位办托": Category.EMPLOYER,
        "社区托育点": Category.COMMUNITY, "社区托育服务设施": Category.COMMUNITY, "家庭托育点": Category.FAMILY,
    },
    LegalForm: {
        "事业单位": LegalForm.PUBLIC_INSTITUTION, "社会服务机构": LegalForm.SOCIAL_SERVICE,
        "民办非企业单位": LegalForm.SOCIAL_SERVICE, "营利性": LegalForm.FOR_PROFIT,
        "营利性机构": LegalForm.FOR_PROFIT, "企业": LegalForm.FOR_PROFIT,
    },
    Ownership: {"公办": Ownership.PUBLIC, "民办": Ownership.PRIVATE},
    PremisesTenure: {"自有": PremisesTenure.OWNED, "租赁": PremisesTenure.LEASED},
    InstitutionStatus: {
        "草稿": InstitutionStatus.DRAFT, "未备案": InstitutionStatus.DRAFT, "已备案": InstitutionStatus.FILED,
        "变更待审": InstitutionStatus.CHANGE_PENDING, "暂停服务": InstitutionStatus.SUSPENDED,
        "已注销": InstitutionStatus.CLOSED,
    },
    ServiceForm: {
        "全日托": ServiceForm.FULL_DAY, "半日托": ServiceForm.HALF_DAY, "计时托": ServiceForm.HOURLY,
        "临时托": ServiceForm.TEMPORARY,
    },
}  # fmt: skip
YES_WORDS = {"是", "有", "yes", "y", "true", "1", "✓", "√"}
NO_WORDS = {"否", "无", "no", "n", "false", "0", "×"}
SERVICE_FORM_FIELDS = {
    ServiceForm.FULL_DAY: "offers_full_day",
    ServiceForm.HALF_DAY: "offers_half_day",
    ServiceForm.HOURLY: "offers_hourly",
    ServiceForm.TEMPORARY: "offers_temporary",
}
# Class names for the classes an import creates from the seats by class type (data, as the demo writes them).
CLASS_NAMES = {
    ClassType.INFANT: "乳儿班",
    ClassType.TODDLER: "托小班",
    ClassType.SENIOR: "托大班",
    ClassType.MIXED: "混合班",
}
LIST_SEPARATORS = re.compile(r"[、,，;；/|]+")


def seat_annotations() -> dict:
    """Seats by class type (and in total) as annotations: one query for any number of institutions."""
    annotations = {
        key: Sum("classes__seats", filter=Q(classes__class_type=class_type), default=0)
        for class_type, key in SEAT_COLUMNS.items()
    }
    annotations["seats_total"] = Sum("classes__seats", default=0)
    return annotations


def register_queryset(queryset: QuerySet[Institution]) -> QuerySet[Institution]:
    """What a register row needs, in one query: the jurisdiction and the seats by class type."""
    return queryset.select_related("jurisdiction").annotate(**seat_annotations())


# --- Formatting (export) ------------------------------------------------------------------------


def yes_no(value: bool) -> str:
    return str(_("Yes") if value else _("No"))


def service_forms_text(institution: Institution) -> str:
    return "、".join(institution.service_form_labels)


def export_value(column: Column, institution: Institution):
    """The value of one register cell; `institution` comes from register_queryset()."""
    kind = column.kind
    if column.key == "id":
        return institution.pk
    if column.key == "registration_authority":
        return str(REGISTRATION_AUTHORITY.get(institution.legal_form, ""))
    if kind == "jurisdiction_code":
        return institution.jurisdiction.code
    if kind == "jurisdiction":
        return institution.jurisdiction.name
    if kind == "forms":
        return service_forms_text(institution)
    if kind == "seats":
        return getattr(institution, column.key if column.class_type else "seats_total", 0) or 0
    value = getattr(institution, column.field)
    if kind == "choice":
        return str(column.choices(value).label) if value in column.choices.values else (value or "")
    if kind == "bool":
        return yes_no(value)
    if kind in ("int", "decimal", "date"):
        return value
    return value or ""


def _display(column: Column, value) -> str:
    """A parsed value as the preview shows it (before → after)."""
    if value is None or value == "":
        return "—"
    if column.kind == "choice":
        return str(column.choices(value).label) if value in column.choices.values else str(value)
    if column.kind == "bool":
        return yes_no(value)
    if isinstance(value, Jurisdiction):
        return f"{value.name} ({value.code})"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


# --- Reading a file -------------------------------------------------------------------------------


def _normal(text) -> str:
    return re.sub(r"\s+", "", str(text or "")).replace("\ufeff", "").casefold()


def read_table(*, data: bytes, file_name: str) -> list[list]:
    """The cells of the first sheet (xlsx) or of the file (csv), row by row; ValidationError if unreadable."""
    if len(data) > MAX_BYTES:
        raise ValidationError(IMPORT_TOO_LARGE, params={"max": MAX_BYTES // (1024 * 1024)})
    suffix = Path(file_name).suffix.lower()
    if suffix == ".xlsx":
        rows = _read_xlsx(data)
    elif suffix == ".csv":
        rows = _read_csv(data)
    else:
        raise ValidationError(IMPORT_UNSUPPORTED)
    rows = [row for row in rows if any(_cell_text(cell) for cell in row)]
    if len(rows) > MAX_ROWS + 1:
        raise ValidationError(IMPORT_TOO_MANY_ROWS, params={"max": MAX_ROWS})
    return rows


def _read_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    unreadable = ValidationError(IMPORT_UNREADABLE, params={"kind": "Excel (.xlsx)"})
    buffer = io.BytesIO(data)
    try:
        with zipfile.ZipFile(buffer) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise unreadable
    except zipfile.BadZipFile as exc:
        raise unreadable from exc
    try:
        workbook = load_workbook(buffer, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged or foreign file
        raise unreadable from exc
    try:
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in itertools.islice(sheet.iter_rows(values_only=True), MAX_ROWS + 2)]
    except Exception as exc:
        raise unreadable from exc
    finally:
        workbook.close()
    return rows


def _read_csv(data: bytes) -> list[list]:
    # Excel on a Chinese Windows saves "CSV" in GB18030 (GBK); the export writes UTF-8 with a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(IMPORT_UNREADABLE, params={"kind": "CSV"})
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first_line.count)
    try:
        return list(itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), MAX_ROWS + 2))
    except csv.Error as exc:
        raise ValidationError(IMPORT_UNREADABLE, params={"kind": "CSV"}) from exc


def _cell_text(value) -> str:
    """A cell as text: numbers without a spurious '.0', dates in ISO form, the export's formula escape removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in FORMULA_PREFIXES:
        text = text[1:]
    return text


# --- Parsing values -------------------------------------------------------------------------------


def _all_languages(text) -> set[str]:
    """A lazy string in every language of the portal (and as its English msgid)."""
    found = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.add(str(text))
    return found


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for member in choices:
        names = {member.value, *_all_languages(member.label)}
        # "Public institution (事业单位)": the Chinese term in brackets names it too.
        for name in list(names):
            inner = re.search(r"[（(]([^）)]+)[）)]\s*$", name)
            if inner:
                names.add(inner.group(1))
        for name in names:
            lookup[_normal(name)] = member.value
    for name, value in VALUE_ALIASES.get(choices, {}).items():
        lookup[_normal(name)] = value
    return lookup


def _header_lookup() -> dict[str, str]:
    lookup = {}
    for column in REGISTER_COLUMNS:
        for name in {column.key, *_all_languages(column.header), *ALIASES.get(column.key, ())}:
            lookup[_normal(name)] = column.key
    return lookup


class _Parser:
    """Turns the text of one cell into a model value, or raises ValidationError with a message for the row."""

    def __init__(self, jurisdictions: Iterable[Jurisdiction]):
        self.choices = {c: _choice_lookup(c) for c in (Category, LegalForm, Ownership, PremisesTenure, ServiceForm)}
        self.choices[InstitutionStatus] = _choice_lookup(InstitutionStatus)
        self.yes = {_normal(w) for w in YES_WORDS} | {_normal(w) for w in _all_languages(_("Yes"))}
        self.no = {_normal(w) for w in NO_WORDS} | {_normal(w) for w in _all_languages(_("No"))}
        self.by_code, self.by_name = {}, {}
        for j in jurisdictions:
            self.by_code[j.code] = j
            self.by_code[j.short_code] = j
            self.by_name[_normal(j.name)] = j

    @staticmethod
    def _error(message, column: Column, **params):
        return ValidationError(message, params={"column": column.header, **params})

    def choice(self, column: Column, text: str) -> str:
        value = self.choices[column.choices].get(_normal(text))
        if value is None:
            labels = "、".join(str(c.label) for c in column.choices)
            raise self._error(BAD_CHOICE, column, value=text, choices=labels)
        return value

    def yes_no(self, column: Column, text: str) -> bool:
        key = _normal(text)
        if key in self.yes:
            return True
        if key in self.no:
            return False
        raise self._error(BAD_YES_NO, column, value=text)

    def forms(self, column: Column, text: str) -> dict[str, bool]:
        chosen = set()
        for part in LIST_SEPARATORS.split(text):
            if part.strip():
                value = self.choices[ServiceForm].get(_normal(part))
                if value is None:
                    labels = "、".join(str(c.label) for c in ServiceForm)
                    raise ValidationError(
                        BAD_CHOICE, params={"column": column.header, "value": part, "choices": labels}
                    )
                chosen.add(value)
        return {flag: form in chosen for form, flag in SERVICE_FORM_FIELDS.items()}

    def whole_number(self, column: Column, text: str) -> int:
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            number = None
        if number is None or number < 0 or number != number.to_integral_value():
            raise self._error(BAD_NUMBER, column, value=text)
        return int(number)

    def decimal(self, column: Column, text: str) -> Decimal:
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number < 0:
            raise self._error(BAD_DECIMAL, column, value=text)
        return number

    def date(self, column: Column, text: str) -> datetime.date:
        cleaned = re.sub(r"[年月/.]", "-", text).rstrip("日").split(" ")[0].split("T")[0]
        try:
            year, month, day = (int(p) for p in cleaned.split("-"))
            return datetime.date(year, month, day)
        except ValueError as exc:
            raise self._error(BAD_DATE, column, value=text) from exc

    def jurisdiction(self, code: str, name: str) -> Jurisdiction:
        by_code = self.by_code.get(code.strip()) if code else None
        by_name = self.by_name.get(_normal(name)) if name else None
        if code and by_code is None:
            raise ValidationError(UNKNOWN_JURISDICTION, params={"value": code})
        if name and by_name is None and by_code is None:
            raise ValidationError(UNKNOWN_JURISDICTION, params={"value": name})
        if by_code and name and by_name != by_code:
            raise ValidationError(JURISDICTION_MISMATCH, params={"code": code, "name": name})
        return by_code or by_name


# --- The plan ---------------------------------------------------------------------------------------

CREATE, UPDATE, SKIP, ERROR = "create", "update", "skip", "error"
ACTION_LABELS = {
    CREATE: _("Create"),
    UPDATE: _("Update"),
    SKIP: _("Unchanged"),
    ERROR: _("Error"),
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


def plan_import(*, rows: list[list], by: User, lock: bool = False) -> ImportPlan:
    """What importing these rows would do, row by row (a dry run: nothing is written)."""
    if not can_import_register(by):
        raise PermissionDenied(IMPORT_NOT_ALLOWED)
    plan = ImportPlan()
    if len(rows) < 2:
        plan.file_errors.append(str(IMPORT_EMPTY))
        return plan
    header_keys = _header_lookup()
    positions: dict[str, int] = {}
    for index, cell in enumerate(rows[0]):
        text = _cell_text(cell)
        if not text:
            continue
        key = header_keys.get(_normal(text))
        if key is None:
            plan.ignored_columns.append(text)
        elif key in positions:
            plan.file_errors.append(str(IMPORT_DUPLICATE_COLUMN) % {"column": text})
        else:
            positions[key] = index
    missing = [c for c in REGISTER_COLUMNS if c.required and c.key not in positions]
    if "jurisdiction_code" not in positions and "jurisdiction" not in positions:
        missing.insert(2, COLUMNS_BY_KEY["jurisdiction"])
    if missing:
        plan.file_errors.append(str(IMPORT_MISSING_COLUMNS) % {"columns": "、".join(str(c.header) for c in missing)})
    if plan.file_errors:
        return plan

    records = []
    for line, row in enumerate(rows[1:], start=2):
        cells = {key: _cell_text(row[i]) if i < len(row) else "" for key, i in positions.items()}
        records.append((line, cells))
    usccs = {re.sub(r"\s+", "", cells.get("uscc", "")).upper() for _line, cells in records}
    existing = _existing(usccs - {""}, by=by, lock=lock)
    parser = _Parser(Jurisdiction.objects.all())
    seen: dict[str, int] = {}
    for line, cells in records:
        planned = _plan_row(line, cells, parser, existing)
        if planned.uscc and _is_valid_uscc(planned.uscc):
            if planned.uscc in seen:
                planned.errors.insert(0, str(DUPLICATE_USCC) % {"uscc": planned.uscc, "line": seen[planned.uscc]})
                planned.action = ERROR
            else:
                seen[planned.uscc] = line
        plan.rows.append(planned)
    return plan


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
        queryset = register_queryset(Institution.objects.for_user(by).filter(uscc__in=ordered[start : start + 2000]))
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

    raw_uscc = re.sub(r"\s+", "", cells.get("uscc", "")).upper()
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
        text = cells[column.key]
        if not text:
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

    if current is None:
        planned.action = CREATE
        planned.status = status or InstitutionStatus.DRAFT
        if planned.status == InstitutionStatus.CHANGE_PENDING:
            errors.append(str(STATUS_NOT_IMPORTABLE) % {"status": InstitutionStatus.CHANGE_PENDING.label})
        if seats is not None:
            by_type, total_only = seats
            planned.classes = _classes(by_type)
            if total_only:
                planned.warnings.append(str(SEATS_WITHOUT_TYPES))
        if not errors:
            errors.extend(_model_errors(Institution(**values)))
        planned.values = values
    else:
        planned.institution = current
        changed = {}
        for name_, value in values.items():
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
        if changed and current.status == InstitutionStatus.CLOSED:
            errors.append(str(services.INSTITUTION_CLOSED))
        if changed and not errors:
            errors.extend(_model_errors(current, changed))
        planned.values = changed
        planned.action = UPDATE if changed else SKIP
    if errors:
        planned.errors = errors
        planned.action = ERROR
    return planned


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
    return str(capfirst(Institution._meta.get_field(name).verbose_name))


def _display_field(name: str, value) -> str:
    for column in REGISTER_COLUMNS:
        if column.field == name:
            return _display(column, value)
    if isinstance(value, bool):
        return yes_no(value)
    return _display(Column("", "", "text"), value)


def _model_errors(institution: Institution, changes: dict | None = None) -> list[str]:
    """The model's own checks (lengths, e-mail, choices…) on the row, worded per column."""
    if changes is not None:
        original = {name: getattr(institution, name) for name in changes}
        for name, value in changes.items():
            setattr(institution, name, value)
    try:
        institution.full_clean(validate_unique=False)
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


# --- Running it -------------------------------------------------------------------------------------


@transaction.atomic
def run_import(*, data: bytes, file_name: str, by: User) -> RegisterImport:
    """Import a register file all-or-nothing, recording the import and a history entry on every row it touches."""
    if not can_import_register(by):
        raise PermissionDenied(IMPORT_NOT_ALLOWED)
    plan = plan_import(rows=read_table(data=data, file_name=file_name), by=by, lock=True)
    if plan.file_errors:
        raise ValidationError(plan.file_errors)
    if not plan.is_valid:
        raise ValidationError(IMPORT_HAS_ERRORS, params={"count": plan.error_count})
    record = RegisterImport.objects.create(
        file_name=Path(file_name).name[:200], sha256=hashlib.sha256(data).hexdigest(), imported_by=by
    )
    reason = f"register import #{record.pk}"
    for row in plan.rows:
        if row.action == CREATE:
            institution, created = services.import_institution(
                by=by, status=row.status, classes=row.classes, **row.values
            )
            if not created:
                raise ValidationError(IMPORT_CHANGED_MEANWHILE, params={"uscc": row.uscc})
            update_change_reason(institution, reason)
            for group in institution.classes.all():
                update_change_reason(group, reason)
        elif row.action == UPDATE:
            _update(row.institution, changes=row.values, by=by, reason=reason)
    counts = plan.counts
    record.created, record.updated, record.skipped = counts[CREATE], counts[UPDATE], counts[SKIP]
    record.save(update_fields=["created", "updated", "skipped"])
    return record


def _update(institution: Institution, *, changes: dict, by: User, reason: str) -> None:
    """The import's update of a register row. services.update_institution is the operator's (members only);
    the commission's import keeps the same steps: full_clean, save, history with who and why."""
    if institution.status == InstitutionStatus.CLOSED:
        raise ValidationError(services.INSTITUTION_CLOSED)
    for name, value in changes.items():
        setattr(institution, name, value)
    institution._history_user = by
    institution._change_reason = reason
    institution.full_clean()
    institution.save()


# --- The uploaded file between preview and confirmation ------------------------------------------------

SESSION_KEY = "register_import"
STASH_MAX_AGE = datetime.timedelta(days=1)


def _stash_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def stash_upload(*, upload, by: User) -> dict:
    """Keep an uploaded register under MEDIA_ROOT/imports/<uuid> until it is confirmed; returns the session entry."""
    if not can_import_register(by):
        raise PermissionDenied(IMPORT_NOT_ALLOWED)
    folder = _stash_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder)
    suffix = Path(upload.name).suffix.lower()
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    return {"path": path.name, "sha256": digest.hexdigest(), "file_name": Path(upload.name).name[:200]}


def load_stash(entry: dict) -> bytes:
    """The bytes of a stashed upload, checked against the hash taken when it arrived."""
    name = str(entry.get("path", ""))
    if not re.fullmatch(r"[0-9a-f]{32}\.(xlsx|csv)", name):
        raise ValidationError(IMPORT_FILE_GONE)
    path = _stash_dir() / name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(IMPORT_FILE_GONE) from exc
    if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        raise ValidationError(IMPORT_FILE_GONE)
    return data


def discard_stash(entry: dict | None) -> None:
    name = str((entry or {}).get("path", ""))
    if re.fullmatch(r"[0-9a-f]{32}\.(xlsx|csv)", name):
        (_stash_dir() / name).unlink(missing_ok=True)


def _sweep(folder: Path) -> None:
    """Uploads never confirmed are removed after a day."""
    limit = (timezone.now() - STASH_MAX_AGE).timestamp()
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
