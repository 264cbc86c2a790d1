"""Who runs an institution: claims of an imported institution (pending, approved, refused) and invitations."""

from __future__ import annotations

from baodi_care.accounts.models import User
from institutions.choices import ClaimMethod, ClaimStatus
from institutions.members import services as members_services
from institutions.models import Institution, InstitutionClaim, Invitation
from tests.builders.accounts import official_of


def make_claim(
    institution: Institution, claimant: User, *, method: str = ClaimMethod.OFFICIAL, status: str = ClaimStatus.PENDING
) -> InstitutionClaim:
    """A claim of an institution without owner, started by `claimant` and, if asked, decided by an official of its
    jurisdiction (approved: the claimant is its owner)."""
    claim = members_services.start_claim(uscc=institution.uscc, method=method, by=claimant)
    if status in (ClaimStatus.APPROVED, ClaimStatus.REFUSED):
        members_services.decide_claim(
            claim=claim, by=official_of(institution.jurisdiction), approve=status == ClaimStatus.APPROVED
        )
        claim.refresh_from_db()
    return claim


def make_invitation(institution: Institution, owner: User, email: str = "colleague@example.cn") -> Invitation:
    """An open invitation sent by the institution's owner."""
    return members_services.invite_member(institution=institution, email=email, by=owner)
