"""Reads for filings: the reviewers' work list, the documents a filing needs, standards findings, filed data."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction
from institutions.calendar.selectors import calendar_overrides
from institutions.calendar.workdays import working_days_between
from institutions.choices import UNDER_REVIEW_STATUSES, Category, FilingStatus
from institutions.filings import standards
from institutions.filings.snapshots import build_snapshot
from institutions.models import DocumentType, Filing, Institution


def last_filed_snapshot(institution: Institution) -> dict:
    filed = institution.filings.filter(status=FilingStatus.FILED).order_by("-decided_at").first()
    return filed.snapshot if filed else {}


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
    provides_meals = filing.institution.provides_meals
    family = is_family_point_filing(filing)
    return [
        t
        for t in DocumentType.objects.filter(is_active=True)
        if t.is_required(kind=filing.kind, provides_meals=provides_meals, family_point=family)
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
        .order_by("clock_stopped", F("due_date").asc(nulls_last=True), F("submitted_at").desc(nulls_last=True), "pk")
    )


# Short status words for tabs and badges, where the full label would not fit.
STATUS_SHORT = {
    FilingStatus.SUBMITTED: _("Awaiting first review"),
    FilingStatus.ACCEPTED: _("Awaiting the commission"),
    FilingStatus.RETURNED: _("Returned"),
    FilingStatus.FILED: _("Filed"),
    FilingStatus.REJECTED: _("Rejected"),
}


def for_display(filings: Iterable[Filing], today: datetime.date) -> list[Filing]:
    """Mark each filing overdue or not and count working days left (or overdue), with one query for the page."""
    filings = list(filings)
    running = [f for f in filings if f.due_date and f.status in UNDER_REVIEW_STATUSES]
    overrides = {}
    if running:
        dates = [f.due_date for f in running] + [today]
        overrides = calendar_overrides(min(dates), max(dates))
    for filing in filings:
        filing.status_short = STATUS_SHORT.get(filing.status, filing.get_status_display())
        filing.overdue = filing.is_overdue(today)
        filing.clock_running = filing in running
        filing.days_left = filing.days_overdue = None
        if filing.clock_running:
            if filing.overdue:
                filing.days_overdue = working_days_between(filing.due_date, today, overrides=overrides)
            else:
                filing.days_left = working_days_between(today, filing.due_date, overrides=overrides)
    return filings
