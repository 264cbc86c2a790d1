"""What the review page shows of a filing: its facts by section, what changed since the returned round, documents."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from institutions.choices import (
    DECLARATION_FIELDS,
    Category,
    ClassType,
    Education,
    FilingAction,
    FilingKind,
    FireResistance,
    HouseUse,
    LegalForm,
    MealsSource,
    Ownership,
    PremisesTenure,
    Section,
    SponsorType,
    StaffRole,
)
from institutions.filings import snapshots, standards
from institutions.identity_numbers import mask_number, shown
from institutions.models import Document, Filing, Institution

BASIC_FIELDS = [
    "name", "uscc", "legal_form", "ownership", "category", "service_forms", "opening_hours", "provides_meals",
    "meals_source", "sponsor_type", "sponsor_name", "sponsor_id_number", "sponsor_contact",
    "registration_certificate_number", "registration_authority_name", "scope_names_childcare", "jurisdiction",
    "jurisdiction_code", "registered_address", "address", "legal_representative", "principal_name", "contact_phone",
    "contact_email", "family_scope_named",
]  # fmt: skip

PREMISES_FIELDS = [
    "premises_tenure", "lease_start_date", "lease_end_date", "lessor", "house_use", "fire_resistance_rating", "floor",
    "building_area", "indoor_area", "outdoor_area",
    # a family point's own (only in its snapshots)
    "family_cctv_full_coverage", "family_cctv_retention_days",
]  # fmt: skip
SERVICE_FORM_FIELDS = ["offers_full_day", "offers_half_day", "offers_hourly", "offers_temporary"]

FIELD_CHOICES = {
    "legal_form": LegalForm,
    "ownership": Ownership,
    "category": Category,
    "premises_tenure": PremisesTenure,
    "sponsor_type": SponsorType,
    "house_use": HouseUse,
    "fire_resistance_rating": FireResistance,
    "meals_source": MealsSource,
}


# Where a standards finding belongs, so the reviewer meets it beside the section it concerns.
FINDING_SECTIONS = {
    "class_size": Section.CLASSES,
    "caregiver_ratio": Section.CLASSES,
    "family_size": Section.CLASSES,
    "family_ratio": Section.CLASSES,
    "kindergarten_class_age": Section.CLASSES,
    "premises_floor": Section.PREMISES,
    "premises_floor_rating": Section.PREMISES,
    "lease_term": Section.PREMISES,
    "lease_missing": Section.PREMISES,
    "family_lease_term": Section.PREMISES,
    "family_lease_missing": Section.PREMISES,
    "family_cctv": Section.PREMISES,
    "family_cctv_retention": Section.PREMISES,
    "family_cctv_retention_missing": Section.PREMISES,
    "family_legal_form": Section.BASIC,
    "family_scope": Section.BASIC,
}


def _field_section(field: str) -> str:
    return Section.PREMISES if field in PREMISES_FIELDS else Section.BASIC


def _label(field: str) -> str:
    if field == "service_forms":
        return str(_("service forms"))
    return snapshots.field_label(field)


def display_value(field: str, value, *, reveal: bool = False) -> str:
    """A snapshot value as a reader expects it (labels for codes, yes/no, a dash for nothing); identity numbers masked
    unless `reveal` (identity_numbers.sees_identity_numbers)."""
    value = shown(field, value, reveal=reveal)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if field in FIELD_CHOICES:
        try:
            return str(FIELD_CHOICES[field](value).label)
        except ValueError:
            return str(value)
    return str(value)


def _facts(facts: dict, fields: list[str], *, reveal: bool = False) -> list[dict]:
    rows = []
    for field in fields:
        if field == "service_forms":
            labels = [str(Institution._meta.get_field(f).verbose_name) for f in SERVICE_FORM_FIELDS if facts.get(f)]
            rows.append({"field": field, "label": _label(field), "value": "、".join(labels) or "—"})
        elif field in facts:
            value = display_value(field, facts[field], reveal=reveal)
            rows.append({"field": field, "label": _label(field), "value": value})
    return rows


def _is_past(value, today: datetime.date) -> bool:
    return bool(value) and datetime.date.fromisoformat(value) < today


def _staff_rows(staff: list[dict], today: datetime.date, *, reveal: bool = False) -> list[dict]:
    rows = []
    for s in staff:
        rows.append(
            {
                **s,
                "id_number": s.get("id_number") if reveal else mask_number(s.get("id_number")),
                "role_label": StaffRole(s["role"]).label if s.get("role") in StaffRole.values else s.get("role"),
                "education_label": Education(s["education"]).label if s.get("education") in Education.values else "",
                "qualification_expired": _is_past(s.get("qualification_expiry"), today),
                "health_expired": _is_past(s.get("health_certificate_expiry"), today),
            }
        )
    return rows


def _class_rows(classes: list[dict]) -> list[dict]:
    return [
        {**c, "type_label": ClassType(c["class_type"]).label if c["class_type"] in ClassType.values else ""}
        for c in classes
    ]


def _diff_by_section(before: dict, after: dict, *, reveal: bool = False) -> dict:
    """snapshots.diff grouped by review section, values worded for reading."""
    result = snapshots.diff(before, after)
    sections: dict[str, dict] = {}
    for fact in result["facts"]:
        section = sections.setdefault(_field_section(fact["field"]), {"facts": []})
        section["facts"].append(
            {
                "label": fact["label"],
                "before": display_value(fact["field"], fact["before"], reveal=reveal),
                "after": display_value(fact["field"], fact["after"], reveal=reveal),
            }
        )
    if any(result["classes"].values()):
        sections[Section.CLASSES] = {"rows": result["classes"]}
    if any(result["staff"].values()):
        sections[Section.STAFF] = {"rows": result["staff"]}
    return {"changed": result["changed"], "sections": sections}


def _declaration(filing: Filing) -> list[dict]:
    rows = []
    for name in DECLARATION_FIELDS[FilingKind(filing.kind)]:
        value = getattr(filing, name)
        rows.append(
            {
                "label": Filing._meta.get_field(name).verbose_name,
                "value": value.isoformat() if isinstance(value, datetime.date) else (value or "—"),
            }
        )
    return rows


EVENT_LABELS = {
    **{action.value: action.label for action in FilingAction},
    "create": _("Draft started"),
    "upload": _("Document uploaded"),
}


def filing_review(*, filing: Filing, today: datetime.date, reveal: bool = False) -> dict:
    """Everything the review page shows of one filing (already scoped by the caller), section by section; identity
    numbers in full only with `reveal` (the commission: identity_numbers.sees_identity_numbers)."""
    snapshot = filing.snapshot or {}
    facts = snapshot.get("institution", {})
    findings = [
        {**standards.describe(f), "section": FINDING_SECTIONS.get(f["rule"], Section.STAFF)} for f in filing.findings
    ]
    change = _diff_by_section(filing.baseline, snapshot, reveal=reveal) if filing.kind == FilingKind.CHANGE else None
    resubmitted = bool(filing.returned_snapshot) and filing.round > 1
    since_return = _diff_by_section(filing.returned_snapshot, snapshot, reveal=reveal) if resubmitted else None

    documents = list(Document.objects.current().filter(filing=filing).select_related("document_type", "uploaded_by"))
    for document in documents:
        document.new_since_return = resubmitted and document.submitted_in_round == filing.round
        document.is_image = document.extension in ("png", "jpg")
    reviews = list(filing.section_reviews.select_related("document_type", "by").order_by("-round", "pk"))
    last_round_reviews = [r for r in reviews if r.round == filing.round - 1] if resubmitted else []
    earlier_comments: dict[str, list] = {}
    for review in last_round_reviews:
        key = f"doc_{review.document_type_id}" if review.document_type_id else review.section
        earlier_comments.setdefault(key, []).append(review)

    sections = []
    for section in Section:
        entry = {
            "key": section.value,
            "label": section.label,
            "findings": [f for f in findings if f["section"] == section],
            "change": change["sections"].get(section) if change else None,
            "since_return": since_return["sections"].get(section) if since_return else None,
            "earlier": earlier_comments.get(section.value, []),
        }
        if section == Section.BASIC:
            entry["facts"] = _facts(facts, BASIC_FIELDS, reveal=reveal)
        elif section == Section.PREMISES:
            entry["facts"] = _facts(facts, PREMISES_FIELDS, reveal=reveal)
        elif section == Section.CLASSES:
            entry["classes"] = _class_rows(snapshot.get("classes", []))
            entry["total_seats"] = sum(c["seats"] for c in snapshot.get("classes", []))
        elif section == Section.STAFF:
            entry["staff"] = _staff_rows(snapshot.get("staff", []), today, reveal=reveal)
        else:
            entry["facts"] = _declaration(filing)
        sections.append(entry)
    for document in documents:
        document.earlier = earlier_comments.get(f"doc_{document.document_type_id}", [])

    events = list(filing.events.select_related("by").order_by("at", "pk"))
    for event in events:
        event.action_label = EVENT_LABELS.get(event.action) or event.action
    return {
        "sections": sections,
        "findings": findings,
        "change": change,
        "resubmitted": resubmitted,
        "since_return": since_return,
        "documents": documents,
        "new_documents": [d for d in documents if d.new_since_return],
        "reviews": reviews,
        "events": events,
    }
