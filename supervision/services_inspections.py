"""Every write of checklists, inspections, rectifications and the inspection plan goes through here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User
from baodi_care.accounts.permissions import has_role
from baodi_care.accounts.services import notify
from institutions.choices import Category, InstitutionStatus
from institutions.models import Institution
from institutions.uploads import inspect_upload
from institutions.workdays import add_working_days

from .choices import (
    RECTIFICATION_TRANSITIONS,
    InspectionKind,
    InspectionMode,
    InspectionResult,
    InspectionStatus,
    MemberDepartment,
    Outcome,
    RectificationAction,
    RectificationStatus,
)
from .models import (
    ChecklistItem,
    ChecklistTemplate,
    Complaint,
    EvidenceFile,
    Inspection,
    InspectionFrequency,
    ItemCheck,
    Rectification,
    RectificationEvent,
)

# Institutions on the register that can be visited: filed ones, also while a change is pending or suspended.
INSPECTABLE_STATUSES = (InstitutionStatus.FILED, InstitutionStatus.CHANGE_PENDING, InstitutionStatus.SUSPENDED)
# Institutions the inspection plan covers.
PLANNED_STATUSES = (InstitutionStatus.FILED, InstitutionStatus.CHANGE_PENDING)
# How often an institution may be required to be inspected: divisors of 12, so the interval is whole months.
FREQUENCY_CHOICES = (1, 2, 3, 4, 6, 12)

CHECKLIST_NOT_DRAFT = _("Only a draft version of a checklist can be changed; start a new version first.")
CHECKLIST_EMPTY = _("A checklist needs at least one item before it can be published.")
CHECKLIST_NONE_CURRENT = _("There is no current checklist; the health commission must publish one first.")
INSTITUTION_NOT_INSPECTABLE = _(
    "%(institution)s is “%(status)s”: only filed institutions in your jurisdiction can be inspected."
)
JOINT_NEEDS_DEPARTMENTS = _("Tick the member departments that took part in the joint inspection.")
UNKNOWN_DEPARTMENT = _("Unknown member department: %(value)s.")
COMPLAINT_OTHER_PLACE = _("The complaint concerns another institution or jurisdiction.")
INSPECTION_LOCKED = _("This inspection is finished and locked; it can no longer be changed.")
INSPECTION_NOT_YOURS = _("Only officials of the institution's jurisdiction can record this inspection.")
INSPECTION_ITEMS_MISSING = _("Give an outcome for every item before finishing: %(count)s still open (%(items)s).")
INSPECTION_NOTES_MISSING = _("Say what is wrong for every non-compliant item: %(items)s.")
INSPECTION_IN_FUTURE = _("The inspection date %(date)s is in the future; it can be finished on or after that day.")
INSPECTION_CHANGED = _("Someone else finished this inspection meanwhile; nothing was changed.")
OUTCOME_INVALID = _("“%(value)s” is not an outcome.")
RECTIFICATION_CHANGED = _(
    "Someone else has changed this rectification since you opened it (it is now “%(status)s”). "
    "Nothing was saved; please look at it again."
)
RECTIFICATION_ILLEGAL = _("This rectification is “%(status)s”; “%(action)s” is not possible now.")
RECTIFICATION_NOT_YOURS = _("You are not allowed to do this to this rectification.")
RESPONSE_REQUIRED = _("Describe what was done to put the problem right.")
EVIDENCE_REQUIRED = _("Attach at least one photo or scan showing the problem is put right.")
SEND_BACK_NOTE_REQUIRED = _("Say why the rectification is not accepted and what is still needed.")
DEADLINE_IN_PAST = _("A new deadline must be today or later.")
FREQUENCY_INVALID = _("Choose how many inspections a year: %(choices)s.")
FREQUENCY_DEFAULT_KEPT = _("The district default cannot be removed; change its number instead.")
CATEGORY_INVALID = _("Unknown institution category.")


class InspectionError(ValidationError):
    """A step the rules refuse; views show its messages."""


class StaleRectificationError(InspectionError):
    """Someone else changed the rectification first."""


# --- Permissions (pure predicates; views pass the same answers to templates) ------------------------------


def can_configure_checklists(user) -> bool:
    """Checklists and the inspection plan are the commission's (DESIGN §1)."""
    return has_role(user, Role.COMMISSION)


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


def _operators(institution: Institution):
    return User.objects.filter(memberships__institution=institution, is_active=True)


def _officials(institution: Institution):
    return User.objects.filter(role=Role.OFFICIAL, jurisdiction_id=institution.jurisdiction_id, is_active=True)


# --- Checklists -----------------------------------------------------------------------------------------


def current_template(name: str | None = None) -> ChecklistTemplate | None:
    qs = ChecklistTemplate.objects.filter(is_current=True)
    if name:
        qs = qs.filter(name=name)
    return qs.order_by("name").first()


def is_draft(template: ChecklistTemplate) -> bool:
    """A draft is a version newer than the current one that was never published."""
    if template.is_current:
        return False
    current = ChecklistTemplate.objects.filter(name=template.name, is_current=True).values_list("version", flat=True)
    current_version = next(iter(current), 0)
    return template.version > current_version


def _require_commission(by: User) -> None:
    if not can_configure_checklists(by):
        raise PermissionDenied


def _require_draft(template: ChecklistTemplate) -> None:
    if not is_draft(template):
        raise InspectionError(CHECKLIST_NOT_DRAFT)


@transaction.atomic
def start_checklist_version(*, template: ChecklistTemplate, by: User) -> ChecklistTemplate:
    """Copy the current version's items into a new draft version (or return the draft already open)."""
    _require_commission(by)
    # Lock the versions of this checklist: a double click must not open two drafts.
    versions = list(ChecklistTemplate.objects.select_for_update().filter(name=template.name).order_by("-version"))
    for version in versions:
        if is_draft(version):
            return version
    source = next((v for v in versions if v.is_current), versions[0])
    draft = ChecklistTemplate(name=template.name, version=versions[0].version + 1, is_current=False, created_by=by)
    draft._history_user = by
    draft.full_clean()
    draft.save()
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            template=draft,
            category=item.category,
            position=item.position,
            text=item.text,
            text_en=item.text_en,
            source=item.source,
            rectification_days=item.rectification_days,
        )
        for item in source.items.all()
    )
    return draft


def _clean_item(item: ChecklistItem) -> None:
    item.text = (item.text or "").strip()
    item.text_en = (item.text_en or "").strip()
    item.source = (item.source or "").strip()
    item.full_clean()


@transaction.atomic
def add_checklist_item(*, template: ChecklistTemplate, by: User, **fields) -> ChecklistItem:
    """Add an item to a draft version (at the end of its category unless a position is given)."""
    _require_commission(by)
    _require_draft(template)
    if not fields.get("position"):
        # After the last item of its category (items are shown grouped by category, in position order).
        last = template.items.filter(category=fields.get("category")).aggregate(p=Max("position"))["p"]
        if last is None:
            last = template.items.aggregate(p=Max("position"))["p"] or 0
        fields["position"] = last + 1
    item = ChecklistItem(template=template, **fields)
    _clean_item(item)
    item.save()
    return item


@transaction.atomic
def update_checklist_item(*, item: ChecklistItem, by: User, **fields) -> ChecklistItem:
    """Change an item of a draft version."""
    _require_commission(by)
    _require_draft(item.template)
    if fields.get("position") is None:
        fields.pop("position", None)  # left empty: the item keeps its place
    for name, value in fields.items():
        setattr(item, name, value)
    _clean_item(item)
    item.save()
    return item


@transaction.atomic
def delete_checklist_item(*, item: ChecklistItem, by: User) -> None:
    """Remove an item from a draft version."""
    _require_commission(by)
    _require_draft(item.template)
    item.delete()


@transaction.atomic
def publish_checklist(*, template: ChecklistTemplate, by: User, notes: str = "") -> ChecklistTemplate:
    """The draft becomes the current version; the previous one stays with the inspections that used it."""
    _require_commission(by)
    list(ChecklistTemplate.objects.select_for_update().filter(name=template.name))
    template.refresh_from_db()
    _require_draft(template)
    if not template.items.exists():
        raise InspectionError(CHECKLIST_EMPTY)
    for previous in ChecklistTemplate.objects.filter(name=template.name, is_current=True):
        previous.is_current = False
        previous._history_user = by
        previous.save(update_fields=["is_current"])
    template.is_current = True
    template.notes = (notes or template.notes or "").strip()
    template._history_user = by
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def discard_checklist_draft(*, template: ChecklistTemplate, by: User) -> None:
    """Throw away a draft version that was never published."""
    _require_commission(by)
    _require_draft(template)
    template.items.all().delete()
    template._history_user = by
    template.delete()


# --- Inspections ----------------------------------------------------------------------------------------


def _clean_departments(kind: str, departments: Iterable[str]) -> list[str]:
    values = []
    for value in departments or []:
        if value not in MemberDepartment.values:
            raise InspectionError(UNKNOWN_DEPARTMENT, params={"value": value})
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
            INSTITUTION_NOT_INSPECTABLE,
            params={"institution": institution.name, "status": institution.get_status_display()},
        )
    if complaint is not None and (
        complaint.jurisdiction_id != institution.jurisdiction_id
        or (complaint.institution_id and complaint.institution_id != institution.pk)
    ):
        raise InspectionError(COMPLAINT_OTHER_PLACE)
    template = current_template()
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
        from .services_complaints import record_inspection_opened

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
            raise InspectionError(OUTCOME_INVALID, params={"value": outcome})
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
    return _store_evidence(upload=upload, by=by, item_check=check)


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


def _store_evidence(*, upload, by: User, item_check=None, rectification=None) -> EvidenceFile:
    extension, sha256 = inspect_upload(upload)
    evidence = EvidenceFile(
        item_check=item_check,
        rectification=rectification,
        extension=extension,
        original_name=(upload.name or "")[-200:],
        size=upload.size,
        sha256=sha256,
        uploaded_by=by,
    )
    evidence.file.save("upload", upload, save=False)
    evidence.save()
    return evidence


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
        raise InspectionError(INSPECTION_IN_FUTURE, params={"date": inspection.inspected_on.isoformat()})
    checks = list(inspection.checks.select_related("item"))
    open_items = [c for c in checks if not c.outcome]
    if open_items:
        names = "；".join(_label(c) for c in open_items[:3]) + ("……" if len(open_items) > 3 else "")
        raise InspectionError(INSPECTION_ITEMS_MISSING, params={"count": len(open_items), "items": names})
    unexplained = [c for c in checks if c.outcome == Outcome.NON_COMPLIANT and not c.note.strip()]
    if unexplained:
        raise InspectionError(INSPECTION_NOTES_MISSING, params={"items": "；".join(_label(c) for c in unexplained)})
    # The conditional UPDATE is the lock on every database: of two finishing at once only one matches.
    won = Inspection.objects.filter(pk=inspection.pk, status=InspectionStatus.DRAFT).update(
        status=InspectionStatus.FINISHED
    )
    if not won:
        raise InspectionError(INSPECTION_CHANGED)
    inspection.status = InspectionStatus.FINISHED
    inspection.result = compute_result(c.outcome for c in checks)
    inspection.finished_at = now
    inspection._history_user = by
    inspection.full_clean()
    inspection.save()
    institution = inspection.institution
    problems = [c for c in checks if c.outcome == Outcome.NON_COMPLIANT]
    deadlines = []
    for check in problems:
        rectification = Rectification(
            item_check=check,
            institution=institution,
            # Counted from the day the order is issued, in working days set per checklist item.
            deadline=add_working_days(today, check.item.rectification_days),
        )
        rectification._history_user = by
        rectification.full_clean()
        rectification.save()
        deadlines.append(rectification.deadline)
        RectificationEvent.objects.create(
            rectification=rectification, action="open", to_status=RectificationStatus.OPEN, by=by, note=check.note
        )
    if problems:
        message = _(
            "Inspection of %(institution)s on %(date)s: %(count)s problem(s) to rectify, the first by %(deadline)s."
        ) % {
            "institution": institution.name,
            "date": inspection.inspected_on.isoformat(),
            "count": len(problems),
            "deadline": min(deadlines).isoformat(),
        }
        url = reverse("supervision:institution_ledger", args=[institution.pk])
    else:
        message = _("Inspection of %(institution)s on %(date)s: no problems found.") % {
            "institution": institution.name,
            "date": inspection.inspected_on.isoformat(),
        }
        url = inspection.get_absolute_url()
    notify(recipients=_operators(institution), message=message, url=url)
    return inspection


# --- Rectifications -------------------------------------------------------------------------------------


def _check_step(*, rectification: Rectification, action: str, version) -> None:
    try:
        current = int(version) == rectification.version
    except (TypeError, ValueError):
        current = False
    if not current:
        raise StaleRectificationError(RECTIFICATION_CHANGED, params={"status": rectification.get_status_display()})
    if (rectification.status, action) not in RECTIFICATION_TRANSITIONS:
        raise InspectionError(
            RECTIFICATION_ILLEGAL,
            params={"status": rectification.get_status_display(), "action": RectificationAction(action).label},
        )


def _advance(*, rectification: Rectification, action: str, by: User, version: int, note: str = "") -> None:
    target = RECTIFICATION_TRANSITIONS[(rectification.status, action)]
    won = Rectification.objects.filter(pk=rectification.pk, version=version, status=rectification.status).update(
        version=F("version") + 1
    )
    if not won:
        current = Rectification.objects.get(pk=rectification.pk)
        raise StaleRectificationError(RECTIFICATION_CHANGED, params={"status": current.get_status_display()})
    RectificationEvent.objects.create(
        rectification=rectification, action=action, from_status=rectification.status, to_status=target, by=by,
        note=note,
    )  # fmt: skip
    rectification.version = version + 1
    rectification.status = target
    rectification._history_user = by


@transaction.atomic
def answer_rectification(
    *, rectification: Rectification, by: User, version: int, response: str, uploads: Iterable = ()
) -> Rectification:
    """The operator reports what was done, with photos or scans as evidence."""
    _check_step(rectification=rectification, action=RectificationAction.ANSWER, version=version)
    if not can_answer_rectification(by, rectification):
        raise InspectionError(RECTIFICATION_NOT_YOURS)
    response = (response or "").strip()
    if not response:
        raise InspectionError({"response": ValidationError(RESPONSE_REQUIRED)})
    uploads = list(uploads)
    if not uploads and not rectification.evidence.exists():
        raise InspectionError({"files": ValidationError(EVIDENCE_REQUIRED)})
    for upload in uploads:  # every file is checked before the first is stored
        inspect_upload(upload)
    _advance(rectification=rectification, action=RectificationAction.ANSWER, by=by, version=version, note=response)
    for upload in uploads:
        _store_evidence(upload=upload, by=by, rectification=rectification)
    rectification.response = response
    rectification.answered_at = timezone.now()
    rectification.full_clean()
    rectification.save()
    institution = rectification.institution
    notify(
        recipients=_officials(institution),
        message=_("%(institution)s answered the rectification “%(item)s”; please verify it.")
        % {"institution": institution.name, "item": str(rectification.item_check.item)[:80]},
        url=rectification.get_absolute_url(),
    )
    return rectification


@transaction.atomic
def verify_rectification(*, rectification: Rectification, by: User, version: int, note: str = "") -> Rectification:
    """The official accepts the rectification: it is closed."""
    _check_step(rectification=rectification, action=RectificationAction.VERIFY, version=version)
    if not can_verify_rectification(by, rectification):
        raise InspectionError(RECTIFICATION_NOT_YOURS)
    note = (note or "").strip()
    _advance(rectification=rectification, action=RectificationAction.VERIFY, by=by, version=version, note=note)
    rectification.verification_note = note
    rectification.verified_at = timezone.now()
    rectification.full_clean()
    rectification.save()
    notify(
        recipients=_operators(rectification.institution),
        message=_("The rectification “%(item)s” of %(institution)s is verified and closed.")
        % {"item": str(rectification.item_check.item)[:80], "institution": rectification.institution.name},
        url=rectification.get_absolute_url(),
    )
    return rectification


@transaction.atomic
def send_back_rectification(
    *,
    rectification: Rectification,
    by: User,
    version: int,
    note: str,
    deadline: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Rectification:
    """The official does not accept the answer: the rectification is open again, optionally with a new deadline."""
    _check_step(rectification=rectification, action=RectificationAction.SEND_BACK, version=version)
    if not can_verify_rectification(by, rectification):
        raise InspectionError(RECTIFICATION_NOT_YOURS)
    note = (note or "").strip()
    if not note:
        raise InspectionError({"note": ValidationError(SEND_BACK_NOTE_REQUIRED)})
    today = today or timezone.localdate()
    if deadline is not None and deadline < today:
        raise InspectionError({"deadline": ValidationError(DEADLINE_IN_PAST)})
    _advance(rectification=rectification, action=RectificationAction.SEND_BACK, by=by, version=version, note=note)
    rectification.verification_note = note
    if deadline is not None:
        rectification.deadline = deadline
    rectification.full_clean()
    rectification.save()
    notify(
        recipients=_operators(rectification.institution),
        message=_("The rectification “%(item)s” of %(institution)s was sent back: %(note)s")
        % {
            "item": str(rectification.item_check.item)[:60],
            "institution": rectification.institution.name,
            "note": note[:100],
        },
        url=rectification.get_absolute_url(),
    )
    return rectification


# --- Inspection plan -----------------------------------------------------------------------------------


@transaction.atomic
def set_inspection_frequency(
    *, by: User, per_year: int, category: str = "", institution: Institution | None = None
) -> InspectionFrequency:
    """Set how many inspections a year: the district default, a category's, or one institution's."""
    _require_commission(by)
    try:
        per_year = int(per_year)
    except (TypeError, ValueError):
        per_year = 0
    if per_year not in FREQUENCY_CHOICES:
        raise InspectionError(
            {"per_year": ValidationError(FREQUENCY_INVALID, params={"choices": "、".join(map(str, FREQUENCY_CHOICES))})}
        )
    if institution is not None:
        frequency = InspectionFrequency.objects.filter(institution=institution).first() or InspectionFrequency(
            institution=institution
        )
        frequency.category = ""
    else:
        category = category or ""
        if category and category not in Category.values:
            raise InspectionError({"category": ValidationError(CATEGORY_INVALID)})
        frequency = InspectionFrequency.objects.filter(
            category=category, institution__isnull=True
        ).first() or InspectionFrequency(category=category)
    frequency.per_year = per_year
    frequency._history_user = by
    frequency.full_clean()
    frequency.save()
    return frequency


@transaction.atomic
def delete_inspection_frequency(*, frequency: InspectionFrequency, by: User) -> None:
    """Remove a category's or an institution's own frequency; the next more general one applies again."""
    _require_commission(by)
    if frequency.institution_id is None and not frequency.category:
        raise InspectionError(FREQUENCY_DEFAULT_KEPT)
    frequency._history_user = by
    frequency.delete()
