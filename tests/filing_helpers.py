"""Build filings in each state through the services (STYLE rule 10)."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from institutions.choices import ClassType, Education, FilingKind, StaffRole
from institutions.filings import selectors as filings_selectors
from institutions.filings import services as filings_services
from institutions.models import ClassGroup, DocumentType, Filing, Institution, StaffMember


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def staff_compliant_institution(institution: Institution) -> Institution:
    """Give an institution the staff the standards ask for (one toddler class of 15 → 3 caregivers)."""
    far = timezone.localdate() + datetime.timedelta(days=900)
    institution.lease_end_date = timezone.localdate() + datetime.timedelta(days=365 * 5)
    institution.save()
    group = ClassGroup.objects.filter(institution=institution).first() or ClassGroup.objects.create(
        institution=institution, name="托小班", class_type=ClassType.TODDLER, seats=15
    )
    StaffMember.objects.create(
        institution=institution, name="李负责", role=StaffRole.PRINCIPAL, education=Education.BACHELOR,
        management_years=5, training_passed=True, qualification="负责人培训合格证", qualification_expiry=far,
        health_certificate_expiry=far,
    )  # fmt: skip
    for i in range(3):
        StaffMember.objects.create(
            institution=institution, name=f"保育员{i}", role=StaffRole.CAREGIVER, class_group=group,
            qualification="保育师证", qualification_expiry=far, health_certificate_expiry=far,
        )  # fmt: skip
    StaffMember.objects.create(
        institution=institution, name="王保健", role=StaffRole.HEALTH, qualification="保健人员培训合格证",
        health_certificate_expiry=far,
    )  # fmt: skip
    StaffMember.objects.create(
        institution=institution, name="赵保安", role=StaffRole.SECURITY, qualification="保安员证",
        health_certificate_expiry=far,
    )  # fmt: skip
    return institution


def attach_required_documents(filing: Filing, by) -> None:
    for doc_type in filings_selectors.required_document_types(filing):
        filings_services.upload_document(filing=filing, document_type=doc_type, upload=pdf_upload(), by=by)


def make_draft_filing(institution: Institution, operator, kind: str = FilingKind.INITIAL) -> Filing:
    filing = filings_services.start_filing(institution=institution, kind=kind, by=operator)
    fields = {
        FilingKind.INITIAL: {"service_start_date": datetime.date(2026, 12, 1)},
        FilingKind.CHANGE: {"change_date": timezone.localdate(), "change_description": "更换负责人"},
        FilingKind.DEREGISTRATION: {"stop_date": timezone.localdate(), "children_arrangements": "已妥善安置"},
    }[kind]
    filings_services.update_filing(
        filing=filing, by=operator, pledge_accepted=True, applicant_name="王举办", applicant_phone="13800000000",
        **fields,
    )  # fmt: skip
    attach_required_documents(filing, operator)
    return filing


def make_submitted_filing(institution: Institution, operator, **kw) -> Filing:
    filing = make_draft_filing(institution, operator, **kw)
    return filings_services.submit_filing(filing=filing, by=operator, version=filing.version)


def make_accepted_filing(institution: Institution, operator, official) -> Filing:
    filing = make_submitted_filing(institution, operator)
    return filings_services.accept_filing(filing=filing, by=official, version=filing.version)


def make_filed_filing(institution: Institution, operator, official, commission) -> Filing:
    filing = make_accepted_filing(institution, operator, official)
    return filings_services.acknowledge_filing(filing=filing, by=commission, version=filing.version)


def correction(section: str = "staff", comment: str = "保育人员健康证已过期") -> list[dict]:
    return [{"section": section, "verdict": "correct", "comment": comment}]


def doc_type(code: str) -> DocumentType:
    return DocumentType.objects.get(code=code)
