"""Reads for inspections, rectifications, checklists and coverage. Every function starts from for_user()."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable

from django.db.models import Count, F, Max, Prefetch, Q, QuerySet

from institutions.choices import Category
from institutions.models import Institution

from .choices import CheckCategory, InspectionStatus, Outcome, RectificationStatus
from .models import (
    ChecklistItem,
    ChecklistTemplate,
    EvidenceFile,
    Inspection,
    InspectionFrequency,
    ItemCheck,
    Rectification,
)
from .services_inspections import PLANNED_STATUSES

# Without any configured frequency (the seed sets one), an institution is inspected twice a year.
FALLBACK_PER_YEAR = 2
# An inspection counts as due this many days before its date.
DUE_SOON_DAYS = 30


# --- Checklists -----------------------------------------------------------------------------------------


def checklist_versions() -> list[ChecklistTemplate]:
    """Every version of every checklist, with item and inspection counts, marked current/draft/superseded."""
    templates = list(
        ChecklistTemplate.objects.annotate(
            item_count=Count("items", distinct=True), inspection_count=Count("inspection", distinct=True)
        )
        .select_related("created_by")
        .order_by("name", "-version")
    )
    current = {t.name: t.version for t in templates if t.is_current}
    for template in templates:
        template.state = state_of(template, current.get(template.name, 0))
    return templates


def state_of(template: ChecklistTemplate, current_version: int) -> str:
    if template.is_current:
        return "current"
    return "draft" if template.version > current_version else "superseded"


def items_by_category(items: Iterable[ChecklistItem]) -> list[dict]:
    """Items in the order of the 11 categories, each category's in position order."""
    groups: dict[str, list] = {c.value: [] for c in CheckCategory}
    for item in items:
        groups.setdefault(item.category, []).append(item)
    return [{"category": c.value, "label": c.label, "items": groups[c.value]} for c in CheckCategory if groups[c.value]]


# --- Inspections ----------------------------------------------------------------------------------------


def inspection_list(*, user) -> QuerySet[Inspection]:
    """Inspections a user may see, with what a row shows (progress and problems), newest first."""
    return (
        Inspection.objects.for_user(user)
        .select_related("institution__jurisdiction", "created_by")
        .annotate(
            item_total=Count("checks"),
            item_answered=Count("checks", filter=~Q(checks__outcome="")),
            problem_count=Count("checks", filter=Q(checks__outcome=Outcome.NON_COMPLIANT)),
        )
        .order_by("-inspected_on", "-pk")
    )


def inspection_checks(inspection: Inspection) -> list[ItemCheck]:
    """The inspection's checked items with their item, photos and rectification, in three queries."""
    return list(
        inspection.checks.select_related("item", "rectification").prefetch_related(
            Prefetch("photos", queryset=EvidenceFile.objects.order_by("uploaded_at", "pk"))
        )
    )


def checks_by_category(checks: Iterable[ItemCheck]) -> list[dict]:
    """Checked items grouped by category, with how many are answered and how many are non-compliant."""
    groups: dict[str, list] = {c.value: [] for c in CheckCategory}
    for check in checks:
        groups.setdefault(check.item.category, []).append(check)
    result = []
    for category in CheckCategory:
        rows = groups[category.value]
        if not rows:
            continue
        result.append(
            {
                "category": category.value,
                "label": category.label,
                "checks": rows,
                "total": len(rows),
                "answered": sum(1 for c in rows if c.outcome),
                "problems": sum(1 for c in rows if c.outcome == Outcome.NON_COMPLIANT),
            }
        )
    return result


def outcome_counts(checks: Iterable[ItemCheck]) -> dict:
    checks = list(checks)
    counts = {o.value: 0 for o in Outcome}
    for check in checks:
        if check.outcome:
            counts[check.outcome] += 1
    counts["open"] = sum(1 for c in checks if not c.outcome)
    counts["total"] = len(checks)
    return counts


# --- Evidence -------------------------------------------------------------------------------------------


def evidence_for_user(user) -> QuerySet[EvidenceFile]:
    """Photos and scans of inspections and rectifications the user may see (none for anyone else)."""
    return EvidenceFile.objects.filter(
        Q(item_check__inspection__in=Inspection.objects.for_user(user))
        | Q(rectification__in=Rectification.objects.for_user(user))
    )


# --- Rectifications -------------------------------------------------------------------------------------


def overdue_q(today: datetime.date) -> Q:
    """Open past the deadline (an answered one waits for the official, not the operator)."""
    return Q(status=RectificationStatus.OPEN, deadline__lt=today)


def rectification_ledger(*, user) -> QuerySet[Rectification]:
    """The 台账: rectifications a user may see, with what a row shows, nearest deadline first."""
    return (
        Rectification.objects.for_user(user)
        .select_related("institution__jurisdiction", "item_check__item", "item_check__inspection")
        .order_by("deadline", "pk")
    )


def ledger_counts(queryset: QuerySet[Rectification], today: datetime.date) -> dict[str, int]:
    """How many rectifications of each status, and how many overdue, in one query."""
    aggregates = {s.value: Count("pk", filter=Q(status=s)) for s in RectificationStatus}
    aggregates["all"] = Count("pk")
    aggregates["overdue"] = Count("pk", filter=overdue_q(today))
    return queryset.order_by().aggregate(**aggregates)


def mark_overdue(rectifications: Iterable[Rectification], today: datetime.date) -> list[Rectification]:
    rows = list(rectifications)
    for row in rows:
        row.overdue = row.is_overdue(today)
        row.days_overdue = (today - row.deadline).days if row.overdue else 0
    return rows


# --- Inspection plan and coverage ----------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


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
    return FALLBACK_PER_YEAR, "district"


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
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
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


def coverage_counts(rows: Iterable[Institution]) -> dict[str, int]:
    counts = {"overdue": 0, "due": 0, "ok": 0}
    for row in rows:
        counts[row.coverage_flag] += 1
    return counts


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
