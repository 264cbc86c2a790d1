"""Rows of the quality assessment's indicator template (WS/T 821—2023; supervision/quality/)."""

from __future__ import annotations

from django.urls import reverse

from supervision.models import QualityTemplate
from tests.scoping_support import COMMISSION, REVIEWERS, Row, at, posted


def extra_ctx(ctx: dict) -> dict:
    return {"quality_draft": QualityTemplate.objects.get(version=1)}  # the seeded first version, a draft


def first_indicator(name: str):
    return lambda ctx: reverse(name, args=[ctx["quality_draft"].indicators.order_by("pk").first().pk])


ROWS = {
    "supervision:quality_template_list": Row(url=at("supervision:quality_template_list"), allowed=REVIEWERS),
    "supervision:quality_template_detail": Row(
        url=at("supervision:quality_template_detail", "quality_draft"), allowed=REVIEWERS
    ),
    "supervision:quality_template_new_version": posted(
        "supervision:quality_template_new_version", COMMISSION, "quality_draft"
    ),
    # An empty indicator is refused on the re-rendered page (200).
    "supervision:quality_indicator_add": Row(
        url=at("supervision:quality_indicator_add", "quality_draft"), allowed=COMMISSION, method="post"
    ),
    "supervision:quality_indicator_edit": Row(
        url=first_indicator("supervision:quality_indicator_edit"), allowed=COMMISSION
    ),
    "supervision:quality_indicator_delete": Row(
        url=first_indicator("supervision:quality_indicator_delete"), allowed=COMMISSION, method="post", ok=302
    ),
    "supervision:quality_template_publish": posted("supervision:quality_template_publish", COMMISSION, "quality_draft"),
    "supervision:quality_template_discard": posted("supervision:quality_template_discard", COMMISSION, "quality_draft"),
}
