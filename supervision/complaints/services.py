"""Every write to complaints (投诉举报) goes through here: received from the public, triaged, handled, closed."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Jurisdiction, User
from baodi_care.accounts.selectors import commission_staff, officials_of
from baodi_care.accounts.services import notify
from baodi_care.core.transitions import (
    StaleError,
    TransitionError,
    Workflow,
)
from institutions.models import Institution
from supervision.choices import (
    COMPLAINT_STATUS_LABELS,
    COMPLAINT_TRANSITIONS,
    ComplaintAction,
    ComplaintCategory,
    ComplaintStatus,
    RiskLevel,
)
from supervision.models import Complaint, ComplaintEvent, Inspection, new_tracking_code
from supervision.permissions import can_handle_complaint

COMPLAINT_PLACE_REQUIRED = _(
    "Say which institution the complaint is about: its name and the sub-district or town where it is."
)
COMPLAINT_NOTE_REQUIRED = _("Say what was done.")
COMPLAINT_OUTCOME_REQUIRED = _("Write the outcome that the complainant will read.")
INSPECTION_OTHER_INSTITUTION = _("Only an inspection of the institution complained about can be linked.")

# Event actions that are not transitions of the table.
SUBMIT = "submit"
LINK_INSPECTION = "link_inspection"


class ComplaintError(TransitionError):
    """A step that the transition table or the rules refuse."""


class StaleComplaintError(StaleError, ComplaintError):
    """Someone else changed the complaint first."""


COMPLAINT_WORKFLOW = Workflow(
    model=Complaint,
    # Linking an inspection is noted in the history without a change of status, until the complaint is closed.
    table={
        **COMPLAINT_TRANSITIONS,
        **{(s, LINK_INSPECTION): s for s in ComplaintStatus.values if s != ComplaintStatus.CLOSED},
    },
    actions=ComplaintAction,
    events=ComplaintEvent,
    status_labels=COMPLAINT_STATUS_LABELS,
    error=ComplaintError,
    stale_error=StaleComplaintError,
)
COMPLAINT_ILLEGAL_TRANSITION, COMPLAINT_CHANGED, COMPLAINT_NOT_YOURS = COMPLAINT_WORKFLOW.refusals


def _place(complaint: Complaint) -> str:
    return complaint.institution.name if complaint.institution_id else complaint.institution_name


@transaction.atomic
def submit_complaint(
    *,
    category: str,
    description: str,
    institution: Institution | None = None,
    institution_name: str = "",
    jurisdiction: Jurisdiction | None = None,
    contact_name: str = "",
    contact_phone: str = "",
) -> Complaint:
    """A member of the public complains (no account); it is routed to the institution's jurisdiction."""
    if institution is not None:
        # Routing follows the register, whatever the complainant chose.
        jurisdiction = institution.jurisdiction
        institution_name = ""
    elif not institution_name.strip() or jurisdiction is None:
        raise ComplaintError(COMPLAINT_PLACE_REQUIRED, code="place_required")
    complaint = Complaint(
        institution=institution,
        institution_name=institution_name.strip(),
        jurisdiction=jurisdiction,
        category=category,
        description=description.strip(),
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
    )
    while Complaint.objects.filter(tracking_code=complaint.tracking_code).exists():
        complaint.tracking_code = new_tracking_code()
    complaint.full_clean()
    complaint.save()
    COMPLAINT_WORKFLOW.record(complaint, action=SUBMIT, by=None, from_status="")
    # Nobody may miss a complaint: with no official in post, the commission receives it.
    recipients = list(officials_of(jurisdiction.pk)) or list(commission_staff())
    notify(
        recipients=recipients,
        message=_("New complaint %(code)s about %(place)s (%(category)s): triage it."),
        params={
            "code": complaint.tracking_code,
            "place": _place(complaint),
            "category": ComplaintCategory(complaint.category).label,
        },
        url=complaint.get_absolute_url(),
    )
    return complaint


def _step(*, complaint: Complaint, by: User, action: str, version, note: str = "") -> str:
    """Check the version and the table, then who acts; take the step and write the event row."""
    if action == LINK_INSPECTION and complaint.status == ComplaintStatus.CLOSED:
        raise ComplaintError(_("This complaint is closed; nothing can be added to it."))
    COMPLAINT_WORKFLOW.check(complaint, action=action, version=version)
    if not can_handle_complaint(by, complaint):
        raise ComplaintError(COMPLAINT_NOT_YOURS)
    return COMPLAINT_WORKFLOW.advance(complaint, action=action, by=by, version=version, note=note)


def _inspection_note(inspection: Inspection) -> str:
    return f"{inspection.inspected_on.isoformat()} #{inspection.pk}"


@transaction.atomic
def triage_complaint(*, complaint: Complaint, by: User, risk_level: str, version: int, note: str = "") -> Complaint:
    """Assess the risk (again, if need be) before handling."""
    if risk_level not in RiskLevel.values:
        raise ComplaintError(_("Choose a risk level."))
    # The event keeps the level chosen at each triage, in the portal's language like every stored message.
    with translation.override(settings.LANGUAGE_CODE):
        label = str(_("Risk level: %(level)s.") % {"level": RiskLevel(risk_level).label})
    _step(
        complaint=complaint, by=by, action=ComplaintAction.TRIAGE, version=version,
        note=f"{label} {note.strip()}".strip(),
    )  # fmt: skip
    complaint.risk_level = risk_level
    complaint.full_clean()
    complaint.save()
    if risk_level == RiskLevel.URGENT and by.role == Role.OFFICIAL:
        notify(
            recipients=commission_staff(),
            message=_("Urgent complaint %(code)s about %(place)s, %(jurisdiction)s: children may be at risk."),
            params={
                "code": complaint.tracking_code,
                "place": _place(complaint),
                "jurisdiction": complaint.jurisdiction.name,
            },
            url=complaint.get_absolute_url(),
        )
    return complaint


@transaction.atomic
def record_handling(*, complaint: Complaint, by: User, note: str, version: int) -> Complaint:
    """Write down what was done (an internal note the complainant never sees)."""
    if not note.strip():
        raise ComplaintError(COMPLAINT_NOTE_REQUIRED)
    _step(complaint=complaint, by=by, action=ComplaintAction.HANDLE, version=version, note=note.strip())
    complaint.full_clean()
    complaint.save()
    return complaint


@transaction.atomic
def link_inspection(*, complaint: Complaint, by: User, inspection: Inspection, version: int) -> Complaint:
    """Record that an inspection of the same institution followed from the complaint."""
    if not complaint.institution_id or inspection.institution_id != complaint.institution_id:
        raise ComplaintError(INSPECTION_OTHER_INSTITUTION)
    if inspection.complaint_id and inspection.complaint_id != complaint.pk:
        raise ComplaintError(_("This inspection is already linked to a complaint."))
    _step(complaint=complaint, by=by, action=LINK_INSPECTION, version=version, note=_inspection_note(inspection))
    complaint.save()
    inspection.complaint = complaint
    inspection._history_user = by
    inspection.save(update_fields=["complaint", "updated_at"])
    return complaint


def record_inspection_opened(*, complaint: Complaint, inspection: Inspection, by: User) -> ComplaintEvent:
    """Put an inspection opened from the complaint (create_inspection(complaint=...)) into the complaint's history.

    The inspection's own service has checked the place and the official; the complaint's status does not change.
    """
    return COMPLAINT_WORKFLOW.record(complaint, action=LINK_INSPECTION, by=by, note=_inspection_note(inspection))


@transaction.atomic
def close_complaint(*, complaint: Complaint, by: User, outcome: str, version: int, note: str = "") -> Complaint:
    """Close with an outcome that the complainant reads on the status page."""
    if not outcome.strip():
        raise ComplaintError(COMPLAINT_OUTCOME_REQUIRED)
    _step(complaint=complaint, by=by, action=ComplaintAction.CLOSE, version=version, note=note.strip())
    complaint.outcome = outcome.strip()
    complaint.closed_at = timezone.now()
    complaint.full_clean()
    complaint.save()
    return complaint
