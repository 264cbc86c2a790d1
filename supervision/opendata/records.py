"""Open data: the public register as CSV (UTF-8 with a BOM) and JSON, no sign-in.

The same institutions and the same facts as the public register pages (supervision.public.selectors): filed
institutions only (filed, or filed with a change pending), as filed; never a person's name, phone or e-mail, and
never the address of a 家庭托育点 (somebody's home). Ids are stable: the portal's institution id and the unified
social credit code; jurisdictions carry their 12-digit statistics code. Field names are fixed English keys,
labels are in Chinese, so scripts and Excel read the files the same way whatever language the visitor uses.

Both files are streamed, a chunk of institutions at a time, in a fixed number of queries per chunk, through
baodi_care.core.spreadsheets (the CSV is one of its tables; the JSON stream is written here)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from baodi_care.core.spreadsheets import Table, batches
from institutions.choices import Category, ClassType, ServiceForm
from institutions.models import Filing
from supervision.public.selectors import public_rows, register_queryset

CHUNK = 500
PLACEHOLDER_ID = 987654321  # an id no institution has, replaced by each row's in the page address


@dataclass(frozen=True)
class OpenField:
    key: str
    description: Promise
    example: str


FIELDS: tuple[OpenField, ...] = (
    OpenField("id", _("The institution's id in the portal; stable, also in the page address."), "42"),
    OpenField("uscc", _("Unified social credit code (统一社会信用代码), 18 characters."), "91120115MA05XXXXXX"),
    OpenField("name", _("Name as filed."), "天津市宝坻区小星星托育中心"),
    OpenField(
        "jurisdiction_code", _("12-digit statistics code (区划代码) of the sub-district or town."), "120115001000"
    ),
    OpenField("jurisdiction", _("Name of the sub-district or town."), "海滨街道"),
    OpenField("category", _("Category code: independent, kindergarten, employer, community, family."), "independent"),
    OpenField("category_label", _("Category in Chinese."), "独立托育机构"),
    OpenField(
        "service_forms",
        _("Service forms, codes: full_day, half_day, hourly, temporary (CSV: separated by ;)."),
        "full_day;half_day",
    ),
    OpenField("is_inclusive", _("Inclusive (普惠) childcare: true or false."), "true"),
    OpenField("is_demonstration", _("Demonstration institution (示范): true or false."), "false"),
    OpenField("provides_meals", _("Serves meals: true or false."), "true"),
    OpenField("seats", _("Seats (托位) in all classes."), "45"),
    OpenField("seats_infant", _("Seats in infant classes (6–12 months)."), "10"),
    OpenField("seats_toddler", _("Seats in toddler classes (12–24 months)."), "15"),
    OpenField("seats_senior", _("Seats in senior toddler classes (24–36 months)."), "20"),
    OpenField("seats_mixed", _("Seats in mixed-age classes (over 18 months)."), "0"),
    OpenField("classes", _("Number of classes."), "3"),
    OpenField("address", _("Address; empty for a family childcare point (家庭托育点), whose address is a home."), ""),
    OpenField("filed_on", _("Date the last filing was acknowledged (empty if taken over from an older register)."), ""),
    OpenField("receipt_number", _("Number of the last filing receipt (备案回执)."), ""),
    OpenField("care_fee_min", _("Lowest published monthly childcare fee, yuan (empty if none published)."), "1800.00"),
    OpenField("care_fee_max", _("Highest published monthly childcare fee, yuan."), "2600.00"),
    OpenField("url", _("The institution's public page."), "https://…/public/institutions/42/"),
)

FIELD_KEYS = [f.key for f in FIELDS]

SEAT_KEYS = {
    ClassType.INFANT: "seats_infant",
    ClassType.TODDLER: "seats_toddler",
    ClassType.SENIOR: "seats_senior",
    ClassType.MIXED: "seats_mixed",
}


def open_register():
    """The public register by id, with the jurisdiction code as filed (or the live one when nothing was filed)."""
    filed_code = Filing.objects.filter(pk=OuterRef("filed_pk")).values(c=KT("snapshot__institution__jurisdiction_code"))
    return (
        register_queryset()
        .annotate(
            open_jurisdiction_code=Coalesce(Subquery(filed_code[:1]), F("jurisdiction__code"), output_field=CharField())
        )
        .order_by("pk")
    )


def records(base_url: str) -> Iterator[dict]:
    """One dict per institution of the public register, CHUNK institutions (and a few queries) at a time."""
    # Worked out once, not per row: labels (translated), and the page address with the id to fill in.
    service_codes = {str(form.label): form.value for form in ServiceForm}
    category_labels = {category.value: str(category.label) for category in Category}
    page_url = base_url + reverse("public:institution", args=[PLACEHOLDER_ID]).replace(str(PLACEHOLDER_ID), "{}")
    for chunk in batches(open_register(), CHUNK):
        codes = {i.pk: i.open_jurisdiction_code for i in chunk}
        for row in public_rows(chunk):
            seats = {key: 0 for key in SEAT_KEYS.values()}
            for group in row.classes:
                seats[SEAT_KEYS[group["class_type"]]] = group["seats"]
            yield {
                "id": row.pk,
                "uscc": row.uscc,
                "name": row.name,
                "jurisdiction_code": codes.get(row.pk) or "",
                "jurisdiction": row.jurisdiction,
                "category": row.category,
                "category_label": category_labels.get(row.category, ""),
                "service_forms": [service_codes[label] for label in row.service_forms if label in service_codes],
                "is_inclusive": row.is_inclusive,
                "is_demonstration": row.is_demonstration,
                "provides_meals": row.provides_meals,
                "seats": row.total_seats,
                **seats,
                "classes": row.class_count,
                "address": "" if row.is_family_point else row.address,
                "filed_on": row.filed_on.isoformat() if row.filed_on else "",
                "receipt_number": row.receipt_number,
                "care_fee_min": _money(row.care_fee_min),
                "care_fee_max": _money(row.care_fee_max),
                "url": page_url.format(row.pk),
            }


def _money(value) -> str:
    """Yuan with two decimals (SQLite hands back aggregates without their scale)."""
    return "" if value is None else f"{Decimal(value):.2f}"


def _cell(value):
    """Values as scripts read them: true/false, codes separated by ";"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    return value


def csv_table(base_url: str) -> Table:
    rows = ([_cell(record[key]) for key in FIELD_KEYS] for record in records(base_url))
    return Table(headers=FIELD_KEYS, rows=rows)


def json_chunks(base_url: str, documentation: str) -> Iterator[bytes]:
    """{"title", "generated", "documentation", "fields", "institutions": [...], "count"}, written as it goes."""
    head = {
        "title": "宝坻区托育机构备案名录 (Baodi District register of filed childcare institutions)",
        "generated": timezone.localtime().isoformat(timespec="seconds"),
        "documentation": documentation,
        "fields": {f.key: str(f.description) for f in FIELDS},
    }
    yield (json.dumps(head, ensure_ascii=False)[:-1] + ', "institutions": [').encode("utf-8")
    count = 0
    for record in records(base_url):
        yield ((",\n" if count else "\n") + json.dumps(record, ensure_ascii=False)).encode("utf-8")
        count += 1
    yield f'\n], "count": {count}}}\n'.encode()
