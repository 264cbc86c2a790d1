"""Every write to the register goes through here: institutions, classes, staff, operators and imported rows."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User
from baodi_care.accounts.security_log.choices import SecurityAction
from baodi_care.accounts.security_log.recorder import record
from institutions.choices import (
    DESIGNATION_FIELDS,
    FAMILY_POINT_FIELDS,
    IDENTITY_FIELDS,
    SERVICE_FORM_FIELDS,
    InstitutionStatus,
)
from institutions.models import ClassGroup, Institution, Membership, StaffMember
from institutions.permissions import can_edit_institution, can_import_register
from institutions.register.selectors import identity_changes, identity_lock, missing_fields


def _save(row, by: User, *, reason: str = "", exclude: list[str] | None = None):
    """Validate and save a row of the register, its history naming who (and, for imports, why); `exclude`: the facts
    an imported register lacks (selectors.WANTED_FACTS), left blank for the operator to complete."""
    row._history_user = by
    if reason:
        row._change_reason = reason
    row.full_clean(exclude=exclude)
    row.save()
    return row


def _refuse_designations(fields: dict) -> None:
    """普惠 and 示范 are granted by the commission (institutions/designations/services.py), never set with the facts."""
    granted = sorted(set(fields) & set(DESIGNATION_FIELDS.values()))
    if granted:
        raise ValueError(granted)


@transaction.atomic
def register_institution(*, by: User, classes: list[dict] | None = None, **fields) -> Institution:
    """An operator registers a new institution (a draft until its first filing is acknowledged)."""
    _refuse_designations(fields)
    institution = Institution(**fields)
    _save(institution, by)
    for spec in classes or []:
        add_class(institution=institution, by=by, **spec)
    if by.role == Role.OPERATOR:
        link_operator(institution=institution, user=by, by=by, owner=True)
    return institution


@transaction.atomic
def import_institution(
    *, by: User, status: str, classes: list[dict] | None = None, reason: str = "", **fields
) -> tuple[Institution, bool]:
    """Take over an institution from an existing register (登记和备案办法 Art. 6), keyed by its credit code.

    Returns (institution, created); an institution already present is left as it is. `reason` goes into the
    history rows of the institution and its classes as they are written (history rows are never edited after).
    """
    _refuse_designations(fields)
    existing = Institution.objects.filter(uscc=fields["uscc"]).first()
    if existing:
        return existing, False
    institution = Institution(**fields)
    institution.status = InstitutionStatus(status)
    _save(institution, by, reason=reason, exclude=missing_fields(institution))
    for spec in classes or []:
        add_class(institution=institution, by=by, reason=reason, **spec)
    return institution, True


def add_class(
    *, institution: Institution, by: User, name: str, class_type: str, seats: int, reason: str = ""
) -> ClassGroup:
    """Add a class with its seats to an institution."""
    group = ClassGroup(institution=institution, name=name, class_type=class_type, seats=seats)
    return _save(group, by, reason=reason)


def add_staff(*, institution: Institution, by: User, class_group: ClassGroup | None = None, **fields) -> StaffMember:
    """Add a member of staff to an institution."""
    member = StaffMember(institution=institution, class_group=class_group, **fields)
    return _save(member, by)


def link_operator(
    *, institution: Institution, user: User, by: User, owner: bool = False, reason: str = ""
) -> Membership:
    """Give an operator account access to an institution (idempotent); its owner invites and removes the others."""
    membership = Membership.objects.filter(institution=institution, user=user).first()
    if membership:
        if owner and not membership.is_owner:
            membership.is_owner = True
            _save(membership, by, reason=reason)
            record(SecurityAction.MEMBER_MADE_OWNER, user=by, obj=membership, detail=reason)
        return membership
    membership = Membership(institution=institution, user=user, is_owner=owner)
    _save(membership, by, reason=reason)
    record(
        SecurityAction.MEMBER_ADDED,
        user=by,
        obj=membership,
        detail="; ".join(filter(None, ["owner" if owner else "", reason])),
    )
    return membership


INSTITUTION_CLOSED = _("This institution is deregistered; its data can no longer be changed.")


# The institution's facts: what its operators correct on its form and what a register import may bring up to
# date. Never its status (filings set it), its 普惠/示范 status (the commission grants it: institutions/designations/)
# nor what the portal keeps itself (id, timestamps).
INSTITUTION_FIELDS = (
    "name",
    "uscc",
    "legal_form",
    "ownership",
    "category",
    "provides_meals",
    "meals_source",
    "opening_hours",
    "sponsor_type",
    "sponsor_name",
    "sponsor_id_number",
    "sponsor_contact",
    "registered_address",
    "address",
    "registration_certificate_number",
    "registration_authority_name",
    "scope_names_childcare",
    "jurisdiction",
    "legal_representative",
    "principal_name",
    "contact_phone",
    "contact_email",
    "premises_tenure",
    "lease_start_date",
    "lease_end_date",
    "lessor",
    "house_use",
    "fire_resistance_rating",
    "floor",
    "building_area",
    "indoor_area",
    "outdoor_area",
    *SERVICE_FORM_FIELDS.values(),
    *FAMILY_POINT_FIELDS,
)


def _set_fields(institution: Institution, fields: dict) -> None:
    """Set the institution's facts; anything else (its status, its id…) is a programming error, refused."""
    unknown = sorted(set(fields) - set(INSTITUTION_FIELDS))
    if unknown:
        raise ValueError(unknown)
    for name, value in fields.items():
        setattr(institution, name, value)


@transaction.atomic
def update_institution(*, institution: Institution, by: User, **fields) -> Institution:
    """An operator corrects or updates the institution's facts (a filed institution then files a change)."""
    if not can_edit_institution(by, institution):
        raise PermissionDenied
    _refuse_identity_changes(institution, fields)
    _set_fields(institution, fields)
    return _save(institution, by)


def _refuse_identity_changes(institution: Institution, fields: dict) -> None:
    """A filed institution's 街镇, name, credit code, legal form and category change only through an acknowledged
    变更备案 (apply_change_filing below); a direct change of any of them is refused beside the field."""
    changed = identity_changes(institution, fields)
    lock = identity_lock(institution) if changed else ""
    if lock:
        raise ValidationError({name: ValidationError(lock, code="identity_locked") for name in changed})


@transaction.atomic
def apply_change_filing(*, institution: Institution, by: User, facts: dict, receipt_number: str) -> Institution:
    """The commission's acknowledgement of a 变更备案 puts its new registered facts in force (called by the filing
    service only, inside the acknowledgement): from now on scope, routing and the public pages follow them."""
    unknown = sorted(set(facts) - set(IDENTITY_FIELDS))
    if unknown:
        raise ValueError(unknown)
    _set_fields(institution, facts)
    return _save(institution, by, reason=f"变更备案 {receipt_number}")


@transaction.atomic
def import_update_institution(*, institution: Institution, by: User, changes: dict, reason: str) -> Institution:
    """The commission's register import brings an institution's facts up to date (登记和备案办法 Art. 6).

    Its status and seats stay as the portal has them; a deregistered institution is never changed.
    """
    if not can_import_register(by):
        raise PermissionDenied
    if institution.status == InstitutionStatus.CLOSED:
        raise ValidationError(INSTITUTION_CLOSED, code="closed")
    _refuse_identity_changes(institution, changes)
    _set_fields(institution, changes)
    return _save(institution, by, reason=reason, exclude=missing_fields(institution))


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
        _save(row, by)
