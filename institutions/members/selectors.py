"""Reads of who runs an institution: its members, open invitations, claims to decide, and its history card."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baodi_care.accounts.choices import Role
from institutions.choices import ClaimMethod, ClaimStatus
from institutions.models import Institution, InstitutionClaim, Invitation, Membership


def members_of(institution: Institution) -> QuerySet[Membership]:
    return institution.memberships.select_related("user").order_by("-is_owner", "created_at", "pk")


def open_invitations(institution: Institution) -> list[Invitation]:
    return [i for i in institution.invitations.filter(accepted_at=None, revoked_at=None) if i.is_open]


def claims(*, user) -> QuerySet[InstitutionClaim]:
    """The claims a user sees (their own, their jurisdiction's, the district's), with what the list shows."""
    return InstitutionClaim.objects.for_user(user).select_related("institution", "claimant", "decided_by")


def claims_to_decide(user) -> QuerySet[InstitutionClaim]:
    """The pending claims an official is asked to approve or refuse."""
    if user.role != Role.OFFICIAL:
        return InstitutionClaim.objects.none()
    return claims(user=user).filter(status=ClaimStatus.PENDING, method=ClaimMethod.OFFICIAL)


def _member_change(row) -> str:
    name = row.user.get_full_name() if row.user else "?"
    if row.history_type == "+":
        return _("Member added: %(name)s") % {"name": name}
    if row.history_type == "-":
        return _("Member removed: %(name)s") % {"name": name}
    return _("Member changed: %(name)s") % {"name": name}


def institution_history(institution: Institution, limit: int = 20) -> list:
    """The institution's own changes and its members' (added, made owner, removed), newest first; each member row
    carries `what` (a sentence in the reader's language)."""
    own = list(institution.history.select_related("history_user")[:limit])
    members = list(
        Membership.history.filter(institution_id=institution.pk).select_related("history_user", "user")[:limit]
    )
    for row in members:
        row.what = _member_change(row)
    return sorted(own + members, key=lambda h: h.history_date, reverse=True)[:limit]
