"""Every write to institutions goes through here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User
from institutions.choices import (
    InstitutionStatus,
)
from institutions.models import (
    ClassGroup,
    Institution,
    Membership,
    StaffMember,
)
from institutions.permissions import (
    can_edit_institution,
)


@transaction.atomic
def register_institution(*, by: User, classes: list[dict] | None = None, **fields) -> Institution:
    """An operator registers a new institution (a draft until its first filing is acknowledged)."""
    institution = Institution(**fields)
    institution._history_user = by
    institution.full_clean()
    institution.save()
    for spec in classes or []:
        add_class(institution=institution, by=by, **spec)
    if by.role == Role.OPERATOR:
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


def add_staff(*, institution: Institution, by: User, class_group: ClassGroup | None = None, **fields) -> StaffMember:
    """Add a member of staff to an institution."""
    member = StaffMember(institution=institution, class_group=class_group, **fields)
    member._history_user = by
    member.full_clean()
    member.save()
    return member


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


INSTITUTION_CLOSED = _("This institution is deregistered; its data can no longer be changed.")


@transaction.atomic
def update_institution(*, institution: Institution, by: User, **fields) -> Institution:
    """An operator corrects or updates the institution's facts (a filed institution then files a change)."""
    if not can_edit_institution(by, institution):
        raise PermissionDenied
    for name, value in fields.items():
        setattr(institution, name, value)
    institution._history_user = by
    institution.full_clean()
    institution.save()
    return institution


@transaction.atomic
def save_institution_rows(*, institution: Institution, by: User, formset) -> None:
    """Save a validated formset of classes or staff of the institution, keeping history of every row."""
    if not can_edit_institution(by, institution):
        raise PermissionDenied
    for form in formset.deleted_forms:
        if form.instance.pk:
            form.instance._history_user = by
            form.instance.delete()
    for form in formset.forms:
        if form in formset.deleted_forms or not form.has_changed():
            continue
        row = form.save(commit=False)
        row.institution = institution
        row._history_user = by
        row.full_clean()
        row.save()
