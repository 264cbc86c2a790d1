"""Rows of the dashboard: the commission and officials see it (each their scope); the population is the commission's."""

from __future__ import annotations

from django.urls import reverse

from baodi_care.accounts.choices import Role
from tests.scoping_support import REVIEWERS, Row

COMMISSION = frozenset({Role.COMMISSION})

ROWS = {
    "supervision:dashboard": Row(url=lambda ctx: reverse("supervision:dashboard"), allowed=REVIEWERS),
    "supervision:dashboard_download": Row(
        url=lambda ctx: reverse("supervision:dashboard_download", args=["institutions", "csv"]), allowed=REVIEWERS
    ),
    "supervision:population_edit": Row(url=lambda ctx: reverse("supervision:population_edit"), allowed=COMMISSION),
}
