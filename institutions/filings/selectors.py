"""Reads for filings: the reviewers' work list, the documents a filing needs, standards findings, filed data."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction
from institutions.calendar.selectors import calendar_overrides
from institutions.calendar.workdays import working_days_between
from institutions.choices import (
    CHANGE_SUBJECT_FIELDS,
    UNDER_REVIEW_STATUSES,
    Category,
    ChangeSubject,
    FilingKind,
    FilingStatus,
)
from institutions.filings import snapshots, standards
from institutions.filings.snapshots import build_snapshot
from institutions.models import DocumentType, Filing, Institution


def last_filed_snapshot(institution: Institution) -> dict:
    filed = institution.filings.filter(status=FilingStatus.FILED).order_by("-decided_at").first()
    return filed.snapshot if filed else {}


def change_subjects(before: dict, after: dict) -> frozenset[str]:
    """What a change filing changes (choices.ChangeSubject), from the filed snapshot to the proposed one."""
    diff = snapshots.diff(before, after)
    fields = {row["field"] for row in diff["facts"]}
    subjects = {subject for subject, names in CHANGE_SUBJECT_FIELDS.items() if fields & set(names)}
    if any(diff["classes"].values()):
        subjects.add(ChangeSubject.SEATS)
    if any(diff["staff"].values()):
        subjects.add(ChangeSubject.STAFF)
    if ChangeSubject.MEALS in subjects and not after.get("institution", {}).get("provides_meals"):
        subjects.discard(ChangeSubject.MEALS)  # meals stopped: nothing new to show
    return frozenset(str(s) for s in subjects)


def filing_changes(filing: Filing) -> frozenset[str]:
    """A 变更备案's change subjects: from the data as submitted, or (while it may still change) as it is now."""
    if filing.kind != FilingKind.CHANGE:
        return frozenset()
    baseline = filing.baseline if not filing.is_editable else last_filed_snapshot(filing.institution)
    current = filing.snapshot if not filing.is_editable else current_snapshot(filing)
    return change_subjects(baseline, current)


def is_family_point_filing(filing: Filing) -> bool:
    """A filing of a 家庭托育点 (as it will be: a change filing may make or unmake one), with the forms, documents and
    rules of the 家庭托育点管理办法（试行）."""
    return filing.proposed_facts.get("category", filing.institution.category) == Category.FAMILY


def filed_as_family_point(filing: Filing) -> bool:
    """Whether the filing was submitted as a family point's (its frozen snapshot), else whether it is one now."""
    category = (filing.snapshot or {}).get("institution", {}).get("category")
    return category == Category.FAMILY if category else is_family_point_filing(filing)


def document_types_for(filing: Filing) -> list[DocumentType]:
    """The active document types a filing may carry: a family point's own, or an institution's."""
    family = is_family_point_filing(filing)
    return [t for t in DocumentType.objects.filter(is_active=True) if t.applies(family_point=family)]


def required_document_types(filing: Filing) -> list[DocumentType]:
    """The documents this filing must carry: an initial filing's list (a family point's own), or what its change
    affects."""
    changes = filing_changes(filing)
    if filing.snapshot and not filing.is_editable:
        provides_meals = bool(filing.snapshot.get("institution", {}).get("provides_meals"))
    else:
        provides_meals = filing.institution.provides_meals
    family = is_family_point_filing(filing)
    return [
        t
        for t in DocumentType.objects.filter(is_active=True)
        if t.is_required(kind=filing.kind, provides_meals=provides_meals, changes=changes, family_point=family)
    ]


def missing_documents(filing: Filing) -> list[DocumentType]:
    present = set(filing.documents.values_list("document_type_id", flat=True))
    return [t for t in required_document_types(filing) if t.pk not in present]


def preview_findings(
    institution: Institution, today: datetime.date | None = None, proposal: dict | None = None
) -> list[dict]:
    """The standards check on the institution's current data (shown before submitting); with a change filing's
    proposal, on the data as it will be (a new category brings the rules of that category)."""
    return standards.check(build_snapshot(institution, proposal), today or timezone.localdate())


def current_snapshot(filing: Filing) -> dict:
    """What the filing would carry if it were submitted now: the institution's data with its proposed facts."""
    return build_snapshot(filing.institution, filing.proposed_facts)


def proposal_values(proposal: dict) -> dict:
    """A change filing's proposed facts (Filing.proposed_facts) as model values: the 街镇 as a Jurisdiction."""
    values = dict(proposal)
    if "jurisdiction" in values:
        values["jurisdiction"] = Jurisdiction.objects.get(code=values["jurisdiction"])
    return values


def described_findings(findings: list[dict]) -> list[dict]:
    return [standards.describe(f) for f in findings]


# Tabs of the work list, in the order a reviewer works through them.
TAB_STATUSES = (
    FilingStatus.SUBMITTED,
    FilingStatus.ACCEPTED,
    FilingStatus.RETURNED,
    FilingStatus.FILED,
    FilingStatus.REJECTED,
)


def filing_worklist(*, user) -> QuerySet[Filing]:
    """Filings a reviewer may see, with what a row shows; the ones whose clock runs first, nearest deadline first."""
    return (
        Filing.objects.for_user(user)
        .select_related("institution__jurisdiction")
        .annotate(
            clock_stopped=Case(
                When(status__in=UNDER_REVIEW_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("clock_stopped", F("receipt_due").asc(nulls_last=True), F("submitted_at").desc(nulls_last=True), "pk")
    )


# Short status words for tabs and badges, where the full label would not fit.
STATUS_SHORT = {
    FilingStatus.SUBMITTED: _("Awaiting first review"),
    FilingStatus.ACCEPTED: _("Awaiting the commission"),
    FilingStatus.RETURNED: _("Returned"),
    FilingStatus.FILED: _("Filed"),
    FilingStatus.REJECTED: _("Rejected"),
}


@dataclass
class Clock:
    """One Art. 9 clock of a filing as a page shows it."""

    name: str  # "receipt" or "answer"
    label: str
    due: datetime.date | None
    state: str  # "running", "met", "late", "not_due", "stopped" or "none"
    overdue: bool = False
    days_left: int | None = None
    days_overdue: int | None = None
    met_on: datetime.date | None = None


CLOCK_LABELS = {
    "receipt": _("Receipt (备案回执 and 告知书)"),
    "answer": _("Answer with reasons (if it does not meet the conditions)"),
}
# Which decision discharges which clock; the other decision makes it moot.
CLOCK_MET_BY = {"receipt": FilingStatus.FILED, "answer": FilingStatus.REJECTED}


def _clock(filing: Filing, name: str, today: datetime.date, overrides: dict) -> Clock:
    due = filing.receipt_due if name == "receipt" else filing.answer_due
    clock = Clock(name=name, label=CLOCK_LABELS[name], due=due, state="none")
    if filing.status in (FilingStatus.FILED, FilingStatus.REJECTED):
        if not due:
            return clock
        if filing.status != CLOCK_MET_BY[name]:
            clock.state = "not_due"
            return clock
        clock.met_on = timezone.localdate(filing.decided_at) if filing.decided_at else None
        clock.state = "late" if clock.met_on and clock.met_on > due else "met"
        return clock
    if filing.status == FilingStatus.RETURNED and not filing.received_on:
        clock.state = "stopped"
        return clock
    if not filing.clocks_running or not due:
        return clock
    clock.state = "running"
    clock.overdue = filing.status in UNDER_REVIEW_STATUSES and today > due
    if today > due:
        clock.days_overdue = working_days_between(due, today, overrides=overrides)
    else:
        clock.days_left = working_days_between(today, due, overrides=overrides)
    return clock


def change_filed_late(filing: Filing) -> int | None:
    """Days a change filing came after its change date beyond the district's CHANGE_FILING_DEADLINE_DAYS (None when
    no deadline is set, or it is met). The national text says only 及时 (promptly)."""
    limit = settings.CHANGE_FILING_DEADLINE_DAYS
    if not limit or filing.kind != FilingKind.CHANGE or not filing.change_date:
        return None
    filed = timezone.localdate(filing.first_submitted_at) if filing.first_submitted_at else timezone.localdate()
    late = (filed - filing.change_date).days - limit
    return late if late > 0 else None


def for_display(filings: Iterable[Filing], today: datetime.date) -> list[Filing]:
    """Each filing's two clocks (overdue or not, working days left or overdue) and a late change, with one query
    for the page."""
    filings = list(filings)
    running = [f for f in filings if f.clocks_running and f.receipt_due]
    overrides = {}
    if running:
        dates = [d for f in running for d in (f.receipt_due, f.answer_due) if d] + [today]
        overrides = calendar_overrides(min(dates), max(dates))
    for filing in filings:
        filing.status_short = STATUS_SHORT.get(filing.status, filing.get_status_display())
        filing.clocks = [_clock(filing, name, today, overrides) for name in ("receipt", "answer")]
        filing.overdue = any(c.overdue for c in filing.clocks)
        filing.clock_running = filing in running
        filing.change_late_days = change_filed_late(filing)
    return filings
