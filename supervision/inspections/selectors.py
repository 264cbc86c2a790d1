"""Reads for inspections: the list of the user's scope, checks by category, outcome counts, evidence files."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from supervision.choices import CheckCategory, Outcome
from supervision.models import EvidenceFile, Inspection, ItemCheck, Rectification


def inspection_list(*, user) -> QuerySet[Inspection]:
    """Inspections a user may see, with what a row shows (progress and problems), newest first.

    The counts are subqueries of the row, not a join grouped over every check: the database works them out for
    the rows of the page only (PostgreSQL evaluates them after ORDER BY … LIMIT), and a COUNT of the list leaves
    them out."""
    checks = ItemCheck.objects.filter(inspection=OuterRef("pk")).order_by().values("inspection")

    def counted(condition: Q | None = None) -> Coalesce:
        return Coalesce(Subquery(checks.filter(condition or Q()).annotate(n=Count("pk")).values("n")), 0)

    return (
        Inspection.objects.for_user(user)
        .select_related("institution__jurisdiction", "created_by")
        .annotate(
            item_total=counted(),
            item_answered=counted(~Q(outcome="")),
            problem_count=counted(Q(outcome=Outcome.NON_COMPLIANT)),
        )
        .order_by("-inspected_on", "-pk")
    )


def inspection_checks(inspection: Inspection) -> list[ItemCheck]:
    """The inspection's checked items with their item, photos and rectification, in three queries."""
    return list(
        inspection.checks.select_related("item", "rectification").prefetch_related(
            Prefetch("photos", queryset=EvidenceFile.objects.order_by("uploaded_at", "pk"))
        )
    )


def checks_by_category(checks: Iterable[ItemCheck]) -> list[dict]:
    """Checked items grouped by category, with how many are answered and how many are non-compliant."""
    groups: dict[str, list] = {c.value: [] for c in CheckCategory}
    for check in checks:
        groups.setdefault(check.item.category, []).append(check)
    result = []
    for category in CheckCategory:
        rows = groups[category.value]
        if not rows:
            continue
        result.append(
            {
                "category": category.value,
                "label": category.label,
                "checks": rows,
                "total": len(rows),
                "answered": sum(1 for c in rows if c.outcome),
                "problems": sum(1 for c in rows if c.outcome == Outcome.NON_COMPLIANT),
            }
        )
    return result


def outcome_counts(checks: Iterable[ItemCheck]) -> dict:
    checks = list(checks)
    counts = {o.value: 0 for o in Outcome}
    for check in checks:
        if check.outcome:
            counts[check.outcome] += 1
    counts["open"] = sum(1 for c in checks if not c.outcome)
    counts["total"] = len(checks)
    return counts


def evidence_for_user(user) -> QuerySet[EvidenceFile]:
    """Photos and scans of inspections and rectifications the user may see (none for anyone else)."""
    return EvidenceFile.objects.filter(
        Q(item_check__inspection__in=Inspection.objects.for_user(user))
        | Q(rectification__in=Rectification.objects.for_user(user))
    )
