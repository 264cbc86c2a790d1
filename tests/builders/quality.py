"""The quality assessment's indicator template: the seeded draft completed as the commission completes it from the
standard's text, and published."""

from __future__ import annotations

from decimal import Decimal

from baodi_care.accounts.models import User
from supervision.choices import QUALITY_AREA_CHAPTERS, QUALITY_AREA_POINTS
from supervision.models import QualityTemplate
from supervision.quality import services as quality_services


def complete_indicators(template: QualityTemplate, by: User, *, short_area: str = "") -> QualityTemplate:
    """Confirm every indicator with 1 point, then add one per area holding the rest of its points (`short_area`
    one point short, which publishing refuses)."""
    for indicator in template.indicators.all():
        quality_services.update_indicator(indicator=indicator, by=by, points=Decimal(1), needs_confirmation=False)
    for area, points in QUALITY_AREA_POINTS.items():
        have = template.indicators.filter(area=area).count()
        rest = points - have - (1 if area == short_area else 0)
        quality_services.add_indicator(
            template=template, by=by, area=area, clause=f"{QUALITY_AREA_CHAPTERS[area]}.9.9",
            text=f"其余指标（{area}）", points=Decimal(rest), evidence="document",
        )  # fmt: skip
    return template


def publish_seeded_indicators(by: User) -> QualityTemplate:
    """The seeded first version, completed and published: the current indicators."""
    template = complete_indicators(QualityTemplate.objects.get(version=1), by)
    return quality_services.publish_quality_template(template=template, by=by, notes="分值依标准原文核定")
