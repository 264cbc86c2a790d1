"""Every write to a rectification (整改) goes through here: ordered, answered with evidence, verified or sent back."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import User
from baodi_care.accounts.selectors import officials_of
from baodi_care.accounts.services import notify
from baodi_care.core.files import inspect_upload, store_upload
from baodi_care.core.transitions import StaleError, Workflow
from institutions.calendar.workdays import add_working_days
from institutions.register.selectors import operators_of
from supervision.choices import RECTIFICATION_TRANSITIONS, RectificationAction, RectificationStatus
from supervision.inspections.services import InspectionError
from supervision.models import EvidenceFile, ItemCheck, Rectification, RectificationEvent
from supervision.permissions import can_answer_rectification, can_verify_rectification

RESPONSE_REQUIRED = _("Describe what was done to put the problem right.")
EVIDENCE_REQUIRED = _("Attach at least one photo or scan showing the problem is put right.")
SEND_BACK_NOTE_REQUIRED = _("Say why the rectification is not accepted and what is still needed.")
DEADLINE_IN_PAST = _("A new deadline must be today or later.")


class StaleRectificationError(StaleError, InspectionError):
    """Someone else changed the rectification first."""


RECTIFICATION_WORKFLOW = Workflow(
    model=Rectification,
    table=RECTIFICATION_TRANSITIONS,
    actions=RectificationAction,
    events=RectificationEvent,
    error=InspectionError,
    stale_error=StaleRectificationError,
)
RECTIFICATION_ILLEGAL, RECTIFICATION_CHANGED, RECTIFICATION_NOT_YOURS = RECTIFICATION_WORKFLOW.refusals


def _item(rectification: Rectification, length: int) -> str:
    return str(rectification.item_check.item)[:length]


@transaction.atomic
def open_rectification(*, check: ItemCheck, by: User, today: datetime.date) -> Rectification:
    """Order the rectification of a non-compliant item (finish_inspection calls this in its transaction)."""
    rectification = Rectification(
        item_check=check,
        institution=check.inspection.institution,
        # Counted from the day the order is issued, in working days set per checklist item.
        deadline=add_working_days(today, check.item.rectification_days),
    )
    rectification._history_user = by
    rectification.full_clean()
    rectification.save()
    RECTIFICATION_WORKFLOW.record(
        rectification, action="open", by=by, from_status="", to_status=RectificationStatus.OPEN, note=check.note
    )
    return rectification


@transaction.atomic
def answer_rectification(
    *, rectification: Rectification, by: User, version: int, response: str, uploads: Iterable = ()
) -> Rectification:
    """The operator reports what was done, with photos or scans as evidence."""
    RECTIFICATION_WORKFLOW.check(rectification, action=RectificationAction.ANSWER, version=version)
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
    RECTIFICATION_WORKFLOW.advance(
        rectification, action=RectificationAction.ANSWER, by=by, version=version, note=response
    )
    for upload in uploads:
        store_upload(EvidenceFile(rectification=rectification, uploaded_by=by), upload)
    rectification.response = response
    rectification.answered_at = timezone.now()
    rectification.full_clean()
    rectification.save()
    institution = rectification.institution
    notify(
        recipients=officials_of(institution.jurisdiction_id),
        message=_("%(institution)s answered the rectification “%(item)s”; please verify it."),
        params={"institution": institution.name, "item": _item(rectification, 80)},
        url=rectification.get_absolute_url(),
    )
    return rectification


@transaction.atomic
def verify_rectification(*, rectification: Rectification, by: User, version: int, note: str = "") -> Rectification:
    """The official accepts the rectification: it is closed."""
    RECTIFICATION_WORKFLOW.check(rectification, action=RectificationAction.VERIFY, version=version)
    if not can_verify_rectification(by, rectification):
        raise InspectionError(RECTIFICATION_NOT_YOURS)
    note = (note or "").strip()
    RECTIFICATION_WORKFLOW.advance(rectification, action=RectificationAction.VERIFY, by=by, version=version, note=note)
    rectification.verification_note = note
    rectification.verified_at = timezone.now()
    rectification.full_clean()
    rectification.save()
    notify(
        recipients=operators_of(rectification.institution),
        message=_("The rectification “%(item)s” of %(institution)s is verified and closed."),
        params={"item": _item(rectification, 80), "institution": rectification.institution.name},
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
    RECTIFICATION_WORKFLOW.check(rectification, action=RectificationAction.SEND_BACK, version=version)
    if not can_verify_rectification(by, rectification):
        raise InspectionError(RECTIFICATION_NOT_YOURS)
    note = (note or "").strip()
    if not note:
        raise InspectionError({"note": ValidationError(SEND_BACK_NOTE_REQUIRED)})
    today = today or timezone.localdate()
    if deadline is not None and deadline < today:
        raise InspectionError({"deadline": ValidationError(DEADLINE_IN_PAST)})
    RECTIFICATION_WORKFLOW.advance(
        rectification, action=RectificationAction.SEND_BACK, by=by, version=version, note=note
    )
    rectification.verification_note = note
    if deadline is not None:
        rectification.deadline = deadline
    rectification.full_clean()
    rectification.save()
    notify(
        recipients=operators_of(rectification.institution),
        message=_("The rectification “%(item)s” of %(institution)s was sent back: %(note)s"),
        params={"item": _item(rectification, 60), "institution": rectification.institution.name, "note": note[:100]},
        url=rectification.get_absolute_url(),
    )
    return rectification
