"""A small district whose numbers are counted by hand, for the dashboard's tests (the `district` fixture).

The district (period under test: the year 2025; filings are re-timed with queryset.update so durations are known):

海滨街道 (population 100,000), operator `operator`, official `official`:
  H1 independent, 普惠, toddler 15 + senior 20 = 35 seats; filed (returned once)  acknowledged 2025-03-17
  H2 community,   普惠, infant 10                = 10 seats; filed                  acknowledged 2025-04-14
  H3 independent, not 普惠, toddler 15           = 15 seats; filed                  acknowledged 2025-05-23
  H4 independent, not 普惠, toddler 15; a draft institution with a submitted filing (not on the register)
宝平街道 (population 10,000), operator `other_operator`, official `other_official`:
  B1 kindergarten class, 普惠, senior 20         = 20 seats; filed                  acknowledged 2025-03-11
  B2 independent, not 普惠, toddler 15 + 15      = 30 seats; filed                  acknowledged 2025-09-08
Every other jurisdiction has no population recorded.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from baodi_care.accounts.models import Jurisdiction
from institutions.choices import Category, ClassType, FeeType, FeeUnit, FilingAction
from institutions.fees.services import save_fee_schedule, start_fee_schedule
from institutions.filings import services
from institutions.models import Filing, FilingEvent
from institutions.reports.services import submit_operating_report
from supervision.choices import InspectionKind, InspectionMode, InspectionStatus, Outcome, RectificationStatus
from supervision.models import ChecklistTemplate, Inspection, ItemCheck, Rectification
from supervision.statistics.registry import FIGURES, figure_rows
from supervision.statistics.scope import Filters
from tests import factories
from tests.filing_helpers import correction, make_submitted_filing

Y2025 = Filters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))
Y2024 = Filters(start=datetime.date(2024, 1, 1), end=datetime.date(2024, 12, 31))
Q1_2025 = Filters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 3, 31))
QUERY_2025 = {"date_from": "2025-01-01", "date_to": "2025-12-31"}


def at(day: str, time: str = "09:00") -> datetime.datetime:
    """A moment in Beijing time."""
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day} {time}"))


def retime(filing: Filing, *moments: datetime.datetime) -> None:
    """Give the filing's steps (in order) these times, and its first submission the first of them.

    Events that are not steps (creation, uploads) move to the day before, so the order stays true.
    """
    steps = filing.events.filter(action__in=FilingAction.values).order_by("at", "pk").values_list("pk", flat=True)
    steps = list(steps)
    assert len(steps) == len(moments)
    for pk, moment in zip(steps, moments, strict=True):
        FilingEvent.objects.filter(pk=pk).update(at=moment)
    filing.events.exclude(pk__in=steps).update(at=moments[0] - datetime.timedelta(days=1))
    Filing.objects.filter(pk=filing.pk).update(first_submitted_at=moments[0])


def file_institution(institution, operator, official, commission, *moments, returned: bool = False) -> Filing:
    """Submit, (return and resubmit,) accept and acknowledge an initial filing, then re-time its steps."""
    filing = make_submitted_filing(institution, operator)
    if returned:
        filing = services.return_filing(filing=filing, by=official, version=filing.version, reviews=correction())
        filing = services.submit_filing(filing=filing, by=operator, version=filing.version)
    filing = services.accept_filing(filing=filing, by=official, version=filing.version)
    filing = services.acknowledge_filing(filing=filing, by=commission, version=filing.version)
    retime(filing, *moments)
    return filing


def publish_fees(institution, operator, items, valid_from=datetime.date(2025, 1, 1), valid_to=None):
    schedule, _ = start_fee_schedule(institution=institution, by=operator, copy_current=False)
    specs = [
        {"fee_type": fee_type, "name": name, "class_type": class_type, "amount": Decimal(amount), "unit": unit}
        for fee_type, name, class_type, amount, unit in items
    ]
    return save_fee_schedule(
        schedule=schedule, by=operator, items=specs, publish=True, valid_from=valid_from, valid_to=valid_to,
        refund_rules="按月退费", advance_payment_rules="预收费用不超过3个月",
    )  # fmt: skip


def care(class_type: str, amount: str):
    return (FeeType.CARE, "保育费", class_type, amount, FeeUnit.MONTH)


def report(institution, operator, period: str, **enrolled):
    return submit_operating_report(
        institution=institution, by=operator, period=datetime.date.fromisoformat(period),
        staff_on_duty=8, caregivers_on_duty=5, **enrolled,
    )  # fmt: skip


def inspect(institution, by, on: str, checks, status=InspectionStatus.FINISHED) -> list[ItemCheck]:
    """An inspection recorded directly (its services are another part's); checks: [(item, outcome)]."""
    inspection = Inspection.objects.create(
        institution=institution, template=ChecklistTemplate.objects.get(is_current=True), mode=InspectionMode.PLANNED,
        kind=InspectionKind.ROUTINE, inspected_on=datetime.date.fromisoformat(on), status=status, created_by=by,
    )  # fmt: skip
    return [ItemCheck.objects.create(inspection=inspection, item=item, outcome=outcome) for item, outcome in checks]


def rectify(check: ItemCheck, *, ordered: str, deadline: str, status: str, verified: str | None = None):
    rectification = Rectification.objects.create(
        item_check=check, institution=check.inspection.institution, deadline=datetime.date.fromisoformat(deadline),
        status=status,
    )  # fmt: skip
    Rectification.objects.filter(pk=rectification.pk).update(
        created_at=at(ordered), verified_at=at(verified) if verified else None
    )
    return rectification


@pytest.fixture
def district(haibin, baoping, operator, other_operator, official, other_official, commission):
    Jurisdiction.objects.filter(pk=haibin.pk).update(population=100_000)
    Jurisdiction.objects.filter(pk=baoping.pk).update(population=10_000)

    def make(owner, place, name, category, inclusive, classes):
        return factories.make_institution(
            operator=owner, jurisdiction=place, name=name, category=category, is_inclusive=inclusive,
            classes=[{"name": f"{name}{i}", "class_type": t, "seats": s} for i, (t, s) in enumerate(classes)],
        )  # fmt: skip

    h1 = make(
        operator, haibin, "海滨一托", Category.INDEPENDENT, True, [(ClassType.TODDLER, 15), (ClassType.SENIOR, 20)]
    )
    h2 = make(operator, haibin, "海滨二托", Category.COMMUNITY, True, [(ClassType.INFANT, 10)])
    h3 = make(operator, haibin, "海滨三托", Category.INDEPENDENT, False, [(ClassType.TODDLER, 15)])
    h4 = make(operator, haibin, "海滨四托", Category.INDEPENDENT, False, [(ClassType.TODDLER, 15)])
    b1 = make(other_operator, baoping, "宝平一托", Category.KINDERGARTEN_CLASS, True, [(ClassType.SENIOR, 20)])
    b2 = make(
        other_operator,
        baoping,
        "宝平二托",
        Category.INDEPENDENT,
        False,
        [(ClassType.TODDLER, 15), (ClassType.TODDLER, 15)],
    )

    # Filings. First review spans (days / working days, chinese-calendar 2025):
    #   H1: 03-03 → 03-05 = 2.0 / 2 (returned); 03-10 → 03-14 = 4.0 / 4;  commission 03-14 → 03-17 = 3.0 / 1
    #   H2: 04-07 09:00 → 04-08 21:00 = 1.5 / 1;                           commission 04-08 21:00 → 04-14 = 5.5 / 4
    #   H3: 05-12 → 05-22 = 10.0 / 8;                                      commission 05-22 → 05-23 = 1.0 / 1
    #   B1: 03-03 → 03-04 = 1.0 / 1;                                       commission 03-04 → 03-11 = 7.0 / 5
    #   B2: 09-01 → 09-03 = 2.0 / 2;                                       commission 09-03 → 09-08 = 5.0 / 3
    file_institution(
        h1, operator, official, commission,
        at("2025-03-03"), at("2025-03-05"), at("2025-03-10"), at("2025-03-14"), at("2025-03-17"), returned=True,
    )  # fmt: skip
    file_institution(h2, operator, official, commission, at("2025-04-07"), at("2025-04-08", "21:00"), at("2025-04-14"))
    file_institution(h3, operator, official, commission, at("2025-05-12"), at("2025-05-22"), at("2025-05-23"))
    file_institution(
        b1, other_operator, other_official, commission, at("2025-03-03"), at("2025-03-04"), at("2025-03-11")
    )
    file_institution(
        b2, other_operator, other_official, commission, at("2025-09-01"), at("2025-09-03"), at("2025-09-08")
    )
    retime(make_submitted_filing(h4, operator), at("2025-06-02"))

    # Inspections. Items of the seeded checklist, by category.
    template = ChecklistTemplate.objects.get(is_current=True)
    items = {}
    for item in template.items.order_by("position"):
        items.setdefault(item.category, []).append(item)
    fire1, fire2 = items["fire"][:2]
    food, fees, safety = items["food"][0], items["fees"][0], items["safety"][0]
    h1_april = inspect(
        h1, official, "2025-04-10",
        [(fire1, Outcome.COMPLIANT), (fire2, Outcome.NON_COMPLIANT), (food, Outcome.COMPLIANT),
         (fees, Outcome.NOT_APPLICABLE)],
    )  # fmt: skip
    h1_october = inspect(h1, official, "2025-10-10", [(safety, Outcome.NON_COMPLIANT)])
    inspect(h2, official, "2025-05-01", [(safety, Outcome.NON_COMPLIANT)], status=InspectionStatus.DRAFT)
    b1_june = inspect(b1, other_official, "2025-06-01", [(food, Outcome.NON_COMPLIANT), (fire1, Outcome.COMPLIANT)])
    h3_december = inspect(h3, official, "2024-12-20", [(safety, Outcome.NON_COMPLIANT)])

    rectify(h1_april[1], ordered="2025-04-10", deadline="2025-04-15", status=RectificationStatus.OPEN)
    rectify(h1_october[0], ordered="2025-10-10", deadline="2025-10-20", status=RectificationStatus.ANSWERED)
    rectify(
        b1_june[0], ordered="2025-06-01", deadline="2025-06-10", status=RectificationStatus.VERIFIED,
        verified="2025-06-20",
    )  # fmt: skip
    rectify(h3_december[0], ordered="2024-12-20", deadline="2025-01-10", status=RectificationStatus.OPEN)

    # Fee disclosures (valid from 2025-01-01 unless said otherwise).
    publish_fees(
        h1, operator,
        [care(ClassType.TODDLER, "2000"), care("", "1800"), (FeeType.MEALS, "膳食费", "", "300", FeeUnit.MONTH),
         (FeeType.CARE, "计时托", "", "50", FeeUnit.HOUR)],
    )  # fmt: skip
    publish_fees(h2, operator, [care("", "2400")])
    publish_fees(b1, other_operator, [care(ClassType.SENIOR, "9999")])  # superseded by the next version
    publish_fees(b1, other_operator, [care(ClassType.SENIOR, "1500")])
    publish_fees(b2, other_operator, [care("", "1600")])
    publish_fees(
        h3, operator, [care(ClassType.TODDLER, "5000")],
        valid_from=datetime.date(2024, 1, 1), valid_to=datetime.date(2024, 12, 31),
    )  # fmt: skip

    # Operating reports (seats when reported: H1 35, H2 10, B1 20, B2 30).
    report(h1, operator, "2025-03-01", enrolled_toddler=10, enrolled_senior=15)
    report(h1, operator, "2025-06-01", enrolled_toddler=12, enrolled_senior=18)
    report(h2, operator, "2025-05-01", enrolled_infant=12)
    report(b1, other_operator, "2025-04-01", enrolled_senior=16)
    report(b2, other_operator, "2024-12-01", enrolled_toddler=20)
    return {"h1": h1, "h2": h2, "h3": h3, "h4": h4, "b1": b1, "b2": b2}


def rows(slug: str, user, filters: Filters = Y2025) -> list[dict]:
    return figure_rows(FIGURES[slug], user=user, filters=filters)


def by_place(table: list[dict]) -> dict:
    """Rows keyed by jurisdiction name; the total row under "total"."""
    return {("total" if r.get("is_total") else r["jurisdiction"]): r for r in table}


def only(row: dict, *keys: str) -> dict:
    return {k: row[k] for k in keys}
