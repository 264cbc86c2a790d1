"""Who may do what in supervision: pure predicates that services enforce and views pass to templates."""

from __future__ import annotations

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import RECORD_ROLES, has_role
from institutions.models import Institution
from supervision.choices import INSPECTABLE_STATUSES, InspectionStatus, RectificationStatus
from supervision.models import Complaint, Inspection, Rectification


def can_configure_checklists(user) -> bool:
    """Checklists and the inspection plan are the commission's (DESIGN §1)."""
    return has_role(user, Role.COMMISSION)


def can_read_record(user) -> bool:
    """Rectifications, their answers and evidence, and the ledgers (台账): not for member departments (DESIGN §1)."""
    return has_role(user, *RECORD_ROLES)


def is_official_of(user, institution: Institution) -> bool:
    return has_role(user, Role.OFFICIAL) and user.jurisdiction_id == institution.jurisdiction_id


def can_inspect(user, institution: Institution) -> bool:
    """属地管理: officials of the institution's jurisdiction inspect filed institutions."""
    return is_official_of(user, institution) and institution.status in INSPECTABLE_STATUSES


def can_edit_inspection(user, inspection: Inspection) -> bool:
    return inspection.status == InspectionStatus.DRAFT and is_official_of(user, inspection.institution)


def is_operator_of(user, institution: Institution) -> bool:
    return has_role(user, Role.OPERATOR) and institution.memberships.filter(user=user).exists()


def can_answer_rectification(user, rectification: Rectification) -> bool:
    return rectification.status == RectificationStatus.OPEN and is_operator_of(user, rectification.institution)


def can_verify_rectification(user, rectification: Rectification) -> bool:
    return rectification.status == RectificationStatus.ANSWERED and is_official_of(user, rectification.institution)


def can_handle_complaint(user, complaint: Complaint) -> bool:
    """Officials of the complaint's jurisdiction, and the health commission."""
    if has_role(user, Role.COMMISSION):
        return True
    return (
        has_role(user, Role.OFFICIAL)
        and user.jurisdiction_id is not None
        and user.jurisdiction_id == complaint.jurisdiction_id
    )
