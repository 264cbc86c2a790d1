"""Complaints (投诉举报) in each status: received → triaged → in progress → closed."""

from __future__ import annotations

from baodi_care.accounts.models import Jurisdiction, User
from institutions.models import Institution
from supervision.choices import ComplaintCategory, ComplaintStatus, RiskLevel
from supervision.complaints import services as complaints_services
from supervision.models import Complaint
from tests.builders.accounts import official_of

STEPS = (ComplaintStatus.RECEIVED, ComplaintStatus.TRIAGED, ComplaintStatus.IN_PROGRESS, ComplaintStatus.CLOSED)


def advance(complaint: Complaint, to: str, by: User | None = None) -> Complaint:
    """Take the complaint through each step up to status `to`, as `by` (the jurisdiction's official)."""
    by = by or official_of(complaint.jurisdiction)
    steps = {
        ComplaintStatus.TRIAGED: lambda: complaints_services.triage_complaint(
            complaint=complaint, by=by, risk_level=RiskLevel.MEDIUM, version=complaint.version
        ),
        ComplaintStatus.IN_PROGRESS: lambda: complaints_services.record_handling(
            complaint=complaint, by=by, note="已电话联系举报人。", version=complaint.version
        ),
        ComplaintStatus.CLOSED: lambda: complaints_services.close_complaint(
            complaint=complaint, by=by, outcome="经现场核查，已责令整改。", version=complaint.version
        ),
    }
    for status in STEPS[STEPS.index(complaint.status) + 1 : STEPS.index(to) + 1]:
        complaint = steps[status]()
    return complaint


def make_complaint_about(
    institution: Institution, *, to: str = ComplaintStatus.RECEIVED, by: User | None = None, **fields
) -> Complaint:
    """A parent's complaint about a registered institution, taken on to status `to`."""
    spec = {
        "category": ComplaintCategory.SAFETY,
        "description": "午睡时无人看护，孩子从床上摔下。",
        "contact_name": "陈家长",
        "contact_phone": "13700001111",
        **fields,
    }
    return advance(complaints_services.submit_complaint(institution=institution, **spec), to, by)


def make_complaint_elsewhere(
    place: Jurisdiction, name: str = "无名家庭看护点", *, to: str = ComplaintStatus.RECEIVED, **fields
) -> Complaint:
    """A complaint about a place that is not on the register, in the jurisdiction `place`."""
    spec = {"category": ComplaintCategory.UNREGISTERED, "description": "小区内有人收托十几个孩子，无任何资质。"}
    complaint = complaints_services.submit_complaint(institution_name=name, jurisdiction=place, **{**spec, **fields})
    return advance(complaint, to)
