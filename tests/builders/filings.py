"""Filings in each state (draft → submitted → returned or accepted → filed, or rejected), and the institutions they
make: filed through the portal, deregistered."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baodi_care.accounts.models import Jurisdiction, User
from institutions.choices import FilingKind, FilingStatus, InstitutionStatus
from institutions.filings import selectors as filings_selectors
from institutions.filings import services as filings_services
from institutions.models import DocumentType, Filing, Institution
from tests.builders.accounts import commission_user, official_of
from tests.builders.files import pdf_upload
from tests.builders.register import make_institution, operator_of


def doc_type(code: str) -> DocumentType:
    return DocumentType.objects.get(code=code)


def correction(section: str = "staff", comment: str = "保育人员健康证已过期") -> list[dict]:
    """The reviews of a return: one section marked for correction, with its comment."""
    return [{"section": section, "verdict": "correct", "comment": comment}]


def correction_of_document(code: str, comment: str = "租赁合同缺页") -> list[dict]:
    """The reviews of a return that sends a document back: the materials were incomplete (退回补正)."""
    return [{"document_type": doc_type(code), "verdict": "correct", "comment": comment}]


def _declaration(kind: str) -> dict:
    """The 备案书 fields each kind of filing asks for."""
    today = timezone.localdate()
    return {
        FilingKind.INITIAL: {"service_start_date": datetime.date(2026, 12, 1)},
        FilingKind.CHANGE: {"change_date": today, "change_description": "更换负责人"},
        FilingKind.DEREGISTRATION: {"stop_date": today, "children_arrangements": "已妥善安置"},
    }[kind]


def make_draft_filing(
    institution: Institution,
    operator: User,
    kind: str = FilingKind.INITIAL,
    *,
    pledge: bool = True,
    skip_documents=(),
    **fields,
) -> Filing:
    """A filing filled in, pledged and with every required document: ready to submit. Less ready with
    pledge=False, the codes of documents to leave out, or `fields` of the 备案书 emptied."""
    filing = filings_services.start_filing(institution=institution, kind=kind, by=operator)
    declaration = {"applicant_name": "王举办", "applicant_phone": "13800000000", **_declaration(kind), **fields}
    filings_services.update_filing(filing=filing, by=operator, pledge_accepted=pledge, **declaration)
    return attach_required_documents(filing, operator, skip=skip_documents)


def attach_required_documents(filing: Filing, operator: User, *, skip=()) -> Filing:
    """Upload each document the filing needs and lacks (a change filing's depend on what it changes)."""
    for required in filings_selectors.missing_documents(filing):
        if required.code not in skip:
            filings_services.upload_document(filing=filing, document_type=required, upload=pdf_upload(), by=operator)
    return filing


def propose_change(filing: Filing, operator: User, **facts) -> Filing:
    """The registered facts a change filing changes (name, uscc, legal_form, category, jurisdiction): they take
    effect when it is acknowledged."""
    return filings_services.update_filing(
        filing=filing, by=operator, pledge_accepted=filing.pledge_accepted, proposed=facts
    )


def make_change_filing(institution: Institution, operator: User, **facts) -> Filing:
    """A filed institution's change filing, ready to submit, proposing `facts` as its new registered facts."""
    filing = propose_change(make_draft_filing(institution, operator, kind=FilingKind.CHANGE), operator, **facts)
    return attach_required_documents(filing, operator)


def make_submitted_filing(
    institution: Institution, operator: User, *, kind: str = FilingKind.INITIAL, today: datetime.date | None = None
) -> Filing:
    """Submitted (`today` in the past makes its deadline pass)."""
    filing = make_draft_filing(institution, operator, kind=kind)
    return filings_services.submit_filing(filing=filing, by=operator, version=filing.version, today=today)


def make_returned_filing(
    institution: Institution, operator: User, official: User | None = None, *, reviews: list[dict] | None = None
) -> Filing:
    """Returned for correction (the staff section unless `reviews` say otherwise)."""
    filing = make_submitted_filing(institution, operator)
    official = official or official_of(institution.jurisdiction)
    return filings_services.return_filing(
        filing=filing, by=official, version=filing.version, reviews=reviews or correction()
    )


def make_accepted_filing(institution: Institution, operator: User, official: User | None = None, **kw) -> Filing:
    """Accepted at first review by the sub-district (街镇初审), awaiting the commission."""
    filing = make_submitted_filing(institution, operator, **kw)
    official = official or official_of(institution.jurisdiction)
    return filings_services.accept_filing(filing=filing, by=official, version=filing.version)


def make_filed_filing(
    institution: Institution, operator: User, official: User | None = None, commission: User | None = None, **kw
) -> Filing:
    """Acknowledged by the commission: the receipt number is issued."""
    filing = make_accepted_filing(institution, operator, official, **kw)
    commission = commission or commission_user()
    return filings_services.acknowledge_filing(filing=filing, by=commission, version=filing.version)


def make_rejected_filing(
    institution: Institution, operator: User, official: User | None = None, *, reason: str = "材料虚假"
) -> Filing:
    filing = make_submitted_filing(institution, operator)
    official = official or official_of(institution.jurisdiction)
    return filings_services.reject_filing(filing=filing, by=official, version=filing.version, reason=reason)


def make_filing(status: str, institution: Institution, operator: User, official=None, commission=None) -> Filing:
    """An initial filing brought to `status`."""
    build = {
        FilingStatus.DRAFT: lambda: make_draft_filing(institution, operator),
        FilingStatus.SUBMITTED: lambda: make_submitted_filing(institution, operator),
        FilingStatus.RETURNED: lambda: make_returned_filing(institution, operator, official),
        FilingStatus.ACCEPTED: lambda: make_accepted_filing(institution, operator, official),
        FilingStatus.FILED: lambda: make_filed_filing(institution, operator, official, commission),
        FilingStatus.REJECTED: lambda: make_rejected_filing(institution, operator, official),
    }
    return build[status]()


def file_institution(institution: Institution, operator: User | None = None) -> Institution:
    """Take a registered institution through its initial filing (submitted, accepted, acknowledged): filed."""
    make_filed_filing(institution, operator or operator_of(institution))
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.FILED
    return institution


def make_filed_institution(operator: User, jurisdiction: Jurisdiction, **overrides) -> Institution:
    """Registered by `operator` and filed through the portal's filing workflow."""
    return file_institution(make_institution(operator=operator, jurisdiction=jurisdiction, **overrides), operator)


def deregister_institution(institution: Institution, operator: User | None = None) -> Institution:
    """A filed institution's deregistration filing, acknowledged: the institution is closed."""
    make_filed_filing(institution, operator or operator_of(institution), kind=FilingKind.DEREGISTRATION)
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.CLOSED
    return institution
