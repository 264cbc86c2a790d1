"""Rows of the dashboard: the commission and officials see it (each their scope); the population is the commission's."""

from __future__ import annotations

from tests.scoping_support import COMMISSION, REVIEWERS, Row, at

ROWS = {
    "supervision:dashboard": Row(url=at("supervision:dashboard"), allowed=REVIEWERS),
    "supervision:dashboard_download": Row(
        url=at("supervision:dashboard_download", None, "institutions", "csv"), allowed=REVIEWERS
    ),
    "supervision:population_edit": Row(url=at("supervision:population_edit"), allowed=COMMISSION),
}
