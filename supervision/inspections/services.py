"""Every write of an inspection goes through here: opened, filled in (with photos), finished and locked."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from baodi_care.accounts.models import User
from baodi_care.accounts.services import notify
from baodi_care.core.files import store_upload
from baodi_care.core.transitions import TransitionError, Workflow
from institutions.models import Institution
from institutions.register.selectors import operators_of
from supervision.checklists.selectors import CHECKLIST_NONE_CURRENT, template_for
from supervision.choices import (
    INSPECTABLE_STATUSES,
    INSPECTION_FINISH,
    INSPECTION_TRANSITIONS,
    InspectionKind,
    InspectionMode,
    InspectionResult,
    InspectionStatus,
    MemberDepartment,
    Outcome,
)
from supervision.models import Complaint, EvidenceFile, Inspection, ItemCheck
from supervision.permissions import is_official_of

JOINT_NEEDS_DEPARTMENTS = _("Tick the member departments that took part in the joint inspection.")
INSPECTION_LOCKED = _("This inspection is finished and locked; it can no longer be changed.")
INSPECTION_NOT_YOURS = _("Only officials of the institution's jurisdiction can record this inspection.")


class InspectionError(TransitionError):
    """A step the rules refuse; views show its messages."""


# A draft is finished once; the locked row has no version, its status is the lock.
INSPECTION_WORKFLOW = Workflow(
    model=Inspection,
    table=INSPECTION_TRANSITIONS,
    illegal=INSPECTION_LOCKED,
    stale=_("Someone else finished this inspection meanwhile; nothing was changed."),
    error=InspectionError,
    versioned=False,
)


def _clean_departments(kind: str, departments: Iterable[str]) -> list[str]:
    values = []
    for value in departments or []:
        if value not in MemberDepartment.values:
            raise InspectionError(_("Unknown member department: %(value)s."), params={"value": value})
        if value not in values:
            values.append(value)
    if kind == InspectionKind.JOINT and not values:
        raise InspectionError({"departments": ValidationError(JOINT_NEEDS_DEPARTMENTS)})
    # Departments only take part in joint inspections; other kinds keep none.
    return [v for v in MemberDepartment.values if v in values] if kind == InspectionKind.JOINT else []


@transaction.atomic
def create_inspection(
    *,
    institution: Institution,
    by: User,
    mode: str,
    kind: str,
    inspected_on: datetime.date,
    departments: Iterable[str] = (),
    inspectors: str = "",
    summary: str = "",
    complaint: Complaint | None = None,
) -> Inspection:
    """An official opens a draft inspection of an institution of their jurisdiction, on the current checklist.

    The complaints workflow passes `complaint` when an inspection follows from one.
    """
    if not is_official_of(by, institution):
        raise PermissionDenied
    if institution.status not in INSPECTABLE_STATUSES:
        raise InspectionError(
            _("%(institution)s is “%(status)s”: only filed institutions in your jurisdiction can be inspected."),
            params={"institution": institution.name, "status": institution.get_status_display()},
        )
    if complaint is not None and (
        complaint.jurisdiction_id != institution.jurisdiction_id
        or (complaint.institution_id and complaint.institution_id != institution.pk)
    ):
        raise InspectionError(_("The complaint concerns another institution or jurisdiction."))
    template = template_for(institution)  # a family point's own checklist for a family point
    if template is None:
        raise InspectionError(CHECKLIST_NONE_CURRENT)
    inspection = Inspection(
        institution=institution,
        template=template,
        mode=InspectionMode(mode),
        kind=InspectionKind(kind),
        departments=_clean_departments(kind, departments),
        inspected_on=inspected_on,
        inspectors=(inspectors or "").strip(),
        summary=(summary or "").strip(),
        complaint=complaint,
        created_by=by,
    )
    inspection._history_user = by
    inspection.full_clean()
    inspection.save()
    bulk_create_with_history(
        [ItemCheck(inspection=inspection, item=item) for item in template.items.all()], ItemCheck, default_user=by
    )
    if complaint is not None:
        from supervision.complaints.services import record_inspection_opened

        record_inspection_opened(complaint=complaint, inspection=inspection, by=by)
    return inspection


def _lock_draft(inspection: Inspection) -> None:
    """Re-read the status under a row lock: a finished inspection never changes again."""
    status = Inspection.objects.select_for_update().values_list("status", flat=True).get(pk=inspection.pk)
    inspection.status = status
    if status != InspectionStatus.DRAFT:
        raise InspectionError(INSPECTION_LOCKED)


@transaction.atomic
def update_inspection(*, inspection: Inspection, by: User, answers: Iterable[dict] = (), **header) -> Inspection:
    """Save a draft: header fields and any answers given so far (partial answers are fine).

    `answers` holds {"check": ItemCheck, "outcome": str, "note": str} for the items that changed, so that two
    inspectors filling in different parts of the same draft do not overwrite each other.
    """
    if not is_official_of(by, inspection.institution):
        raise InspectionError(INSPECTION_NOT_YOURS)
    _lock_draft(inspection)
    if header:
        kind = header.get("kind", inspection.kind)
        if "departments" in header or "kind" in header:
            header["departments"] = _clean_departments(kind, header.get("departments", inspection.departments))
        changed = False
        for name in ("mode", "kind", "departments", "inspected_on", "inspectors", "summary"):
            if name in header:
                value = header[name]
                value = value.strip() if isinstance(value, str) else value
                changed |= getattr(inspection, name) != value
                setattr(inspection, name, value)
        if changed:  # a save that only records answers leaves no empty history row
            inspection._history_user = by
            inspection.full_clean()
            inspection.save()
    changed = []
    for answer in answers:
        check = answer["check"]
        if check.inspection_id != inspection.pk:
            raise PermissionDenied
        outcome = answer.get("outcome") or ""
        if outcome and outcome not in Outcome.values:
            raise InspectionError(_("“%(value)s” is not an outcome."), params={"value": outcome})
        check.outcome = outcome
        check.note = (answer.get("note") or "").strip()
        # The row's inspection and item never change here: validate only what the inspector wrote.
        check.full_clean(exclude=["inspection", "item"], validate_unique=False, validate_constraints=False)
        changed.append(check)
    if changed:
        bulk_update_with_history(changed, ItemCheck, ["outcome", "note"], default_user=by)
    return inspection


@transaction.atomic
def add_inspection_photo(*, check: ItemCheck, by: User, upload) -> EvidenceFile:
    """A photo (or PDF scan) taken at the inspection, for one item; same checks as filing documents."""
    inspection = check.inspection
    if not is_official_of(by, inspection.institution):
        raise InspectionError(INSPECTION_NOT_YOURS)
    _lock_draft(inspection)
    return store_upload(EvidenceFile(item_check=check, uploaded_by=by), upload)


@transaction.atomic
def delete_inspection_photo(*, photo: EvidenceFile, by: User) -> None:
    """Remove a photo from a draft inspection (a wrong shot); finished inspections keep theirs."""
    check = photo.item_check
    if check is None or not is_official_of(by, check.inspection.institution):
        raise InspectionError(INSPECTION_NOT_YOURS)
    _lock_draft(check.inspection)
    stored = photo.file.name
    storage = photo.file.storage
    photo.delete()
    transaction.on_commit(lambda: storage.delete(stored))


def _label(check: ItemCheck) -> str:
    return str(check.item)


def compute_result(outcomes: Iterable[str]) -> str:
    """No problems found unless an item is non-compliant."""
    return InspectionResult.RECTIFY if Outcome.NON_COMPLIANT in set(outcomes) else InspectionResult.COMPLIANT


@transaction.atomic
def finish_inspection(*, inspection: Inspection, by: User, today: datetime.date | None = None) -> Inspection:
    """Finish and lock: compute the result and open a rectification for every non-compliant item."""
    if not is_official_of(by, inspection.institution):
        raise InspectionError(INSPECTION_NOT_YOURS)
    _lock_draft(inspection)
    now = timezone.now()
    today = today or timezone.localdate(now)
    if inspection.inspected_on > today:
        raise InspectionError(
            _("The inspection date %(date)s is in the future; it can be finished on or after that day."),
            params={"date": inspection.inspected_on.isoformat()},
        )
    checks = list(inspection.checks.select_related("item"))
    open_items = [c for c in checks if not c.outcome]
    if open_items:
        names = "；".join(_label(c) for c in open_items[:3]) + ("……" if len(open_items) > 3 else "")
        raise InspectionError(
            _("Give an outcome for every item before finishing: %(count)s still open (%(items)s)."),
            params={"count": len(open_items), "items": names},
        )
    unexplained = [c for c in checks if c.outcome == Outcome.NON_COMPLIANT and not c.note.strip()]
    if unexplained:
        raise InspectionError(
            _("Say what is wrong for every non-compliant item: %(items)s."),
            params={"items": "；".join(_label(c) for c in unexplained)},
        )
    INSPECTION_WORKFLOW.advance(inspection, action=INSPECTION_FINISH, by=by)
    inspection.result = compute_result(c.outcome for c in checks)
    inspection.finished_at = now
    inspection.full_clean()
    inspection.save()
    note_last_inspections(Institution.objects.filter(pk=inspection.institution_id))
    from supervision.rectifications.services import open_rectification

    institution = inspection.institution
    problems = [c for c in checks if c.outcome == Outcome.NON_COMPLIANT]
    deadlines = [open_rectification(check=c, by=by, today=today).deadline for c in problems]
    params = {"institution": institution.name, "date": inspection.inspected_on}
    if problems:
        notify(
            recipients=operators_of(institution),
            message=_(
                "Inspection of %(institution)s on %(date)s: %(count)s problem(s) to rectify, the first by %(deadline)s."
            ),
            params={**params, "count": len(problems), "deadline": min(deadlines)},
            url=reverse("supervision:institution_ledger", args=[institution.pk]),
        )
    else:
        notify(
            recipients=operators_of(institution),
            message=_("Inspection of %(institution)s on %(date)s: no problems found."),
            params=params,
            url=inspection.get_absolute_url(),
        )
    return inspection


def note_last_inspections(institutions: QuerySet[Institution]) -> int:
    """Set each institution's `last_inspected_on` to the day of its latest finished inspection, in one UPDATE (the
    inspection plan reads it). Called when an inspection is finished; a data load calls it for all."""
    latest = (
        Inspection.objects.filter(institution=OuterRef("pk"), status=InspectionStatus.FINISHED)
        .order_by("-inspected_on")
        .values("inspected_on")[:1]
    )
    return institutions.update(last_inspected_on=Subquery(latest))
