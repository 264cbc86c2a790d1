"""Build filed institutions, fee disclosures and operating reports through the services (STYLE rule 10)."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from baodi_care.core import dates as core_dates
from institutions.choices import ClassType, FeeType, FeeUnit, LegalForm, Ownership
from institutions.demo import make_uscc
from institutions.fees import services as fees_services
from institutions.models import FeeSchedule, Institution, OperatingReport
from institutions.register import services
from institutions.reports import services as reports_services

_serial = itertools.count(1)

CARE_ITEM = {
    "fee_type": FeeType.CARE,
    "name": "全日托保育费",
    "class_type": ClassType.TODDLER,
    "service_form": "",
    "amount": Decimal("2800.00"),
    "unit": FeeUnit.MONTH,
    "note": "",
}
MEALS_ITEM = {
    "fee_type": FeeType.MEALS,
    "name": "膳食费",
    "class_type": "",
    "service_form": "",
    "amount": Decimal("25.00"),
    "unit": FeeUnit.DAY,
    "note": "按实际出勤天数收取",
}
RULES = {
    "refund_rules": "因病请假连续5天以上，按日退还膳食费。",
    "advance_payment_rules": "预收费用不超过3个月。",
}


def make_filed_institution(
    operator, jurisdiction, *, seats: int = 15, by=None, status: str = "filed", **overrides
) -> Institution:
    """An institution taken over from the register as filed (or `status`), run by `operator`, with `seats`."""
    n = next(_serial)
    fields = {
        "name": f"备案托育园{n}",
        "uscc": make_uscc(LegalForm.FOR_PROFIT, 720000 + n),
        "legal_form": LegalForm.FOR_PROFIT,
        "ownership": Ownership.PRIVATE,
        "category": "independent",
        "jurisdiction": jurisdiction,
        "address": f"天津市宝坻区{jurisdiction.name}收费路{n}号",
        "legal_representative": "王测试",
        "principal_name": "李测试",
        "contact_phone": "022-22001234",
    }
    fields.update(overrides)
    classes = [{"name": "托小班", "class_type": ClassType.TODDLER, "seats": seats}] if seats else []
    institution, _created = services.import_institution(by=by or operator, status=status, classes=classes, **fields)
    if operator is not None:
        services.link_operator(institution=institution, user=operator, by=by or operator)
    return institution


def make_published_schedule(
    institution: Institution,
    operator,
    *,
    items: list[dict] | None = None,
    now: datetime.datetime | None = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    review_months: int = 12,
) -> FeeSchedule:
    schedule, _created = fees_services.start_fee_schedule(institution=institution, by=operator, copy_current=False)
    return fees_services.save_fee_schedule(
        schedule=schedule,
        by=operator,
        items=items if items is not None else [CARE_ITEM, MEALS_ITEM],
        publish=True,
        now=now,
        valid_from=valid_from or timezone.localdate(),
        valid_to=valid_to,
        review_months=review_months,
        **RULES,
    )


def figures(**overrides) -> dict:
    data = {
        "enrolled_infant": 0,
        "enrolled_toddler": 12,
        "enrolled_senior": 0,
        "enrolled_mixed": 0,
        "staff_on_duty": 6,
        "caregivers_on_duty": 3,
        "incidents": 0,
        "incident_notes": "",
    }
    data.update(overrides)
    return data


def make_report(
    institution: Institution, operator, period: datetime.date | None = None, **overrides
) -> OperatingReport:
    period = period or core_dates.previous_month(timezone.localdate())
    return reports_services.submit_operating_report(
        institution=institution, by=operator, period=period, **figures(**overrides)
    )
