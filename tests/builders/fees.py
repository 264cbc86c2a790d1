"""Fee disclosures (收费公示): their items, a published version."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from baodi_care.accounts.models import User
from institutions.choices import ClassType, FeeType, FeeUnit
from institutions.fees import services as fees_services
from institutions.models import FeeSchedule, Institution
from tests.builders.register import operator_of


def care_fee(amount, unit: str = FeeUnit.MONTH, *, name: str = "托育费", class_type: str = "", note: str = "") -> dict:
    return {
        "fee_type": FeeType.CARE, "name": name, "class_type": class_type, "service_form": "",
        "amount": Decimal(str(amount)), "unit": unit, "note": note,
    }  # fmt: skip


def meal_fee(amount, unit: str = FeeUnit.DAY, *, name: str = "伙食费", note: str = "") -> dict:
    return {**care_fee(amount, unit, name=name, note=note), "fee_type": FeeType.MEALS}


CARE_ITEM = care_fee("2800.00", name="全日托保育费", class_type=ClassType.TODDLER)
MEALS_ITEM = meal_fee("25.00", name="膳食费", note="按实际出勤天数收取")
RULES = {
    "refund_rules": "因病请假连续5天以上的，按天退还托育费；退托提前15天告知，未发生的费用全额退还。",
    "advance_payment_rules": "预收费用不超过3个月。",
}


def make_published_fees(
    institution: Institution,
    operator: User | None = None,
    *,
    items: list[dict] | None = None,
    valid_from: datetime.date | None = None,
    **fields,
) -> FeeSchedule:
    """A new version of the disclosure (the care and meals items unless `items`), valid from today unless said,
    published (`now`: when). `fields`: valid_to, review_months, the rules."""
    operator = operator or operator_of(institution)
    schedule, _created = fees_services.start_fee_schedule(institution=institution, by=operator, copy_current=False)
    fields = {"valid_to": None, "review_months": 12, **RULES, **fields}
    return fees_services.save_fee_schedule(
        schedule=schedule, by=operator, items=[CARE_ITEM, MEALS_ITEM] if items is None else items, publish=True,
        valid_from=valid_from or timezone.localdate(), **fields,
    )  # fmt: skip
