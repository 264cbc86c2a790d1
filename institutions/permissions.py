"""Who may do what in institutions: pure predicates that services enforce and views pass to templates."""

from __future__ import annotations

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import has_role
from institutions.choices import FilingStatus
from institutions.models import Filing, Institution

# Roles that take part in filings; member departments read the register only.
FILING_ROLES = (Role.OPERATOR, Role.OFFICIAL, Role.COMMISSION)


def can_import_register(user) -> bool:
    """Only the health commission imports an existing register (登记和备案办法 Art. 6)."""
    return has_role(user, Role.COMMISSION)


def is_member(user, institution: Institution) -> bool:
    return has_role(user, Role.OPERATOR) and institution.memberships.filter(user=user).exists()


def can_edit_institution(user, institution: Institution) -> bool:
    return is_member(user, institution) and institution.status != "closed"


def can_edit_filing(user, filing: Filing) -> bool:
    return filing.is_editable and is_member(user, filing.institution)


def can_review_filing(user, filing: Filing) -> bool:
    """街镇初审: an official of the institution's jurisdiction, on a submitted filing."""
    return (
        has_role(user, Role.OFFICIAL)
        and user.jurisdiction_id == filing.institution.jurisdiction_id
        and filing.status == FilingStatus.SUBMITTED
    )


def can_acknowledge_filing(user, filing: Filing) -> bool:
    """区卫健委: acknowledge (or reject) a filing that passed first review."""
    return has_role(user, Role.COMMISSION) and filing.status == FilingStatus.ACCEPTED


def is_owner(user, institution: Institution) -> bool:
    """The owner (who registered or claimed it) invites and removes the institution's other members."""
    return has_role(user, Role.OPERATOR) and institution.memberships.filter(user=user, is_owner=True).exists()


def can_decide_claim(user, claim) -> bool:
    """An official of the institution's 街镇 approves or refuses a pending claim made for approval."""
    return (
        has_role(user, Role.OFFICIAL)
        and user.jurisdiction_id == claim.institution.jurisdiction_id
        and claim.is_pending
        and claim.method == "official"
    )


def can_apply_for_designation(user, institution: Institution) -> bool:
    """An operator of the institution applies for 普惠 or 示范 status (the commission grants it)."""
    return is_member(user, institution) and institution.status != "closed"


def can_grant_designation(user) -> bool:
    """Only the health commission grants, refuses and withdraws 普惠 and 示范 status."""
    return has_role(user, Role.COMMISSION)


def can_decide_designation_application(user, application) -> bool:
    return can_grant_designation(user) and application.is_pending
