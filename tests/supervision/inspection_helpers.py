"""Build inspections and rectifications in each state through the services (STYLE rule 10)."""

from __future__ import annotations

import datetime
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from institutions.choices import Category, ClassType, InstitutionStatus, LegalForm, Ownership
from institutions.demo import make_uscc
from institutions.models import Institution
from institutions.register.services import import_institution, link_operator
from supervision.choices import InspectionKind, InspectionMode, Outcome
from supervision.inspections import services as inspections_services
from supervision.models import Inspection, Rectification
from supervision.rectifications import services as rectifications_services
from tests.filing_helpers import pdf_bytes, png_bytes

_serial = itertools.count(1)


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def pdf_upload(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def filed_institution(operator, jurisdiction, *, status: str = InstitutionStatus.FILED, **overrides) -> Institution:
    """An institution taken over from the existing register as filed (登记和备案办法 Art. 6), run by `operator`."""
    n = next(_serial)
    fields = {
        "name": f"检查测试托育中心{n}",
        "uscc": make_uscc(LegalForm.FOR_PROFIT, 700000 + n),
        "legal_form": LegalForm.FOR_PROFIT,
        "ownership": Ownership.PRIVATE,
        "category": Category.INDEPENDENT,
        "jurisdiction": jurisdiction,
        "address": f"天津市宝坻区{jurisdiction.name}检查路{n}号",
        "legal_representative": "王测试",
        "principal_name": "李测试",
        "contact_phone": "022-22001234",
        "classes": [{"name": "托小班", "class_type": ClassType.TODDLER, "seats": 15}],
    }
    fields.update(overrides)
    institution, _ = import_institution(by=operator, status=status, **fields)
    if operator is not None:
        link_operator(institution=institution, user=operator, by=operator)
    return institution


def start_inspection(institution: Institution, official, **kw) -> Inspection:
    fields = {
        "mode": InspectionMode.UNANNOUNCED,
        "kind": InspectionKind.ROUTINE,
        "inspected_on": timezone.localdate(),
        "inspectors": "张街道、刘检查",
    }
    fields.update(kw)
    return inspections_services.create_inspection(institution=institution, by=official, **fields)


def answer_all(inspection: Inspection, official, *, problems: int = 0, outcome: str = Outcome.COMPLIANT) -> None:
    """Answer every item `outcome`, the first `problems` items non-compliant with a note."""
    answers = []
    for i, check in enumerate(inspection.checks.select_related("item")):
        if i < problems:
            answers.append({"check": check, "outcome": Outcome.NON_COMPLIANT, "note": f"问题{i + 1}：现场发现不符合"})
        else:
            answers.append({"check": check, "outcome": outcome, "note": ""})
    inspections_services.update_inspection(inspection=inspection, by=official, answers=answers)


def finished_inspection(
    institution: Institution, official, *, problems: int = 1, photo: bool = False, **kw
) -> Inspection:
    inspection = start_inspection(institution, official, **kw)
    answer_all(inspection, official, problems=problems)
    if photo and problems:
        first = inspection.checks.filter(outcome=Outcome.NON_COMPLIANT).first()
        inspections_services.add_inspection_photo(check=first, by=official, upload=png_upload())
    return inspections_services.finish_inspection(inspection=inspection, by=official)


def open_rectification(institution: Institution, official, **kw) -> Rectification:
    inspection = finished_inspection(institution, official, problems=1, **kw)
    return Rectification.objects.get(item_check__inspection=inspection)


def answered_rectification(institution: Institution, official, operator, **kw) -> Rectification:
    rectification = open_rectification(institution, official, **kw)
    return rectifications_services.answer_rectification(
        rectification=rectification,
        by=operator,
        version=rectification.version,
        response="已更换灭火器并张贴检查记录",
        uploads=[png_upload("fixed.png")],
    )


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)
