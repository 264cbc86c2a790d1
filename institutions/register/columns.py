"""The register's columns, written once for the export and the import: headers, values and the queryset behind them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from baodi_care.core.spreadsheets import header, label, yes_no
from institutions.choices import (
    REGISTRATION_AUTHORITY,
    SERVICE_FORM_FIELDS,
    Category,
    ClassType,
    InstitutionStatus,
    LegalForm,
    Ownership,
    PremisesTenure,
)
from institutions.models import Institution

_verbose = partial(header, Institution)  # a header from the model field's verbose name


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
    Column("registered_address", _("Registered domicile (住所)"), "text", "registered_address"),
    Column("address", _("Actual service address"), "text", "address", required=True),
    Column("sponsor_name", _("Sponsor (举办者)"), "text", "sponsor_name"),
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
        return label(column.choices, value)
    if kind == "bool":
        return yes_no(value)
    if kind in ("int", "decimal", "date"):
        return value
    return value or ""


def _cell_reader(column: Column, at: dict[str, int]):
    """A function from a values_list row to the cell export_value gives for `column` (labels worked out once)."""
    kind = column.kind

    def field(name: str) -> int:
        return at.setdefault(name, len(at))

    if column.key == "id":
        i = field("pk")
        return lambda row: row[i]
    if column.key == "registration_authority":
        i, authorities = field("legal_form"), {k: str(v) for k, v in REGISTRATION_AUTHORITY.items()}
        return lambda row: authorities.get(row[i], "")
    if kind in ("jurisdiction_code", "jurisdiction"):
        i = field("jurisdiction__code" if kind == "jurisdiction_code" else "jurisdiction__name")
        return lambda row: row[i]
    if kind == "forms":
        flags = [(field(name), str(form.label)) for form, name in SERVICE_FORM_FIELDS.items()]
        return lambda row: "、".join(text for i, text in flags if row[i])
    if kind == "seats":
        i = field(column.key if column.class_type else "seats_total")
        return lambda row: row[i] or 0
    i = field(column.field)
    if kind == "choice":
        labels = {value: str(text) for value, text in column.choices.choices}
        return lambda row: labels[row[i]] if row[i] in labels else (row[i] or "")
    if kind == "bool":
        yes, no = yes_no(True), yes_no(False)
        return lambda row: yes if row[i] else no
    if kind in ("int", "decimal", "date"):
        return lambda row: row[i]
    return lambda row: row[i] or ""


def export_rows(queryset: QuerySet[Institution], chunk_size: int = 2000) -> Iterator[list]:
    """Every register row's cells, as export_value gives them, from register_queryset(): one values_list read with
    a server-side cursor, no model instance per row (a million rows stream in seconds, not minutes)."""
    at: dict[str, int] = {}
    readers = [_cell_reader(column, at) for column in REGISTER_COLUMNS]
    for row in queryset.values_list(*at).iterator(chunk_size=chunk_size):
        yield [read(row) for read in readers]
