"""Demo supervision data for `make run`: fee disclosures, operating reports, inspections with
rectifications in each state, and complaints. Everything goes through the services."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from baodi_care.accounts.choices import JurisdictionKind, Role
from baodi_care.accounts.models import Jurisdiction, User
from baodi_care.core.dates import previous_month
from institutions.choices import ClassType, FeeType, FeeUnit, InstitutionStatus
from institutions.demo import document_image, document_pdf
from institutions.fees import services as fees_services
from institutions.models import FeeSchedule, Institution
from institutions.reports import services as reports_services
from supervision.choices import ComplaintCategory, InspectionKind, InspectionMode, MemberDepartment, Outcome, RiskLevel
from supervision.complaints import services as complaints_services
from supervision.inspections import services as inspections_services
from supervision.models import Rectification
from supervision.rectifications import services as rectifications_services
from supervision.statistics.services import set_populations

RULES = {
    "refund_rules": "因病请假连续5个工作日以上的，按日退还保育费和膳食费；退托的，按实际在托天数结算，余款15日内退还。",
    "advance_payment_rules": "保育费按月收取，预收费用不超过3个月。",
}


def _items(monthly: int) -> list[dict]:
    return [
        {"fee_type": FeeType.CARE, "name": "全日托保育费（托小班）", "class_type": ClassType.TODDLER,
         "service_form": "", "amount": Decimal(monthly), "unit": FeeUnit.MONTH, "note": ""},
        {"fee_type": FeeType.CARE, "name": "全日托保育费（托大班）", "class_type": ClassType.SENIOR,
         "service_form": "", "amount": Decimal(monthly - 300), "unit": FeeUnit.MONTH, "note": ""},
        {"fee_type": FeeType.MEALS, "name": "膳食费", "class_type": "", "service_form": "", "amount": Decimal(22),
         "unit": FeeUnit.DAY, "note": "按实际出勤天数收取"},
        {"fee_type": FeeType.SERVICE, "name": "延时托管", "class_type": "", "service_form": "", "amount": Decimal(30),
         "unit": FeeUnit.HOUR, "note": "17:30以后"},
        {"fee_type": FeeType.COLLECTED, "name": "被褥（一次性）", "class_type": "", "service_form": "",
         "amount": Decimal(260), "unit": FeeUnit.ONCE, "note": "自愿购买"},
    ]  # fmt: skip


# The demo's populations are made up, rounded to the thousand, and say so wherever a rate is shown: no per-街镇
# figure of the 2020 census (第七次全国人口普查) could be sourced for Baodi, and a census figure is never invented.
DEMO_POPULATION_SOURCE = "演示数据（非人口普查数据） · demo values, not census figures"


def demo_population(code: str, kind: str) -> int:
    """A made-up resident population for a 街镇 (街道 larger than 镇), the same on every run."""
    rng = random.Random(f"population-{code}")  # noqa: S311 - made-up demo numbers, not a secret
    low, high = (60, 120) if kind == JurisdictionKind.SUBDISTRICT else (25, 60)
    return rng.randint(low, high) * 1000


def load_populations() -> int:
    """Give each 街镇 without a recorded population a demo one, marked as such; returns how many were set."""
    commission = User.objects.filter(role=Role.COMMISSION).order_by("pk").first()
    places = Jurisdiction.objects.filter(population__isnull=True, is_active=True)
    if commission is None or not places.exists():
        return 0
    populations = {place.pk: demo_population(place.code, place.kind) for place in places}
    changed = set_populations(
        by=commission, populations=populations, sources=dict.fromkeys(populations, DEMO_POPULATION_SOURCE)
    )
    return len(changed)


def load(today: datetime.date) -> bool:
    """Returns False when the demo supervision data is already there (a second run changes nothing)."""
    load_populations()
    if FeeSchedule.objects.exists():
        return False
    officials = {u.jurisdiction_id: u for u in User.objects.filter(role=Role.OFFICIAL, username__startswith="official")}
    filed = list(
        Institution.objects.filter(
            status__in=(InstitutionStatus.FILED, InstitutionStatus.CHANGE_PENDING), jurisdiction_id__in=officials
        ).order_by("pk")
    )
    for i, institution in enumerate(filed):
        operator = institution.memberships.select_related("user").first()
        if operator is None:
            continue
        operator = operator.user
        official = officials[institution.jurisdiction_id]
        # Fee disclosures: most current, one stale (published 14 months ago with a 12-month review period).
        schedule, _ = fees_services.start_fee_schedule(institution=institution, by=operator, copy_current=False)
        published = timezone.now() - datetime.timedelta(days=430 if i == 1 else 40)
        fees_services.save_fee_schedule(
            schedule=schedule, by=operator, items=_items(2600 + 200 * (i % 4)), publish=True, now=published,
            valid_from=timezone.localdate(published), valid_to=None, review_months=12, **RULES,
        )  # fmt: skip
        # Last month's operating report from most; one over its seats; the last two have not reported.
        if i < len(filed) - 2:
            seats = sum(c.seats for c in institution.classes.all())
            enrolled = seats + 3 if i == 2 else max(1, seats - 4 - i % 3)
            reports_services.submit_operating_report(
                institution=institution, by=operator, period=previous_month(today), today=today,
                enrolled_infant=0, enrolled_toddler=enrolled, enrolled_senior=0, enrolled_mixed=0,
                staff_on_duty=8, caregivers_on_duty=5, incidents=1 if i == 3 else 0,
                incident_notes="户外活动时一名幼儿膝部擦伤，已处理并告知家长。" if i == 3 else "",
            )  # fmt: skip
        # Inspections: every other institution inspected; some with problems to rectify.
        if i % 2 == 0:
            _inspect(institution, official, operator, problems=i % 3, today=today, step=i)
    _complaints(filed, officials)
    return True


def _inspect(institution, official, operator, *, problems: int, today: datetime.date, step: int) -> None:
    # The first is a joint inspection with the education bureau (the demo member department) and fire and rescue.
    joint = {"kind": InspectionKind.JOINT, "departments": [MemberDepartment.EDUCATION, MemberDepartment.FIRE]}
    inspection = inspections_services.create_inspection(
        institution=institution, by=official, mode=InspectionMode.UNANNOUNCED if step % 4 else InspectionMode.PLANNED,
        inspected_on=today - datetime.timedelta(days=20 + step), inspectors=official.full_name,
        **(joint if step == 0 else {"kind": InspectionKind.ROUTINE}),
    )  # fmt: skip
    checks = list(inspection.checks.select_related("item"))
    answers = []
    for n, check in enumerate(checks):
        bad = n < problems
        answers.append(
            {"check": check, "outcome": Outcome.NON_COMPLIANT if bad else Outcome.COMPLIANT,
             "note": "现场检查发现：记录不全，需补齐并建立台账。" if bad else ""}
        )  # fmt: skip
    inspections_services.update_inspection(inspection=inspection, by=official, answers=answers)
    inspections_services.finish_inspection(
        inspection=inspection, by=official, today=today - datetime.timedelta(days=19 + step)
    )
    for k, rectification in enumerate(Rectification.objects.filter(item_check__inspection=inspection)):
        if k == 0 and step % 4 == 0:
            report = document_pdf("整改报告", institution.name)
            uploads = [
                SimpleUploadedFile("整改报告.pdf", report, content_type="application/pdf"),
                SimpleUploadedFile("整改照片.png", document_image("整改后现场照片"), content_type="image/png"),
            ]
            rectification = rectifications_services.answer_rectification(
                rectification=rectification, by=operator, version=rectification.version,
                response="已补齐记录并指定专人每日检查。", uploads=uploads,
            )  # fmt: skip
            if step == 4:
                rectifications_services.verify_rectification(
                    rectification=rectification, by=official, version=rectification.version, note="现场复核合格。"
                )


def _complaints(filed: list[Institution], officials: dict) -> None:
    if not filed:
        return
    first = complaints_services.submit_complaint(
        category=ComplaintCategory.FEES, institution=filed[0],
        description="机构要求一次性预交半年保育费，超过公示的预收期限。",
        contact_name="李女士", contact_phone="13900001111",
    )  # fmt: skip
    official = officials[filed[0].jurisdiction_id]
    first = complaints_services.triage_complaint(
        complaint=first, by=official, risk_level=RiskLevel.MEDIUM, version=first.version
    )
    complaints_services.close_complaint(
        complaint=first, by=official, version=first.version,
        outcome="经核查，机构已按公示标准退还多收费用，并承诺预收费用不超过3个月。",
    )  # fmt: skip
    complaints_services.submit_complaint(
        category=ComplaintCategory.SAFETY, institution=filed[-1],
        description="接孩子时发现午睡室窗户没有防护栏。",
    )  # fmt: skip
