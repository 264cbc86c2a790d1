from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import User
from baodi_care.accounts.services import notify
from baodi_care.core.files import inspect_upload
from supervision.choices import (
    RECTIFICATION_TRANSITIONS,
    RectificationAction,
)
from supervision.inspections.services import InspectionError, _officials, _operators, _store_evidence
from supervision.models import (
    Rectification,
    RectificationEvent,
)
from supervision.permissions import can_answer_rectification, can_verify_rectification

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


class StaleRectificationError(InspectionError):
    """Someone else changed the rectification first."""


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
