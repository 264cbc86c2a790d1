"""Every write to institutions goes through here."""

from __future__ import annotations

from django.db import transaction

from baodi_care.accounts.models import User

from .choices import InstitutionStatus
from .models import ClassGroup, Institution, Membership


@transaction.atomic
def register_institution(*, by: User, classes: list[dict] | None = None, **fields) -> Institution:
    """An operator registers a new institution (a draft until its first filing is acknowledged)."""
    institution = Institution(**fields)
    institution._history_user = by
    institution.full_clean()
    institution.save()
    for spec in classes or []:
        add_class(institution=institution, by=by, **spec)
    if by.is_operator:
        link_operator(institution=institution, user=by, by=by)
    return institution


@transaction.atomic
def import_institution(
    *, by: User, status: str, classes: list[dict] | None = None, **fields
) -> tuple[Institution, bool]:
    """Take over an institution from an existing register (登记和备案办法 Art. 6), keyed by its credit code.

    Returns (institution, created); an institution already present is left as it is.
    """
    existing = Institution.objects.filter(uscc=fields["uscc"]).first()
    if existing:
        return existing, False
    institution = Institution(**fields)
    institution.status = InstitutionStatus(status)
    institution._history_user = by
    institution.full_clean()
    institution.save()
    for spec in classes or []:
        add_class(institution=institution, by=by, **spec)
    return institution, True


def add_class(*, institution: Institution, by: User, name: str, class_type: str, seats: int) -> ClassGroup:
    """Add a class with its seats to an institution."""
    group = ClassGroup(institution=institution, name=name, class_type=class_type, seats=seats)
    group._history_user = by
    group.full_clean()
    group.save()
    return group


def link_operator(*, institution: Institution, user: User, by: User) -> Membership:
    """Give an operator account access to an institution (idempotent)."""
    membership = Membership.objects.filter(institution=institution, user=user).first()
    if membership:
        return membership
    membership = Membership(institution=institution, user=user)
    membership._history_user = by
    membership.full_clean()
    membership.save()
    return membership
