"""The frozen picture of an institution that a filing carries, and the diff between two pictures."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction
from institutions.choices import FAMILY_POINT_FIELDS, Category, ClassType, Education, StaffRole
from institutions.identity_numbers import mask_number
from institutions.models import Institution, StaffMember

INSTITUTION_FIELDS = [
    "name", "uscc", "legal_form", "ownership", "category", "offers_full_day", "offers_half_day", "offers_hourly",
    "offers_temporary", "provides_meals", "meals_source", "opening_hours",
    "sponsor_type", "sponsor_name", "sponsor_id_number", "sponsor_contact",
    "registered_address", "address", "registration_certificate_number", "registration_authority_name",
    "scope_names_childcare", "legal_representative",
    "principal_name", "contact_phone", "contact_email", "premises_tenure", "lease_start_date", "lease_end_date",
    "lessor", "house_use", "fire_resistance_rating", "floor",
    "building_area", "indoor_area", "outdoor_area",
]  # fmt: skip
STAFF_FIELDS = [
    "name", "role", "education", "management_years", "training_passed", "qualification", "qualification_expiry",
    "health_certificate_expiry", "full_time", "id_number", "no_criminal_record_declared",
]  # fmt: skip


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)  # dates (ISO format) and decimals


def build_snapshot(institution: Institution, proposal: dict | None = None) -> dict:
    """Institution facts, classes and staff as plain JSON; with a change filing's `proposal` (Filing.proposed_facts)
    its new registered facts in place of the filed ones, as they will be once the filing is acknowledged."""
    facts = {f: _plain(getattr(institution, f)) for f in INSTITUTION_FIELDS}
    jurisdiction = institution.jurisdiction
    proposal = dict(proposal or {})
    code = proposal.pop("jurisdiction", None)
    if code and code != jurisdiction.code:
        jurisdiction = Jurisdiction.objects.get(code=code)
    facts.update(proposal)
    if facts.get("category") == Category.FAMILY:  # a family point's own facts (家庭托育点管理办法（试行）)
        facts.update({f: _plain(getattr(institution, f)) for f in FAMILY_POINT_FIELDS})
    facts["jurisdiction"] = jurisdiction.name
    facts["jurisdiction_code"] = jurisdiction.code
    classes = [
        {"name": c.name, "class_type": c.class_type, "seats": c.seats}
        for c in institution.classes.order_by("class_type", "name")
    ]
    staff = [
        {**{f: _plain(getattr(s, f)) for f in STAFF_FIELDS}, "class": s.class_group.name if s.class_group else ""}
        for s in institution.staff.select_related("class_group").order_by("role", "name")
    ]
    return {"institution": facts, "classes": classes, "staff": staff}


def field_label(name: str) -> str:
    if name == "jurisdiction":
        return str(_("jurisdiction"))
    if name == "jurisdiction_code":
        return str(_("statistics code"))
    return str(Institution._meta.get_field(name).verbose_name)


def _staff_row(row: dict) -> str:
    """One staff member with every detail the standards check, so that a renewed certificate or a new degree
    shows as a change (a reviewer must see the correction asked for on return)."""

    def label(field: str) -> str:
        return str(StaffMember._meta.get_field(field).verbose_name)

    parts = [row["name"], StaffRole(row["role"]).label, row.get("class"), row.get("qualification")]
    if row.get("id_number"):  # masked: the diff is read by officials too
        parts.append(f"{label('id_number')} {mask_number(row['id_number'])}")
    if row.get("no_criminal_record_declared"):
        parts.append(label("no_criminal_record_declared"))
    if row.get("education") in Education.values:
        parts.append(Education(row["education"]).label)
    if row.get("management_years"):
        parts.append(f"{label('management_years')} {row['management_years']}")
    if row.get("training_passed"):
        parts.append(label("training_passed"))
    for field in ("qualification_expiry", "health_certificate_expiry"):
        if row.get(field):
            parts.append(f"{label(field)} {row[field]}")
    return " · ".join(str(p) for p in parts if p)


def _blank(value) -> bool:
    """Nothing given: a fact a snapshot taken before the field existed lacks reads as the field left empty."""
    return value is None or value == "" or value is False


def _differ(before, after) -> bool:
    return before != after and not (_blank(before) and _blank(after))


def diff(before: dict, after: dict) -> dict:
    """What changed between two snapshots: facts field by field, classes and staff as added/removed rows."""
    b, a = before.get("institution", {}), after.get("institution", {})
    facts = [
        {"field": k, "label": field_label(k), "before": b.get(k), "after": a.get(k)}
        for k in a
        if _differ(b.get(k), a.get(k))
    ]

    def rows(key: str, fmt) -> dict:
        old = {fmt(r) for r in before.get(key, [])}
        new = {fmt(r) for r in after.get(key, [])}
        return {"added": sorted(new - old), "removed": sorted(old - new)}

    classes = rows("classes", lambda r: f"{r['name']} · {ClassType(r['class_type']).label} · {r['seats']}")
    staff = rows("staff", _staff_row)
    return {
        "facts": facts,
        "classes": classes,
        "staff": staff,
        "changed": bool(facts or any(classes.values()) or any(staff.values())),
    }
