"""Reads for fee disclosures (收费公示).

The public pages use current_fee_schedule / published_fee_schedules_for / with_care_fee_range (published data
only, no user scope). Everything else starts from for_user() and runs in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from itertools import pairwise

from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    FilteredRelation,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.core.dates import add_months
from institutions.choices import REPORTING_STATUSES, FeeScheduleStatus, FeeType, FeeUnit
from institutions.models import FeeItem, FeeSchedule, Institution


class FeeState(models.TextChoices):
    NONE = "none", _("No disclosure")
    CURRENT = "current", _("Current")
    STALE = "stale", _("Stale")


STALE_REASONS = {
    "expired": _("its validity has ended"),
    "review": _("it is older than its review period"),
}


def current_fee_schedule(institution: Institution | int) -> FeeSchedule | None:
    """The institution's (or institution id's) published disclosure with its items, or None. Published is public."""
    return (
        FeeSchedule.objects.published()
        .filter(institution=institution)
        .select_related("institution")
        .prefetch_related("items")
        .first()
    )


def published_fee_schedules_for(institutions: Iterable[Institution] | QuerySet) -> dict[int, FeeSchedule]:
    """{institution id: published disclosure with its items} for many institutions, in two queries."""
    if isinstance(institutions, QuerySet):
        ids = institutions.order_by().values("pk")
    else:
        ids = [getattr(i, "pk", i) for i in institutions]
    schedules = FeeSchedule.objects.published().filter(institution__in=ids).prefetch_related("items")
    return {schedule.institution_id: schedule for schedule in schedules}


def fee_items_by_type(schedule: FeeSchedule) -> list[tuple[str, list[FeeItem]]]:
    """[(type label, items)] in the order of FeeType, leaving out types without items (uses the prefetch)."""
    items = list(schedule.items.all())
    groups = [(label, [item for item in items if item.fee_type == value]) for value, label in FeeType.choices]
    return [(label, rows) for label, rows in groups if rows]


def with_care_fee_range(institutions: QuerySet[Institution]) -> QuerySet[Institution]:
    """Annotate care_fee_min / care_fee_max: the monthly childcare fee (托育费/保育费) of the published disclosure.

    None where nothing is published or no care fee is per month. Filterable, e.g. care_fee_min__lte=2000.
    """
    items = FeeItem.objects.filter(
        schedule__institution=OuterRef("pk"),
        schedule__status=FeeScheduleStatus.PUBLISHED,
        fee_type=FeeType.CARE,
        unit=FeeUnit.MONTH,
    ).order_by()
    low = items.values("schedule__institution").annotate(v=Min("amount")).values("v")
    high = items.values("schedule__institution").annotate(v=Max("amount")).values("v")
    return institutions.annotate(care_fee_min=Subquery(low), care_fee_max=Subquery(high))


def stale_q(today: datetime.date, review_months: Iterable[int], prefix: str = "") -> Q:
    """FeeSchedule rows that FeeSchedule.is_stale(today) calls stale, as a database condition.

    A disclosure published on day s with a review period of m months is stale once today ≥ s + m months, i.e.
    when s ≤ today − m months (clamped to the month's end, as is_stale counts). The periods in use are few.
    """
    p = prefix
    condition = Q(**{f"{p}valid_to__lt": today})
    for months in set(review_months):
        cutoff = add_months(today, -months)
        bound = timezone.make_aware(datetime.datetime.combine(cutoff + datetime.timedelta(days=1), datetime.time.min))
        condition |= Q(**{f"{p}review_months": months}) & (
            Q(**{f"{p}published_at__lt": bound})
            | Q(**{f"{p}published_at__isnull": True, f"{p}valid_from__lte": cutoff})
        )
    return condition


def stale_reason(schedule: FeeSchedule | None, today: datetime.date | None = None) -> str:
    """'expired', 'review' or '' (see STALE_REASONS)."""
    today = today or timezone.localdate()
    if schedule is None or not schedule.is_stale(today):
        return ""
    return "expired" if schedule.valid_to and schedule.valid_to < today else "review"


def fee_state(schedule: FeeSchedule | None, today: datetime.date | None = None) -> str:
    if schedule is None:
        return FeeState.NONE
    return FeeState.STALE if schedule.is_stale(today or timezone.localdate()) else FeeState.CURRENT


def with_fee_state(institutions: QuerySet[Institution], today: datetime.date) -> QuerySet[Institution]:
    """Annotate fee_state (FeeState) and prefetch the published disclosure (with items) as published_fees."""
    # At most one published disclosure per institution (a unique constraint): a LEFT JOIN to it, not a subquery per
    # institution, so that counting 100,000 institutions by state is one hash join. The review periods in use are
    # few; those of every published disclosure make a condition that is right for any subset.
    periods = FeeSchedule.objects.published().order_by().values_list("review_months", flat=True).distinct()
    return (
        institutions.annotate(
            published=FilteredRelation("fee_schedules", condition=Q(fee_schedules__status=FeeScheduleStatus.PUBLISHED))
        )
        .annotate(
            fee_state=Case(
                When(published__id__isnull=True, then=Value(FeeState.NONE.value)),
                When(stale_q(today, list(periods), prefix="published__"), then=Value(FeeState.STALE.value)),
                default=Value(FeeState.CURRENT.value),
                output_field=CharField(),
            )
        )
        .prefetch_related(
            Prefetch(
                "fee_schedules",
                queryset=FeeSchedule.objects.published().prefetch_related("items"),
                to_attr="published_fees",
            )
        )
    )


def _decorate_fee_rows(rows: Iterable[Institution], today: datetime.date) -> list[Institution]:
    """Per row: the current schedule, why it is stale, and the range of its monthly care fee (no queries)."""
    rows = list(rows)
    for institution in rows:
        schedule = institution.published_fees[0] if institution.published_fees else None
        institution.current_fees = schedule
        reason = stale_reason(schedule, today)
        institution.stale_reason = STALE_REASONS.get(reason, "")
        amounts = [
            item.amount
            for item in (schedule.items.all() if schedule else [])
            if item.fee_type == FeeType.CARE and item.unit == FeeUnit.MONTH
        ]
        institution.care_fee_range = (min(amounts), max(amounts)) if amounts else None
    return rows


def fee_status_list(*, user, today: datetime.date | None = None) -> QuerySet[Institution]:
    """The filed institutions of the user's scope with the state of their fee disclosure (fee_state)."""
    today = today or timezone.localdate()
    institutions = Institution.objects.for_user(user).filter(status__in=REPORTING_STATUSES)
    return (
        with_fee_state(institutions, today).select_related("jurisdiction").order_by("jurisdiction__code", "name", "pk")
    )


def fee_state_counts(institutions: QuerySet[Institution]) -> dict[str, int]:
    """{'all', 'none', 'current', 'stale'} counts of an annotated list, in one query."""
    counts = institutions.order_by().aggregate(
        all=Count("pk"), **{state.value: Count("pk", filter=Q(fee_state=state.value)) for state in FeeState}
    )
    return counts


def for_fee_display(rows: Iterable[Institution], today: datetime.date | None = None) -> list[Institution]:
    return _decorate_fee_rows(rows, today or timezone.localdate())


def fee_history(*, user, institution: Institution) -> list[FeeSchedule]:
    """Every version the user may see, newest first, each with item_count and superseded_on (when replaced)."""
    rows = list(
        FeeSchedule.objects.for_user(user)
        .filter(institution=institution)
        .select_related("published_by", "created_by")
        .annotate(item_count=Count("items"))
        .order_by("-version")
    )
    published = sorted((r for r in rows if r.published_at), key=lambda r: r.version)
    for row in rows:
        row.superseded_on = None
    for earlier, later in pairwise(published):
        if earlier.status == FeeScheduleStatus.SUPERSEDED:
            earlier.superseded_on = later.published_at
    return rows
