"""Build what the public pages and complaints show, through the services (STYLE rule 10)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Jurisdiction, User
from institutions.choices import Category, ClassType, FeeType, FeeUnit, InstitutionStatus, LegalForm, Ownership
from institutions.demo import make_uscc
from institutions.models import Institution
from institutions.register.services import import_institution
from supervision.choices import ComplaintCategory
from supervision.complaints import services as services_complaints
from supervision.models import Complaint
from tests import factories
from tests.filing_helpers import make_filed_filing

FAMILY_ADDRESS = "天津市宝坻区海滨街道幸福里小区7号楼2单元301室"
REFUND_RULES = "因病请假连续5天以上的，按天退还托育费；退托提前15天告知，未发生的费用全额退还。"
ADVANCE_RULES = "预收费用不超过3个月。"


def official_of(jurisdiction: Jurisdiction) -> User:
    """An official of the jurisdiction (the first one, or a new one)."""
    existing = User.objects.filter(role=Role.OFFICIAL, jurisdiction=jurisdiction, is_active=True).first()
    return existing or factories.make_user(Role.OFFICIAL, jurisdiction=jurisdiction)


def commission_user() -> User:
    existing = User.objects.filter(role=Role.COMMISSION, is_active=True).first()
    return existing or factories.make_user(Role.COMMISSION)


def filed(institution: Institution, operator: User | None = None) -> Institution:
    """Take an institution through the whole filing workflow (submitted, accepted, acknowledged)."""
    operator = operator or institution.memberships.get().user
    make_filed_filing(institution, operator, official_of(institution.jurisdiction), commission_user())
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.FILED
    return institution


def new_filed_institution(operator: User, jurisdiction: Jurisdiction, **fields) -> Institution:
    return filed(factories.make_institution(operator=operator, jurisdiction=jurisdiction, **fields), operator)


def imported(jurisdiction: Jurisdiction, status: str = InstitutionStatus.FILED, **fields) -> Institution:
    """An institution taken over from an existing register (登记和备案办法 Art. 6): no filing in the portal."""
    n = next(factories._serial)
    spec = {
        "name": f"导入托育园{n}",
        "uscc": make_uscc(LegalForm.FOR_PROFIT, 740000 + n),
        "legal_form": LegalForm.FOR_PROFIT,
        "ownership": Ownership.PRIVATE,
        "category": Category.INDEPENDENT,
        "jurisdiction": jurisdiction,
        "address": f"天津市宝坻区{jurisdiction.name}导入路{n}号",
        "legal_representative": "周导入",
        "principal_name": "吴导入",
        "contact_phone": "13912345678",
        "classes": [{"name": "托大班", "class_type": ClassType.SENIOR, "seats": 20}],
    }
    spec.update(fields)
    institution, _created = import_institution(by=commission_user(), status=status, **spec)
    return institution


def care_fee(amount, unit: str = FeeUnit.MONTH, **extra) -> dict:
    return {
        "fee_type": FeeType.CARE, "name": "托育费", "class_type": "", "service_form": "",
        "amount": Decimal(str(amount)), "unit": unit, "note": "", **extra,
    }  # fmt: skip


def meal_fee(amount) -> dict:
    return {
        "fee_type": FeeType.MEALS, "name": "伙食费", "class_type": "", "service_form": "",
        "amount": Decimal(str(amount)), "unit": FeeUnit.DAY, "note": "",
    }  # fmt: skip


def publish_fees(institution: Institution, items: list[dict], operator: User | None = None, **fields):
    """Publish a fee disclosure through the fee services (the operator's own steps)."""
    from institutions.fees.services import save_fee_schedule, start_fee_schedule

    operator = operator or institution.memberships.get().user
    schedule, _created = start_fee_schedule(institution=institution, by=operator, copy_current=False)
    spec = {
        "valid_from": timezone.localdate() - datetime.timedelta(days=10),
        "valid_to": None,
        "review_months": 12,
        "refund_rules": REFUND_RULES,
        "advance_payment_rules": ADVANCE_RULES,
        **fields,
    }
    return save_fee_schedule(schedule=schedule, by=operator, items=items, publish=True, **spec)


def complaint_about(institution: Institution, **fields) -> Complaint:
    spec = {
        "category": ComplaintCategory.SAFETY,
        "description": "午睡时无人看护，孩子从床上摔下。",
        "contact_name": "陈家长",
        "contact_phone": "13700001111",
        **fields,
    }
    return services_complaints.submit_complaint(institution=institution, **spec)


def complaint_elsewhere(jurisdiction: Jurisdiction, name: str = "无名家庭看护点", **fields) -> Complaint:
    spec = {
        "category": ComplaintCategory.UNREGISTERED,
        "description": "小区内有人收托十几个孩子，无任何资质。",
        **fields,
    }
    return services_complaints.submit_complaint(institution_name=name, jurisdiction=jurisdiction, **spec)


def finished_inspection(
    institution: Institution,
    *,
    problems: int = 0,
    rectified: int = 0,
    inspected_on: datetime.date | None = None,
    complaint: Complaint | None = None,
):
    """An inspection of the institution, finished with `problems` non-compliant items, `rectified` of them verified."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from supervision.choices import InspectionKind, InspectionMode, Outcome
    from supervision.inspections import services as inspections_services
    from supervision.rectifications import services as rectifications_services
    from tests.filing_helpers import png_bytes

    official = official_of(institution.jurisdiction)
    inspection = inspections_services.create_inspection(
        institution=institution, by=official, mode=InspectionMode.UNANNOUNCED, kind=InspectionKind.ROUTINE,
        inspected_on=inspected_on or timezone.localdate(), complaint=complaint,
    )  # fmt: skip
    checks = list(inspection.checks.select_related("item"))
    answers = [
        {"check": check, "outcome": Outcome.NON_COMPLIANT, "note": "消防通道堆放杂物"}
        if i < problems
        else {"check": check, "outcome": Outcome.COMPLIANT, "note": ""}
        for i, check in enumerate(checks)
    ]
    inspections_services.update_inspection(inspection=inspection, by=official, answers=answers)
    inspections_services.finish_inspection(inspection=inspection, by=official)
    operator = institution.memberships.get().user
    for rectification in inspection.institution.rectifications.filter(item_check__inspection=inspection)[:rectified]:
        photo = SimpleUploadedFile("fixed.png", png_bytes(), content_type="image/png")
        rectifications_services.answer_rectification(
            rectification=rectification, by=operator, version=rectification.version, response="已清理", uploads=[photo]
        )
        rectifications_services.verify_rectification(
            rectification=rectification, by=official, version=rectification.version
        )
    inspection.refresh_from_db()
    return inspection
