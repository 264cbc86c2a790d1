"""Every write to a filing goes through here: started, edited, documents attached, submitted, reviewed, filed."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import User
from baodi_care.accounts.selectors import commission_staff, officials_of
from baodi_care.accounts.services import notify
from baodi_care.core.files import next_version, store_upload
from baodi_care.core.records import assign
from baodi_care.core.transitions import (
    StaleError,
    TransitionError,
    Workflow,
)
from institutions.calendar.workdays import add_working_days
from institutions.choices import (
    ALLOWED_KINDS,
    DECLARATION_FIELDS,
    FILING_TRANSITIONS,
    IDENTITY_FIELDS,
    OPEN_FILING_STATUSES,
    FilingAction,
    FilingKind,
    InstitutionStatus,
    Section,
    Verdict,
)
from institutions.filings import snapshots, standards
from institutions.filings.selectors import (
    is_family_point_filing,
    last_filed_snapshot,
    missing_documents,
    proposal_values,
)
from institutions.filings.snapshots import build_snapshot
from institutions.models import (
    Document,
    DocumentType,
    Filing,
    FilingEvent,
    Institution,
    ReceiptCounter,
    SectionReview,
)
from institutions.permissions import can_acknowledge_filing, can_edit_filing, can_review_filing, is_member
from institutions.register import services as register_services
from institutions.register.selectors import identity_changes, missing_filing_form_facts, missing_labels, operators_of

FILING_ALREADY_OPEN = _("This institution already has a filing in progress; finish or withdraw it first.")
FILING_KIND_NOT_ALLOWED = _("A %(kind)s is not possible while the institution is “%(status)s”.")
FILING_PLEDGE_REQUIRED = _("Read and accept the pledge (备案承诺书) before submitting.")
FILING_PLEDGE_CHANGED = _(
    "The pledge this filing needs has changed since you accepted it (a family childcare point has its own): read "
    "and accept it again before submitting."
)
FILING_DOCUMENTS_MISSING = _("These required documents are missing: %(types)s.")
FILING_INSTITUTION_INCOMPLETE = _(
    "The institution's facts are incomplete (the register it was taken over from did not give %(fields)s): complete "
    "them on the institution's form, then submit."
)
FILING_FIELDS_MISSING = _("Fill in these fields of the filing form first: %(fields)s.")
FILING_FORM_FACTS_MISSING = _(
    "The filing form (备案书) needs these facts of the institution: %(fields)s. Add them on the institution's form, "
    "then submit."
)
FILING_CHANGE_UNCHANGED = _("Nothing differs from the filed data; change the institution's facts first.")
REJECT_REASON_REQUIRED = _("Give the reasons for the rejection.")
JURISDICTION_INACTIVE = _("Choose a sub-district/town that is in use.")
RETURN_COMMENT_REQUIRED = _("Mark at least one section or document as needing correction, with a comment.")
COMMENT_REQUIRED = _("Say what must be corrected in “%(section)s”.")
RETURN_INCOMPLETE_NOTE = _("Materials incomplete (退回补正): the clocks start again on resubmission.")
RETURN_DATA_NOTE = _("The institution's data to correct: the clocks keep running from the first receipt.")
ACCEPT_WITH_CORRECTIONS = _(
    "You marked something as needing correction: return the filing for correction, or mark it fine."
)

PLEDGE_TEXT = _(
    "We pledge that everything in this filing and its documents is true, complete and valid; that the "
    "institution meets the 托育机构设置标准（试行） and will be run according to the 托育机构管理规范（试行）; that "
    "we will file any change promptly and file before stopping service; and that we accept the "
    "supervision of the health commission and the sub-district/town. We bear the legal responsibility for "
    "any false statement."
)

# 家庭托育点备案承诺书 (家庭托育点管理办法（试行）附件2): what a family point pledges. The text names the rules of the
# 办法 as DESIGN §2a lists them; a change is filed 及时 (promptly): the national texts set no number of days.
FAMILY_PLEDGE_TEXT = _(
    "We pledge that everything in this filing and its documents is true, complete and valid; that the family "
    "childcare point is run in our own home, or in a home leased for at least 3 years, with the consent of all the "
    "other owners in the building or courtyard; that it cares for at most 5 children, with one carer for at most 3 "
    "children; that every carer is healthy, has no history of mental illness and no record of sexual offences, "
    "abuse, trafficking or violence; that video surveillance covers every area where the children live and play "
    "and its recordings are kept for at least 90 days; that we will file any change promptly and file before "
    "stopping service; and that we accept the supervision of the health commission and the sub-district/town. We "
    "bear the legal responsibility for any false statement."
)


def pledge_text_for(filing: Filing):
    """The 备案承诺书 a filing's operator accepts: a family point's own, or an institution's."""
    return FAMILY_PLEDGE_TEXT if is_family_point_filing(filing) else PLEDGE_TEXT


class StaleFilingError(StaleError):
    """Someone else changed the filing first."""


FILING_WORKFLOW = Workflow(
    model=Filing, table=FILING_TRANSITIONS, actions=FilingAction, events=FilingEvent, stale_error=StaleFilingError
)
FILING_ILLEGAL_TRANSITION, FILING_CHANGED, FILING_NOT_YOURS = FILING_WORKFLOW.refusals


def _kind(filing: Filing):
    """The kind of filing as a translatable label: notifications translate it for their reader."""
    return FilingKind(filing.kind).label


def _set_institution_status(institution: Institution, status: str, by: User) -> None:
    institution.status = status
    institution._history_user = by
    institution.save(update_fields=["status", "updated_at"])


@transaction.atomic
def start_filing(*, institution: Institution, kind: str, by: User) -> Filing:
    """Open a draft 首次/变更/注销备案 for an institution."""
    if not is_member(by, institution):
        raise PermissionDenied
    kind = FilingKind(kind)
    # Lock the institution's row (and read its current status): a double-clicked button must not open two
    # filings side by side; the second waits here and then finds the first.
    institution.status = Institution.objects.select_for_update().values_list("status", flat=True).get(pk=institution.pk)
    if institution.status not in ALLOWED_KINDS[kind]:
        raise TransitionError(
            FILING_KIND_NOT_ALLOWED, params={"kind": kind.label, "status": institution.get_status_display()}
        )
    if institution.filings.filter(status__in=OPEN_FILING_STATUSES).exists():
        raise TransitionError(FILING_ALREADY_OPEN)
    filing = Filing(
        institution=institution,
        kind=kind,
        created_by=by,
        applicant_name=by.get_full_name(),
        applicant_phone=by.phone or institution.contact_phone,
    )
    filing._history_user = by
    filing.full_clean()
    filing.save()
    FILING_WORKFLOW.record(filing, action="create", by=by, from_status="")
    return filing


def _proposal(institution: Institution, values: dict) -> dict:
    """A change filing's new registered facts as stored (Filing.proposed_facts): those that differ from the filed
    ones, checked as the register checks them (a valid credit code no other institution has, a 街镇 in use)."""
    unknown = sorted(set(values) - set(IDENTITY_FIELDS))
    if unknown:
        raise ValueError(unknown)
    changed = identity_changes(institution, values)
    if not changed:
        return {}
    candidate = Institution.objects.get(pk=institution.pk)
    for name, value in changed.items():
        setattr(candidate, name, value)
    candidate.full_clean(exclude=[f.name for f in Institution._meta.fields if f.name not in changed])
    if "jurisdiction" in changed and not changed["jurisdiction"].is_active:
        raise TransitionError({"jurisdiction": JURISDICTION_INACTIVE})
    return {name: value.code if name == "jurisdiction" else value for name, value in changed.items()}


@transaction.atomic
def update_filing(*, filing: Filing, by: User, pledge_accepted: bool, proposed: dict | None = None, **fields) -> Filing:
    """Fill in the 备案书 fields and accept (or not) the 备案承诺书; a 变更备案 also carries the new registered facts
    (`proposed`: name, credit code, legal form, category, 街镇), which take effect only when it is acknowledged."""
    if not can_edit_filing(by, filing):
        raise PermissionDenied
    assign(filing, fields, DECLARATION_FIELDS[filing.kind])
    if proposed is not None:
        if filing.kind != FilingKind.CHANGE:
            raise ValueError("proposed")
        filing.proposed_facts = _proposal(filing.institution, proposed)
    filing.pledge_accepted = pledge_accepted
    with translation.override(settings.LANGUAGE_CODE):
        filing.pledge_text = str(pledge_text_for(filing)) if pledge_accepted else ""
    filing._history_user = by
    filing.full_clean()
    filing.save()
    return filing


@transaction.atomic
def upload_document(*, filing: Filing, document_type: DocumentType, upload, by: User) -> Document:
    """Attach a file; an earlier file of the same type stays as an older version."""
    if not can_edit_filing(by, filing):
        raise PermissionDenied
    document = Document(
        filing=filing,
        document_type=document_type,
        version=next_version(filing.documents.filter(document_type=document_type)),
        uploaded_by=by,
    )
    store_upload(document, upload)
    FILING_WORKFLOW.record(filing, action="upload", by=by, note=f"{document_type} v{document.version}")
    return document


@transaction.atomic
def submit_filing(*, filing: Filing, by: User, version: int, today: datetime.date | None = None) -> Filing:
    """The operator submits (or resubmits after correction); the data is frozen and the clock starts."""
    FILING_WORKFLOW.check(filing, action=FilingAction.SUBMIT, version=version)
    if not can_edit_filing(by, filing):
        raise TransitionError(FILING_NOT_YOURS)
    missing_fields = [
        str(Filing._meta.get_field(f).verbose_name) for f in DECLARATION_FIELDS[filing.kind] if not getattr(filing, f)
    ]
    if missing_fields:
        raise TransitionError(FILING_FIELDS_MISSING, params={"fields": "、".join(missing_fields)})
    if not filing.pledge_accepted:
        raise TransitionError(FILING_PLEDGE_REQUIRED)
    with translation.override(settings.LANGUAGE_CODE):
        if filing.pledge_text != str(pledge_text_for(filing)):
            raise TransitionError(FILING_PLEDGE_CHANGED)
    missing = missing_documents(filing)
    if missing:
        raise TransitionError(FILING_DOCUMENTS_MISSING, params={"types": "、".join(str(t) for t in missing)})
    institution = filing.institution
    incomplete = missing_labels(institution)  # an institution imported from a register that lacked them
    if incomplete:
        raise TransitionError(FILING_INSTITUTION_INCOMPLETE, params={"fields": "、".join(incomplete)})
    lacking = missing_filing_form_facts(institution) if filing.kind != FilingKind.DEREGISTRATION else []
    if lacking:
        raise TransitionError(FILING_FORM_FACTS_MISSING, params={"fields": "、".join(lacking)})
    snapshot = build_snapshot(institution, filing.proposed_facts)
    baseline = last_filed_snapshot(institution) if filing.kind != FilingKind.INITIAL else {}
    if filing.kind == FilingKind.CHANGE and not snapshots.diff(baseline, snapshot)["changed"]:
        raise TransitionError(FILING_CHANGE_UNCHANGED)
    now = timezone.now()
    today = today or timezone.localdate(now)
    findings = standards.check(snapshot, today)
    FILING_WORKFLOW.advance(filing, action=FilingAction.SUBMIT, by=by, version=version)
    filing.round += 1
    filing.snapshot = snapshot
    filing.baseline = baseline
    filing.findings = findings
    filing.submitted_at = now
    filing.first_submitted_at = filing.first_submitted_at or now
    if filing.received_on is None:
        # Receipt of complete materials: the first submission, or the one after a return as incomplete. A
        # resubmission after a return over the institution's data alone keeps the first receipt's clocks.
        _start_clocks(filing, today)
    filing.full_clean()
    filing.save()
    filing.documents.filter(submitted_in_round__isnull=True).update(submitted_in_round=filing.round)
    if filing.kind == FilingKind.CHANGE and institution.status == InstitutionStatus.FILED:
        _set_institution_status(institution, InstitutionStatus.CHANGE_PENDING, by)
    notify(
        recipients=officials_of(institution.jurisdiction_id),
        message=_(
            "%(institution)s submitted a %(kind)s for review; the receipt is due by %(receipt)s, an answer with "
            "reasons by %(answer)s."
        ),
        params={
            "institution": institution.name,
            "kind": _kind(filing),
            "receipt": filing.receipt_due,
            "answer": filing.answer_due,
        },
        url=reverse("supervision:filing_review", args=[filing.pk]),
    )
    return filing


def _start_clocks(filing: Filing, received: datetime.date) -> None:
    """登记和备案办法 Art. 9: the 备案回执 and 告知书 within 5 working days of receiving complete materials; for a
    filing that does not meet the conditions, the reasons within 15 working days of receipt."""
    filing.received_on = received
    filing.receipt_due = add_working_days(received, settings.FILING_ACKNOWLEDGE_WORKING_DAYS)
    filing.answer_due = add_working_days(received, settings.FILING_NONCOMPLIANT_WORKING_DAYS)


def _stop_clocks(filing: Filing) -> None:
    filing.received_on = filing.receipt_due = filing.answer_due = None


def returns_materials(reviews: list[dict]) -> bool:
    """A return is 退回补正 of incomplete materials when it marks a document or the filing form and pledge; one
    that marks only the institution's data (basic facts, premises, classes, staff) found the materials complete."""
    return any(
        Verdict(r["verdict"]) == Verdict.CORRECT and (r.get("document_type") or r.get("section") == Section.DECLARATION)
        for r in reviews
    )


def _record_reviews(filing: Filing, by: User, reviews: list[dict]) -> None:
    for review in reviews:
        verdict = Verdict(review["verdict"])
        label = str(review.get("document_type") or Section(review["section"]).label)
        if verdict == Verdict.CORRECT and not (review.get("comment") or "").strip():
            raise TransitionError(COMMENT_REQUIRED, params={"section": label})
        SectionReview.objects.create(
            filing=filing,
            round=filing.round,
            section=review.get("section") or "",
            document_type=review.get("document_type"),
            verdict=verdict,
            comment=(review.get("comment") or "").strip(),
            by=by,
        )


@transaction.atomic
def return_filing(*, filing: Filing, by: User, version: int, reviews: list[dict]) -> Filing:
    """街镇初审退回补正: the official marks what must be corrected, section by section."""
    FILING_WORKFLOW.check(filing, action=FilingAction.RETURN, version=version)
    if not can_review_filing(by, filing):
        raise TransitionError(FILING_NOT_YOURS)
    if not any(r["verdict"] == Verdict.CORRECT for r in reviews):
        raise TransitionError(RETURN_COMMENT_REQUIRED)
    # Reviews first: a missing comment must refuse the step before the filing object is advanced.
    _record_reviews(filing, by, reviews)
    incomplete = returns_materials(reviews)
    with translation.override(settings.LANGUAGE_CODE):  # the history is written in the portal's language
        note = str(RETURN_INCOMPLETE_NOTE if incomplete else RETURN_DATA_NOTE)
    FILING_WORKFLOW.advance(filing, action=FilingAction.RETURN, by=by, version=version, note=note)
    filing.returned_snapshot = filing.snapshot
    if incomplete:
        _stop_clocks(filing)  # the materials were not complete: their receipt is the resubmission
    filing.full_clean()
    filing.save()
    if incomplete:
        notify(
            recipients=operators_of(filing.institution),
            message=_("Your %(kind)s for %(institution)s was returned: the materials are incomplete."),
            params={"kind": _kind(filing), "institution": filing.institution.name},
            url=filing.get_absolute_url(),
        )
    else:
        notify(
            recipients=operators_of(filing.institution),
            message=_(
                "Your %(kind)s for %(institution)s was returned for correction; the answer on it is still due by "
                "%(due)s, so resubmit soon."
            ),
            params={"kind": _kind(filing), "institution": filing.institution.name, "due": filing.answer_due},
            url=filing.get_absolute_url(),
        )
    return filing


@transaction.atomic
def accept_filing(*, filing: Filing, by: User, version: int, reviews: list[dict] | None = None) -> Filing:
    """街镇初审通过: the filing passes to the health commission."""
    FILING_WORKFLOW.check(filing, action=FilingAction.ACCEPT, version=version)
    if not can_review_filing(by, filing):
        raise TransitionError(FILING_NOT_YOURS)
    reviews = list(reviews or [])
    if any(Verdict(r["verdict"]) == Verdict.CORRECT for r in reviews):
        raise TransitionError(ACCEPT_WITH_CORRECTIONS)
    FILING_WORKFLOW.advance(filing, action=FilingAction.ACCEPT, by=by, version=version)
    _record_reviews(filing, by, reviews)
    filing.full_clean()
    filing.save()
    notify(
        recipients=commission_staff(),
        message=_("%(institution)s: %(kind)s passed first review by %(jurisdiction)s; acknowledge by %(due)s."),
        params={
            "institution": filing.institution.name,
            "kind": _kind(filing),
            "jurisdiction": filing.institution.jurisdiction.name,
            "due": filing.receipt_due or "",
        },
        url=reverse("supervision:filing_review", args=[filing.pk]),
    )
    return filing


@transaction.atomic
def reject_filing(*, filing: Filing, by: User, version: int, reason: str) -> Filing:
    """Reject with reasons (the official at first review, or the commission)."""
    FILING_WORKFLOW.check(filing, action=FilingAction.REJECT, version=version)
    if not (can_review_filing(by, filing) or can_acknowledge_filing(by, filing)):
        raise TransitionError(FILING_NOT_YOURS)
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(REJECT_REASON_REQUIRED)
    FILING_WORKFLOW.advance(filing, action=FilingAction.REJECT, by=by, version=version, note=reason)
    filing.decision_reason = reason
    filing.decided_at = timezone.now()
    filing.full_clean()
    filing.save()
    if filing.kind == FilingKind.CHANGE and filing.institution.status == InstitutionStatus.CHANGE_PENDING:
        _set_institution_status(filing.institution, InstitutionStatus.FILED, by)
    notify(
        recipients=operators_of(filing.institution),
        message=_("Your %(kind)s for %(institution)s was rejected: %(reason)s"),
        params={"kind": _kind(filing), "institution": filing.institution.name, "reason": reason[:120]},
        url=filing.get_absolute_url(),
    )
    return filing


def next_receipt_number(year: int) -> str:
    """宝卫托备〔2026〕0001, numbered per year without gaps, under a row lock."""
    ReceiptCounter.objects.get_or_create(year=year)
    counter = ReceiptCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{settings.RECEIPT_PREFIX}〔{year}〕{counter.last:04d}"


def new_verification_token() -> str:
    """The receipt's QR code token: 128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


@transaction.atomic
def acknowledge_filing(*, filing: Filing, by: User, version: int) -> Filing:
    """区卫健委 acknowledges: the 备案回执 is issued with its number."""
    FILING_WORKFLOW.check(filing, action=FilingAction.ACKNOWLEDGE, version=version)
    if not can_acknowledge_filing(by, filing):
        raise TransitionError(FILING_NOT_YOURS)
    FILING_WORKFLOW.advance(filing, action=FilingAction.ACKNOWLEDGE, by=by, version=version)
    now = timezone.now()
    filing.decided_at = now
    filing.receipt_number = next_receipt_number(timezone.localdate(now).year)
    filing.verification_token = new_verification_token()
    filing.full_clean()
    filing.save()
    institution = filing.institution
    if filing.kind == FilingKind.CHANGE and filing.proposed_facts:
        _apply_proposal(filing, by)
    target = InstitutionStatus.CLOSED if filing.kind == FilingKind.DEREGISTRATION else InstitutionStatus.FILED
    _set_institution_status(institution, target, by)
    notify(
        recipients=operators_of(institution),
        message=_("%(institution)s: the %(kind)s is acknowledged; receipt %(number)s is ready to print."),
        params={"institution": institution.name, "kind": _kind(filing), "number": filing.receipt_number},
        url=reverse("institutions:filing_receipt", args=[filing.pk]),
    )
    return filing


def _apply_proposal(filing: Filing, by: User) -> None:
    """The acknowledged 变更备案 puts its new registered facts in force; a new 街镇's officials are told."""
    institution = filing.institution
    before = institution.jurisdiction
    register_services.apply_change_filing(
        institution=institution,
        by=by,
        facts=proposal_values(filing.proposed_facts),
        receipt_number=filing.receipt_number,
    )
    if institution.jurisdiction_id != before.pk:
        notify(
            recipients=officials_of(institution.jurisdiction_id),
            message=_("%(institution)s moved from %(before)s to your sub-district/town (change filing %(number)s)."),
            params={"institution": institution.name, "before": before.name, "number": filing.receipt_number},
            url=institution.get_absolute_url(),
        )
