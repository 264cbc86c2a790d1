"""Reads for the inspection plan: the frequency rules, how often each institution is due, coverage."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Count, F, Max, Q

from baodi_care.core.dates import add_months
from institutions.choices import Category
from institutions.models import Institution
from supervision.choices import PLANNED_STATUSES, InspectionStatus
from supervision.models import InspectionFrequency


def frequency_rules() -> dict:
    """The district default and the per-category frequencies (one query)."""
    rules = {"default": None, "categories": {}}
    for frequency in InspectionFrequency.objects.filter(institution__isnull=True):
        if frequency.category:
            rules["categories"][frequency.category] = frequency
        else:
            rules["default"] = frequency
    return rules


def required_per_year(institution: Institution, rules: dict, own: int | None = None) -> tuple[int, str]:
    """How often the institution must be inspected, and which rule says so: its own, its category's, the district's."""
    if own:
        return own, "institution"
    by_category = rules["categories"].get(institution.category)
    if by_category:
        return by_category.per_year, "category"
    if rules["default"]:
        return rules["default"].per_year, "district"
    return settings.INSPECTION_FALLBACK_PER_YEAR, "district"


def coverage(
    *, user, today: datetime.date, jurisdiction=None, institution: Institution | None = None, flag: str = ""
) -> list[Institution]:
    """Filed institutions in the user's scope with their last inspection, count this year and next due date.

    Two queries, whatever the number of institutions; most urgent first.
    """
    finished = Q(inspections__status=InspectionStatus.FINISHED)
    institutions = (
        Institution.objects.for_user(user)
        .filter(status__in=PLANNED_STATUSES)
        .select_related("jurisdiction")
        .annotate(
            last_inspected=Max("inspections__inspected_on", filter=finished),
            inspected_this_year=Count(
                "inspections", filter=finished & Q(inspections__inspected_on__year=today.year), distinct=True
            ),
            own_per_year=F("inspection_frequency__per_year"),
        )
    )
    if jurisdiction is not None:
        institutions = institutions.filter(jurisdiction=jurisdiction)
    if institution is not None:
        institutions = institutions.filter(pk=institution.pk)
    rules = frequency_rules()
    rows = []
    soon = today + datetime.timedelta(days=settings.INSPECTION_DUE_SOON_DAYS)
    for row in institutions:
        per_year, rule = required_per_year(row, rules, row.own_per_year)
        row.per_year = per_year
        row.frequency_rule = rule
        # Never inspected: due now.
        row.next_due = add_months(row.last_inspected, 12 // per_year) if row.last_inspected else None
        row.overdue = row.next_due is not None and row.next_due < today
        row.due = not row.overdue and (row.next_due is None or row.next_due <= soon)
        row.coverage_flag = "overdue" if row.overdue else ("due" if row.due else "ok")
        rows.append(row)
    if flag in ("overdue", "due", "ok"):
        rows = [r for r in rows if r.coverage_flag == flag]
    rank = {"overdue": 0, "due": 1, "ok": 2}
    rows.sort(key=lambda r: (rank[r.coverage_flag], r.next_due or datetime.date.min, r.name, r.pk))
    return rows


def frequency_table() -> dict:
    """What the plan page shows: the district default, each category's rule, and the institutions' own."""
    rules = frequency_rules()
    categories = [{"category": c, "frequency": rules["categories"].get(c.value)} for c in Category]
    overrides = list(
        InspectionFrequency.objects.filter(institution__isnull=False)
        .select_related("institution__jurisdiction")
        .order_by("institution__name", "pk")
    )
    return {"default": rules["default"], "categories": categories, "overrides": overrides}
