"""Reads for the inspection plan: the frequency rules, how often each institution is due, coverage."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from baodi_care.core.dates import AddMonths
from institutions.choices import Category
from institutions.models import Institution
from supervision.choices import PLANNED_STATUSES, InspectionStatus
from supervision.models import Inspection, InspectionFrequency


def frequency_rules() -> dict:
    """The district default and the per-category frequencies (one query)."""
    rules = {"default": None, "categories": {}}
    for frequency in InspectionFrequency.objects.filter(institution__isnull=True):
        if frequency.category:
            rules["categories"][frequency.category] = frequency
        else:
            rules["default"] = frequency
    return rules


FLAG_RANK = {"overdue": 0, "due": 1, "ok": 2}


def coverage(
    *, user, today: datetime.date, jurisdiction=None, institution: Institution | None = None, flag: str = ""
) -> QuerySet[Institution]:
    """Filed institutions in the user's scope with their last inspection, count this year, how often they must be
    inspected and by which rule, next due date and flag (overdue, due within INSPECTION_DUE_SOON_DAYS, ok): all
    worked out in SQL, so that a page, a tab count or a filter costs what it costs at any size. Most urgent first;
    never inspected is due now (next_due empty)."""
    # The rules (one small query): the category's, else the district default, else the setting, as a CASE.
    rules = frequency_rules()
    district = rules["default"].per_year if rules["default"] else settings.INSPECTION_FALLBACK_PER_YEAR
    by_category = {category: rule.per_year for category, rule in rules["categories"].items()}
    category_rule = Case(
        *[When(category=category, then=Value(per_year)) for category, per_year in by_category.items()],
        default=Value(district),
        output_field=IntegerField(),
    )
    finished = Inspection.objects.filter(institution=OuterRef("pk"), status=InspectionStatus.FINISHED)
    this_year = finished.filter(inspected_on__year=today.year).order_by().values("institution").annotate(n=Count("pk"))
    soon = today + datetime.timedelta(days=settings.INSPECTION_DUE_SOON_DAYS)
    institutions = (
        Institution.objects.for_user(user)
        .filter(status__in=PLANNED_STATUSES)
        .select_related("jurisdiction")
        .annotate(
            last_inspected=F("last_inspected_on"),  # kept by the inspection service (note_last_inspections)
            inspected_this_year=Coalesce(Subquery(this_year.values("n")), 0),
            own_per_year=F("inspection_frequency__per_year"),
            per_year=Coalesce("own_per_year", category_rule, output_field=IntegerField()),
            frequency_rule=Case(
                When(own_per_year__isnull=False, then=Value("institution")),
                When(category__in=list(by_category), then=Value("category")),
                default=Value("district"),
            ),
            next_due=AddMonths("last_inspected", 12 / F("per_year")),
            coverage_flag=Case(
                When(next_due__lt=today, then=Value("overdue")),
                When(Q(next_due__isnull=True) | Q(next_due__lte=soon), then=Value("due")),
                default=Value("ok"),
            ),
            flag_rank=Case(*[When(coverage_flag=f, then=Value(r)) for f, r in FLAG_RANK.items()]),
        )
        .order_by("flag_rank", F("next_due").asc(nulls_first=True), "name", "pk")
    )
    if jurisdiction is not None:
        institutions = institutions.filter(jurisdiction=jurisdiction)
    if institution is not None:
        institutions = institutions.filter(pk=institution.pk)
    if flag in FLAG_RANK:
        institutions = institutions.filter(coverage_flag=flag)
    return institutions


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
