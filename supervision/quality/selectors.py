"""Reads for the quality assessment's indicator template: versions, the current one, indicators by area with their
totals against the standard's, and what still needs confirmation."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Q

from baodi_care.core.versions import version_state
from supervision.choices import (
    QUALITY_AREA_CHAPTERS,
    QUALITY_AREA_POINTS,
    QUALITY_TOTAL_POINTS,
    QUALITY_VETO_COUNT,
    QualityArea,
)
from supervision.models import QualityIndicator, QualityTemplate


def current_quality_template() -> QualityTemplate | None:
    return QualityTemplate.objects.filter(is_current=True).first()


def is_draft(template: QualityTemplate) -> bool:
    """A draft is a version newer than the current one (or any version while none is current)."""
    if template.is_current:
        return False
    current = QualityTemplate.objects.filter(is_current=True).values_list("version", flat=True)
    return template.version > next(iter(current), 0)


def quality_versions() -> list[QualityTemplate]:
    """Every version with its indicator count and how many indicators still need confirmation, marked
    current/draft/superseded (one query)."""
    templates = list(
        QualityTemplate.objects.annotate(
            indicator_count=Count("indicators"),
            unconfirmed_count=Count("indicators", filter=Q(indicators__needs_confirmation=True)),
        )
        .select_related("created_by")
        .order_by("-version")
    )
    current = next((t.version for t in templates if t.is_current), 0)
    for template in templates:
        template.state = version_state(template, current)
    return templates


def clause_key(clause: str) -> tuple:
    """5.1.10 after 5.1.9, 10.4 after 9.7.1: clauses compared number by number."""
    return tuple(int(part) if part.isdigit() else part for part in clause.replace("．", ".").split("."))


def indicators_by_area(indicators: Iterable[QualityIndicator]) -> list[dict]:
    """The seven areas in the standard's order, each with its indicators (by clause), its points as the standard
    gives them and as the indicators add up, and its veto and unconfirmed indicators."""
    groups: dict[str, list[QualityIndicator]] = {area.value: [] for area in QualityArea}
    for indicator in indicators:
        groups.setdefault(indicator.area, []).append(indicator)
    areas = []
    for area in QualityArea:
        rows = sorted(groups[area.value], key=lambda i: (clause_key(i.clause), i.position, i.pk))
        summed = sum((i.points for i in rows if i.points is not None), Decimal(0))
        areas.append(
            {
                "area": area.value,
                "label": area.label,
                "chapter": QUALITY_AREA_CHAPTERS[area],
                "points": QUALITY_AREA_POINTS[area],
                "summed": summed,
                "complete": summed == QUALITY_AREA_POINTS[area] and all(i.points is not None for i in rows),
                "indicators": rows,
                "veto_count": sum(1 for i in rows if i.is_veto),
                "unconfirmed": [i for i in rows if i.needs_confirmation or i.points is None],
            }
        )
    return areas


def template_summary(template: QualityTemplate) -> dict:
    """The template page's figures: areas, totals against 1,000, veto indicators against the standard's 16."""
    indicators = list(template.indicators.all())
    areas = indicators_by_area(indicators)
    return {
        "areas": areas,
        "indicator_count": len(indicators),
        "summed": sum((a["summed"] for a in areas), Decimal(0)),
        "total_points": QUALITY_TOTAL_POINTS,
        "veto_count": sum(a["veto_count"] for a in areas),
        "veto_expected": QUALITY_VETO_COUNT,
        "unconfirmed": [i for a in areas for i in a["unconfirmed"]],
    }
