"""Figures of the dashboard (统计报表): one selector per figure, each returning rows (a list of dicts).

Every selector starts from the models' for_user() (through scope.py): an official's figures cover their
jurisdiction only, the commission's the district (or the one jurisdiction it picked). Counting happens in the
database with GROUP BY, so the number of queries does not grow with the number of institutions. Medians are
computed in Python with statistics.median over one values_list: exact, the same on SQLite and PostgreSQL, and
cheap at district scale (a few hundred institutions, a few thousand filing events a year). Each row that sums up
the others carries is_total=True (it is in the table and the download, not the chart)."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from baodi_care.accounts.models import Jurisdiction
from institutions.calendar.workdays import WorkdayCounter
from institutions.choices import Category, ClassType, FeeType, FeeUnit, FilingStatus
from institutions.models import (
    ClassGroup,
    FeeItem,
    FeeSchedule,
    Filing,
    FilingEvent,
    OperatingReport,
)
from supervision.choices import CheckCategory, InspectionStatus, Outcome, RectificationStatus
from supervision.models import Inspection, ItemCheck, Rectification
from supervision.statistics.scope import (
    ALL_CLASS_TYPES,
    REVIEWED_FILING_STATUSES,
    TARGET_INCLUSIVE_SHARE,
    TARGET_SEATS_PER_1000,
    TOTAL,
    Filters,
    _median,
    _per_jurisdiction,
    _ratio,
    _scoped,
    filed_institutions,
    jurisdictions,
)


def institutions_and_seats(user, f: Filters) -> list[dict]:
    """Filed institutions and their seats (托位) by jurisdiction × category × inclusive (普惠), non-empty groups."""
    filed = filed_institutions(user, f)
    keys = ("jurisdiction_id", "category", "is_inclusive")
    counts = {tuple(r[k] for k in keys): r["n"] for r in filed.values(*keys).annotate(n=Count("pk")).order_by()}
    seat_keys = ("institution__jurisdiction_id", "institution__category", "institution__is_inclusive")
    seats = {
        tuple(r[k] for k in seat_keys): r["n"]
        for r in ClassGroup.objects.filter(institution__in=filed).values(*seat_keys).annotate(n=Sum("seats")).order_by()
    }
    names = {j.pk: j for j in Jurisdiction.objects.filter(pk__in={k[0] for k in counts})}
    category_order = {c.value: i for i, c in enumerate(Category)}
    rows = []
    for key in sorted(counts, key=lambda k: (names[k[0]].code, category_order.get(k[1], 99), not k[2])):
        place, category, inclusive = key
        rows.append(
            {
                "code": names[place].code,
                "jurisdiction": names[place].name,
                "category": Category(category).label if category in category_order else category,
                "category_code": category,
                "inclusive": inclusive,
                "institutions": counts[key],
                "seats": seats.get(key, 0),
            }
        )
    rows.append(
        {
            "code": "",
            "jurisdiction": TOTAL,
            "category": "",
            "category_code": "",
            "inclusive": None,
            "institutions": sum(r["institutions"] for r in rows),
            "seats": sum(r["seats"] for r in rows),
            "is_total": True,
        }
    )
    return rows


def provision(user, f: Filters) -> list[dict]:
    """Seats per 1,000 population and the inclusive share of seats, per jurisdiction and in total.

    A jurisdiction without a recorded population has no rate ("—", not a division by zero). The total rate
    counts only the jurisdictions whose population is recorded, seats and population alike, so that a missing
    population does not inflate it.
    """
    places = jurisdictions(user, f)
    filed = filed_institutions(user, f)
    seats = {
        r["institution__jurisdiction_id"]: r
        for r in ClassGroup.objects.filter(institution__in=filed)
        .values("institution__jurisdiction_id")
        .annotate(all_seats=Sum("seats"), inclusive=Sum("seats", filter=Q(institution__is_inclusive=True)))
        .order_by()
    }
    rows = []
    for place in places:
        got = seats.get(place.pk, {})
        rows.append(
            _provision_row(
                {"code": place.code, "jurisdiction": place.name},
                population=place.population,
                seats=got.get("all_seats") or 0,
                inclusive_seats=got.get("inclusive") or 0,
                rate_seats=got.get("all_seats") or 0,
            )
        )
    known = [r for r in rows if r["population"]]
    rows.append(
        _provision_row(
            {"code": "", "jurisdiction": TOTAL, "is_total": True},
            population=sum(r["population"] for r in known) if known else None,
            seats=sum(r["seats"] for r in rows),
            inclusive_seats=sum(r["inclusive_seats"] for r in rows),
            rate_seats=sum(r["seats"] for r in known),
        )
    )
    return rows


def _provision_row(base: dict, *, population, seats: int, inclusive_seats: int, rate_seats: int) -> dict:
    per_1000 = _ratio(rate_seats, population, scale=1000, places="0.01")
    share = _ratio(inclusive_seats, seats)
    return {
        **base,
        "population": population,
        "seats": seats,
        "seats_per_1000": per_1000,
        "seats_target": TARGET_SEATS_PER_1000,
        "seats_target_met": None if per_1000 is None else per_1000 >= TARGET_SEATS_PER_1000,
        "inclusive_seats": inclusive_seats,
        "inclusive_share": share,
        "inclusive_target": TARGET_INCLUSIVE_SHARE,
        "inclusive_target_met": None if share is None else share >= TARGET_INCLUSIVE_SHARE,
    }


def filings_by_status(user, f: Filters) -> list[dict]:
    """Filings first submitted in the period, by jurisdiction and by where they stand now."""
    filings = _scoped(Filing.objects.for_user(user), f, "institution__jurisdiction_id").filter(
        first_submitted_at__gte=f.start_at, first_submitted_at__lt=f.end_before
    )
    data: dict[int, dict] = defaultdict(dict)
    for r in filings.values("institution__jurisdiction_id", "status").annotate(n=Count("pk")).order_by():
        data[r["institution__jurisdiction_id"]][r["status"]] = r["n"]
    for counts in data.values():
        counts["total"] = sum(counts.values())
    zero = {status.value: 0 for status in REVIEWED_FILING_STATUSES} | {"total": 0}
    return _per_jurisdiction(jurisdictions(user, f), data, zero)


# Stages of the filing workflow: the status that starts the clock, and the one the clock stops by leaving.
STAGES = {
    # 街镇初审: from a submission to the official's decision on it (accept, return or reject), each round.
    "first_review": FilingStatus.SUBMITTED,
    # 区卫健委: from acceptance to the commission's answer (the 备案回执, or a rejection).
    "acknowledgement": FilingStatus.ACCEPTED,
}


def processing_times(user, f: Filters) -> list[dict]:
    """Median days (calendar and working) per stage, for the stages completed in the period.

    Each stage runs from the event entering its status to the next event leaving it (FilingEvent timestamps);
    a filing returned and resubmitted has one first-review stage per round.
    """
    filings = _scoped(Filing.objects.for_user(user), f, "institution__jurisdiction_id")
    active = FilingEvent.objects.filter(at__gte=f.start_at, at__lt=f.end_before).values("filing_id")
    events = (
        FilingEvent.objects.filter(filing__in=filings, filing_id__in=active)
        .exclude(from_status=F("to_status"))
        .order_by("filing_id", "at", "pk")
        .values_list("filing_id", "from_status", "to_status", "at", "filing__institution__jurisdiction_id")
    )
    spans: list[tuple[int, str, datetime.datetime, datetime.datetime]] = []
    open_since: dict[tuple[int, str], datetime.datetime] = {}
    start_at, end_before = f.start_at, f.end_before  # worked out once, not per event
    for filing_id, from_status, to_status, at, place in events:
        for stage, status in STAGES.items():
            started = open_since.pop((filing_id, stage), None)
            if started and from_status == status and start_at <= at < end_before:
                spans.append((place, stage, started, at))
            elif started and from_status != status:
                open_since[(filing_id, stage)] = started  # an unrelated event: the clock keeps running
            if to_status == status:
                open_since[(filing_id, stage)] = at
    counter = _workday_counter(spans)
    local = timezone.get_current_timezone()  # once: timezone.localdate() looks it up on every call
    durations: dict[tuple[int | None, str], dict[str, list]] = defaultdict(lambda: {"days": [], "workdays": []})
    for place, stage, started, ended in spans:
        days = (ended - started).total_seconds() / 86400
        workdays = counter.between(started.astimezone(local).date(), ended.astimezone(local).date())
        for key in ((place, stage), (None, stage)):
            durations[key]["days"].append(days)
            durations[key]["workdays"].append(workdays)

    def figures(place: int | None) -> dict:
        row = {}
        for stage in STAGES:
            got = durations.get((place, stage), {"days": [], "workdays": []})
            row[f"{stage}_n"] = len(got["days"])
            row[f"{stage}_days"] = _median(got["days"])
            row[f"{stage}_workdays"] = _median(got["workdays"])
        return row

    places = jurisdictions(user, f)
    zero = {key: None for key in figures(None)}
    return _per_jurisdiction(places, {p.pk: figures(p.pk) for p in places}, zero, total=figures(None))


def _workday_counter(spans: list) -> WorkdayCounter | None:
    """Working days for the days the spans cover, judged once (the holiday table fetched in one query)."""
    if not spans:
        return None
    first = min(timezone.localdate(s[2]) for s in spans)
    last = max(timezone.localdate(s[3]) for s in spans)
    return WorkdayCounter(first, last)


def _finished_inspections(user, f: Filters) -> QuerySet[Inspection]:
    return _scoped(Inspection.objects.for_user(user), f, "institution__jurisdiction_id").filter(
        status=InspectionStatus.FINISHED, inspected_on__gte=f.start, inspected_on__lte=f.end
    )


def inspection_coverage(user, f: Filters) -> list[dict]:
    """Filed institutions inspected at least once in the period (a finished inspection), out of all filed."""
    inspections = _finished_inspections(user, f)
    filed = filed_institutions(user, f).annotate(inspected=Exists(inspections.filter(institution=OuterRef("pk"))))
    data: dict[int, dict] = defaultdict(dict)
    for r in (
        filed.values("jurisdiction_id")
        .annotate(filed=Count("pk"), inspected_count=Count("pk", filter=Q(inspected=True)))
        .order_by()
    ):
        data[r["jurisdiction_id"]].update(filed=r["filed"], inspected=r["inspected_count"])
    for r in inspections.values("institution__jurisdiction_id").annotate(n=Count("pk")).order_by():
        data[r["institution__jurisdiction_id"]]["inspections"] = r["n"]
    rows = _per_jurisdiction(jurisdictions(user, f), data, {"filed": 0, "inspected": 0, "inspections": 0})
    for row in rows:
        row["coverage"] = _ratio(row["inspected"], row["filed"])
    return rows


def non_compliance(user, f: Filters) -> list[dict]:
    """Checked items of the inspections finished in the period, by checklist category and outcome.

    The rate is non-compliant / (compliant + non-compliant): items not applicable do not count.
    """
    checks = ItemCheck.objects.filter(inspection__in=_finished_inspections(user, f))
    counted = {
        r["item__category"]: r
        for r in checks.values("item__category")
        .annotate(
            compliant=Count("pk", filter=Q(outcome=Outcome.COMPLIANT)),
            non_compliant=Count("pk", filter=Q(outcome=Outcome.NON_COMPLIANT)),
            not_applicable=Count("pk", filter=Q(outcome=Outcome.NOT_APPLICABLE)),
        )
        .order_by()
    }
    rows = []
    for category in CheckCategory:
        got = counted.get(category.value, {})
        rows.append(
            {
                "category": category.label,
                "category_code": category.value,
                "compliant": got.get("compliant", 0),
                "non_compliant": got.get("non_compliant", 0),
                "not_applicable": got.get("not_applicable", 0),
            }
        )
    total = {key: sum(r[key] for r in rows) for key in ("compliant", "non_compliant", "not_applicable")}
    rows.append({"category": TOTAL, "category_code": "", **total, "is_total": True})
    for row in rows:
        row["rate"] = _ratio(row["non_compliant"], row["compliant"] + row["non_compliant"])
    return rows


def rectifications(user, f: Filters, today: datetime.date | None = None) -> list[dict]:
    """Rectifications by jurisdiction: ordered and verified in the period, and those still open today.

    "Still open" counts the ones ordered before the end of the period that are not verified yet; overdue are
    those awaiting the operator past their deadline (Rectification.is_overdue).
    """
    today = today or timezone.localdate()
    qs = _scoped(Rectification.objects.for_user(user), f, "institution__jurisdiction_id")
    in_period = Q(created_at__gte=f.start_at, created_at__lt=f.end_before)
    still_open = Q(created_at__lt=f.end_before)
    data = {
        r["institution__jurisdiction_id"]: {k: v for k, v in r.items() if k != "institution__jurisdiction_id"}
        for r in qs.values("institution__jurisdiction_id")
        .annotate(
            ordered=Count("pk", filter=in_period),
            verified=Count(
                "pk",
                filter=Q(
                    status=RectificationStatus.VERIFIED, verified_at__gte=f.start_at, verified_at__lt=f.end_before
                ),
            ),
            awaiting_operator=Count("pk", filter=still_open & Q(status=RectificationStatus.OPEN)),
            awaiting_verification=Count("pk", filter=still_open & Q(status=RectificationStatus.ANSWERED)),
            overdue=Count("pk", filter=still_open & Q(status=RectificationStatus.OPEN, deadline__lt=today)),
        )
        .order_by()
    }
    zero = {"ordered": 0, "verified": 0, "awaiting_operator": 0, "awaiting_verification": 0, "overdue": 0}
    return _per_jurisdiction(jurisdictions(user, f), data, zero)


def care_fees(user, f: Filters) -> list[dict]:
    """The median monthly childcare fee (托育费/保育费 per month) by class type, from published disclosures.

    Counted: the items of type "care" with unit "month" of each published disclosure (the current version)
    whose validity overlaps the period. An item for one class type counts for that type. An item left blank
    ("all classes") counts for every class type the institution has, except the types its disclosure prices
    with an item of their own. The last row, "all class types", takes every item once, as it is written.
    """
    schedules = (
        _scoped(FeeSchedule.objects.for_user(user).published(), f, "institution__jurisdiction_id")
        .filter(valid_from__lte=f.end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=f.start))
    )
    items = list(
        FeeItem.objects.filter(schedule__in=schedules, fee_type=FeeType.CARE, unit=FeeUnit.MONTH).values_list(
            "schedule_id", "schedule__institution_id", "class_type", "amount"
        )
    )
    class_types: dict[int, set[str]] = defaultdict(set)
    for institution_id, class_type in (
        ClassGroup.objects.filter(institution__in=schedules.values("institution_id"))
        .values_list("institution_id", "class_type")
        .distinct()
    ):
        class_types[institution_id].add(class_type)
    priced: dict[int, set[str]] = defaultdict(set)
    for schedule_id, _institution, class_type, _amount in items:
        if class_type:
            priced[schedule_id].add(class_type)
    amounts: dict[str, list[Decimal]] = defaultdict(list)
    institutions_of: dict[str, set[int]] = defaultdict(set)
    for schedule_id, institution_id, class_type, amount in items:
        applies = {class_type} if class_type else class_types[institution_id] - priced[schedule_id]
        for applied in applies:
            amounts[applied].append(amount)
            institutions_of[applied].add(institution_id)
    rows = [
        _fee_row(class_type.label, class_type.value, amounts[class_type.value], institutions_of[class_type.value])
        for class_type in ClassType
    ]
    every = _fee_row(ALL_CLASS_TYPES, "", [i[3] for i in items], {i[1] for i in items})
    rows.append({**every, "is_total": True})
    return rows


def _fee_row(label, code: str, amounts: list[Decimal], institution_ids: set[int]) -> dict:
    return {
        "class_type": label,
        "class_type_code": code,
        "items": len(amounts),
        "institutions": len(institution_ids),
        "minimum": min(amounts) if amounts else None,
        "median": _money(statistics.median(amounts)) if amounts else None,
        "maximum": max(amounts) if amounts else None,
    }


def _money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


ENROLLED = F("enrolled_infant") + F("enrolled_toddler") + F("enrolled_senior") + F("enrolled_mixed")


def enrolment(user, f: Filters) -> list[dict]:
    """Each institution's latest operating report for a month of the period: enrolled vs seats when reported."""
    reports = _scoped(OperatingReport.objects.for_user(user), f, "institution__jurisdiction_id").filter(
        period__gte=f.first_month, period__lte=f.end
    )
    latest = reports.filter(institution=OuterRef("institution")).order_by("-period").values("period")[:1]
    data = {
        r["institution__jurisdiction_id"]: {k: v for k, v in r.items() if k != "institution__jurisdiction_id"}
        for r in reports.filter(period=Subquery(latest))
        .values("institution__jurisdiction_id")
        .annotate(
            reporting=Count("pk"),
            enrolled=Sum(ENROLLED),
            seats=Sum("seats_at_submission"),
            over_capacity=Sum(
                Case(
                    When(GreaterThan(ENROLLED, F("seats_at_submission")), then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            ),
        )
        .order_by()
    }
    zero = {"reporting": 0, "enrolled": 0, "seats": 0, "over_capacity": 0}
    rows = _per_jurisdiction(jurisdictions(user, f), data, zero)
    for row in rows:
        row["occupancy"] = _ratio(row["enrolled"], row["seats"])
    return rows
