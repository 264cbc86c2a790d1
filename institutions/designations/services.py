"""Every write of 普惠 and 示范 status: an operator's application, the commission's decision on it, and the
commission's own grant or withdrawal. Each writes a DesignationEvent (date, basis, who) in the same transaction and
keeps the institution's column (is_inclusive / is_demonstration) that the register, statistics and public read."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import User
from baodi_care.accounts.selectors import commission_staff
from baodi_care.accounts.services import notify
from institutions.choices import DESIGNATION_FIELDS, ApplicationStatus, Designation, DesignationAction
from institutions.models import DesignationApplication, DesignationEvent, Institution, Membership
from institutions.permissions import (
    can_apply_for_designation,
    can_decide_designation_application,
    can_grant_designation,
)

ONLY_THE_COMMISSION = _("Only the district health commission grants, refuses or withdraws this status.")
APPLICATION_DECIDED = _("This application has already been decided.")
ALREADY_APPLIED = _("An application for this status is already awaiting the commission's decision.")
ALREADY_HELD = _("The institution already holds this status.")
NOT_HELD = _("The institution does not hold this status, so it cannot be withdrawn.")
BASIS_REQUIRED = _("Give the basis (依据) of the decision: the document or meeting and its number or date.")
DATE_IN_FUTURE = _("The decision date cannot be in the future.")
CANNOT_APPLY = _("Only an operator of this institution can apply, and not for a deregistered institution.")


def _locked(institution: Institution) -> Institution:
    """The institution's row, locked: two decisions on the same status are taken one after the other."""
    return Institution.objects.select_for_update().get(pk=institution.pk)


def _check_decision(decided_on: datetime.date | None, basis: str) -> str:
    basis = (basis or "").strip()
    errors = {}
    if not basis:
        errors["basis"] = ValidationError(BASIS_REQUIRED, code="basis_required")
    if decided_on is None or decided_on > timezone.localdate():
        errors["decided_on"] = ValidationError(DATE_IN_FUTURE, code="date_in_future")
    if errors:
        raise ValidationError(errors)
    return basis[:300]


def _set_holds(institution: Institution, designation: str, holds: bool, by: User, reason: str) -> None:
    setattr(institution, DESIGNATION_FIELDS[designation], holds)
    institution._history_user = by
    institution._change_reason = reason[:100]
    institution.save(update_fields=[DESIGNATION_FIELDS[designation], "updated_at"])


def _operators(institution: Institution) -> list[User]:
    return [m.user for m in Membership.objects.filter(institution=institution).select_related("user")]


@transaction.atomic
def apply_for_designation(
    *, institution: Institution, designation: str, by: User, note: str = ""
) -> DesignationApplication:
    """An operator applies for 普惠 or 示范 status; the commission is asked to decide."""
    if not can_apply_for_designation(by, institution):
        raise PermissionDenied(CANNOT_APPLY)
    institution = _locked(institution)
    designation = Designation(designation)
    if getattr(institution, DESIGNATION_FIELDS[designation]):
        raise ValidationError({"designation": ALREADY_HELD})
    if institution.designation_applications.filter(designation=designation, status=ApplicationStatus.PENDING).exists():
        raise ValidationError({"designation": ALREADY_APPLIED})
    application = DesignationApplication(institution=institution, designation=designation, note=note, applied_by=by)
    application.full_clean()
    application.save()
    DesignationEvent.objects.create(
        institution=institution, designation=designation, action=DesignationAction.APPLIED, holds=False,
        note=note, application=application, by=by,
    )  # fmt: skip
    notify(
        recipients=commission_staff(),
        message=_("%(institution)s applies for the status “%(designation)s”: please grant or refuse it."),
        params={"institution": institution.name, "designation": designation.label},
        url=application.get_absolute_url(),
    )
    return application


@transaction.atomic
def decide_application(
    *, application: DesignationApplication, by: User, grant: bool, decided_on: datetime.date, basis: str
) -> DesignationApplication:
    """The commission grants or refuses an application, with the decision date and its basis (依据)."""
    application = DesignationApplication.objects.select_for_update().get(pk=application.pk)
    if not can_grant_designation(by):
        raise PermissionDenied(ONLY_THE_COMMISSION)
    if not can_decide_designation_application(by, application):
        raise ValidationError(APPLICATION_DECIDED)
    basis = _check_decision(decided_on, basis)
    institution = _locked(application.institution)
    designation = Designation(application.designation)
    if grant and getattr(institution, DESIGNATION_FIELDS[designation]):
        raise ValidationError(ALREADY_HELD)
    application.status = ApplicationStatus.GRANTED if grant else ApplicationStatus.REFUSED
    application.decided_by, application.decided_on, application.basis = by, decided_on, basis
    application.save(update_fields=["status", "decided_by", "decided_on", "basis"])
    DesignationEvent.objects.create(
        institution=institution, designation=designation,
        action=DesignationAction.GRANTED if grant else DesignationAction.REFUSED, holds=grant,
        decided_on=decided_on, basis=basis, application=application, by=by,
    )  # fmt: skip
    if grant:
        _set_holds(institution, designation, True, by, f"{designation.label}: {basis}")
    notify(
        recipients=_operators(institution),
        message=_("Status “%(designation)s” granted to %(institution)s (%(basis)s).")
        if grant
        else _("Application for the status “%(designation)s” of %(institution)s refused (%(basis)s)."),
        params={"institution": institution.name, "designation": designation.label, "basis": basis},
        url=application.get_absolute_url(),
    )
    return application


@transaction.atomic
def change_designation(
    *, institution: Institution, designation: str, holds: bool, by: User, decided_on: datetime.date, basis: str
) -> DesignationEvent:
    """The commission grants (holds=True) or withdraws (holds=False) a status on its own initiative."""
    if not can_grant_designation(by):
        raise PermissionDenied(ONLY_THE_COMMISSION)
    basis = _check_decision(decided_on, basis)
    institution = _locked(institution)
    designation = Designation(designation)
    current = getattr(institution, DESIGNATION_FIELDS[designation])
    if holds and current:
        raise ValidationError(ALREADY_HELD)
    if not holds and not current:
        raise ValidationError(NOT_HELD)
    # A grant while the operator's application waits decides that application too (with this date and basis).
    application = None
    if holds:
        application = (
            institution.designation_applications.select_for_update()
            .filter(designation=designation, status=ApplicationStatus.PENDING)
            .first()
        )
        if application:
            application.status = ApplicationStatus.GRANTED
            application.decided_by, application.decided_on, application.basis = by, decided_on, basis
            application.save(update_fields=["status", "decided_by", "decided_on", "basis"])
    event = DesignationEvent.objects.create(
        institution=institution, designation=designation,
        action=DesignationAction.GRANTED if holds else DesignationAction.WITHDRAWN, holds=holds,
        decided_on=decided_on, basis=basis, application=application, by=by,
    )  # fmt: skip
    _set_holds(institution, designation, holds, by, f"{designation.label}: {basis}")
    notify(
        recipients=_operators(institution),
        message=_("Status “%(designation)s” granted to %(institution)s (%(basis)s).")
        if holds
        else _("Status “%(designation)s” of %(institution)s withdrawn (%(basis)s)."),
        params={"institution": institution.name, "designation": designation.label, "basis": basis},
        url=institution.get_absolute_url(),
    )
    return event
