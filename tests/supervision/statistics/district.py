"""A small district whose numbers are counted by hand, for the dashboard's tests (the `district` fixture).

The district (period under test: the year 2025; filings are re-timed with queryset.update so durations are known:
their events are append-only, so the fixture does it under append_only.exempt, as only fixtures may):

海滨街道 (population 100,000), operator `operator`, official `official`:
  H1 independent, 普惠, toddler 15 + senior 20 = 35 seats; filed (returned once)  acknowledged 2025-03-17
  H2 community,   普惠, infant 10                = 10 seats; filed                  acknowledged 2025-04-14
  H3 independent, not 普惠, toddler 15           = 15 seats; filed                  acknowledged 2025-05-23
  H4 independent, not 普惠, toddler 15; a draft institution with a submitted filing (not on the register)
宝平街道 (population 10,000), operator `other_operator`, official `other_official`:
  B1 kindergarten class, 普惠, senior 20         = 20 seats; filed                  acknowledged 2025-03-11
  B2 independent, not 普惠, toddler 15 + 15      = 30 seats; filed                  acknowledged 2025-09-08
Every other jurisdiction has no population recorded.

Everything is made through the services (tests/builders). Each inspection is opened on a checklist version the
commission publishes with just the items it records (an inspection keeps the version it was opened on, and must
answer every item of it to be finished), so that the counts of checks stay small enough to count by hand.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baodi_care.accounts import append_only
from baodi_care.accounts.models import Jurisdiction
from institutions.choices import Category, ClassType, FeeUnit, FilingAction
from institutions.filings import services
from institutions.models import Filing, FilingEvent
from supervision.choices import GENERAL_CHECKLIST, InspectionMode, Outcome, RectificationStatus
from supervision.inspections import services as inspections_services
from supervision.models import ChecklistTemplate, Inspection, Rectification
from supervision.statistics.registry import FIGURES, figure_rows
from supervision.statistics.scope import Filters
from tests.builders.fees import care_fee, make_published_fees, meal_fee
from tests.builders.filings import make_filed_filing, make_returned_filing, make_submitted_filing
from tests.builders.inspections import make_checklist_version, make_draft_inspection
from tests.builders.rectifications import answer, verify
from tests.builders.register import make_institution
from tests.builders.reports import make_report

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
    with append_only.exempt(FilingEvent):
        for pk, moment in zip(steps, moments, strict=True):
            FilingEvent.objects.filter(pk=pk).update(at=moment)
        filing.events.exclude(pk__in=steps).update(at=moments[0] - datetime.timedelta(days=1))
    Filing.objects.filter(pk=filing.pk).update(first_submitted_at=moments[0])


def file_institution(institution, operator, official, commission, *moments, returned: bool = False) -> Filing:
    """Submit, (return and resubmit,) accept and acknowledge an initial filing, then re-time its steps."""
    if not returned:
        filing = make_filed_filing(institution, operator, official, commission)
    else:
        filing = make_returned_filing(institution, operator, official)
        filing = services.submit_filing(filing=filing, by=operator, version=filing.version)
        filing = services.accept_filing(filing=filing, by=official, version=filing.version)
        filing = services.acknowledge_filing(filing=filing, by=commission, version=filing.version)
    retime(filing, *moments)
    return filing


def publish_fees(institution, operator, items, valid_from=datetime.date(2025, 1, 1), valid_to=None):
    return make_published_fees(institution, operator, items=items, valid_from=valid_from, valid_to=valid_to)


def care(class_type: str, amount: str) -> dict:
    return care_fee(amount, name="保育费", class_type=class_type)


NO_CHILDREN = {"enrolled_infant": 0, "enrolled_toddler": 0, "enrolled_senior": 0, "enrolled_mixed": 0}


def report(institution, operator, period: str, **enrolled):
    """A month's report: 8 staff of whom 5 caregivers, and the children enrolled (none unless said)."""
    period = datetime.date.fromisoformat(period)
    return make_report(institution, operator, period, staff_on_duty=8, caregivers_on_duty=5, **NO_CHILDREN | enrolled)


def inspect(institution, official, commission, on: str, checks, *, finish: bool = True) -> Inspection:
    """An inspection on day `on` of exactly these items, checks = [(item, outcome)], finished unless told."""
    make_checklist_version([item for item, _ in checks], by=commission)
    day = datetime.date.fromisoformat(on)
    inspection = make_draft_inspection(institution, official, mode=InspectionMode.PLANNED, inspected_on=day)
    answers = [
        {"check": check, "outcome": outcome, "note": "检查发现问题" if outcome == Outcome.NON_COMPLIANT else ""}
        for check, (_item, outcome) in zip(inspection.checks.order_by("item__position"), checks, strict=True)
    ]
    inspections_services.update_inspection(inspection=inspection, by=official, answers=answers)
    if finish:
        inspections_services.finish_inspection(inspection=inspection, by=official, today=day)
    return inspection


def rectify(inspection: Inspection, to: str = RectificationStatus.OPEN, verified: str | None = None) -> Rectification:
    """The rectification the inspection's one problem opened (its deadline follows from the item), taken on to
    `to`; re-timed: ordered on the inspection's day, verified on `verified`."""
    rectification = Rectification.objects.get(item_check__inspection=inspection)
    if to in (RectificationStatus.ANSWERED, RectificationStatus.VERIFIED):
        rectification = answer(rectification)
    if to == RectificationStatus.VERIFIED:
        rectification = verify(rectification)
    Rectification.objects.filter(pk=rectification.pk).update(
        created_at=at(inspection.inspected_on.isoformat()), verified_at=at(verified) if verified else None
    )
    return rectification


@pytest.fixture
def district(haibin, baoping, operator, other_operator, official, other_official, commission):
    Jurisdiction.objects.filter(pk=haibin.pk).update(population=100_000)
    Jurisdiction.objects.filter(pk=baoping.pk).update(population=10_000)

    def make(owner, place, name, category, inclusive, classes):
        return make_institution(
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

    # Inspections, on items of the seeded checklist (by category); each problem opens a rectification.
    template = ChecklistTemplate.objects.get(is_current=True, name=GENERAL_CHECKLIST)
    items = {}
    for item in template.items.order_by("position"):
        items.setdefault(item.category, []).append(item)
    fire1, fire2 = items["fire"][:2]
    food, fees, safety = items["food"][0], items["fees"][0], items["safety"][0]
    h1_april = inspect(
        h1, official, commission, "2025-04-10",
        [(fire1, Outcome.COMPLIANT), (fire2, Outcome.NON_COMPLIANT), (food, Outcome.COMPLIANT),
         (fees, Outcome.NOT_APPLICABLE)],
    )  # fmt: skip
    h1_october = inspect(h1, official, commission, "2025-10-10", [(safety, Outcome.NON_COMPLIANT)])
    inspect(h2, official, commission, "2025-05-01", [(safety, Outcome.NON_COMPLIANT)], finish=False)
    b1_june = inspect(
        b1, other_official, commission, "2025-06-01", [(food, Outcome.NON_COMPLIANT), (fire1, Outcome.COMPLIANT)]
    )
    h3_december = inspect(h3, official, commission, "2024-12-20", [(safety, Outcome.NON_COMPLIANT)])

    rectify(h1_april)  # open, its deadline long past
    rectify(h1_october, RectificationStatus.ANSWERED)
    rectify(b1_june, RectificationStatus.VERIFIED, verified="2025-06-20")
    rectify(h3_december)  # open since 2024

    # Fee disclosures (valid from 2025-01-01 unless said otherwise).
    publish_fees(
        h1, operator,
        [care(ClassType.TODDLER, "2000"), care("", "1800"), meal_fee("300", FeeUnit.MONTH, name="膳食费"),
         care_fee("50", FeeUnit.HOUR, name="计时托")],
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
