"""The dashboard's figures, registered once: each with its title, note, columns, selector and chart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import has_role
from supervision.statistics.charts import (
    _chart_coverage,
    _chart_enrolment,
    _chart_fees,
    _chart_filings,
    _chart_institutions,
    _chart_non_compliance,
    _chart_processing,
    _chart_provision,
    _chart_rectifications,
)
from supervision.statistics.figures import (
    care_fees,
    enrolment,
    filings_by_status,
    inspection_coverage,
    institutions_and_seats,
    non_compliance,
    processing_times,
    provision,
    rectifications,
)
from supervision.statistics.scope import (
    DASHBOARD_ROLES,
    REVIEWED_FILING_STATUSES,
    TARGET_INCLUSIVE_SHARE,
    TARGET_SEATS_PER_1000,
    TARGET_SOURCE,
    Filters,
)


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise | str
    kind: str = "int"  # int, number, percent, money, text, bool, met


@dataclass(frozen=True)
class Figure:
    slug: str
    title: Promise
    note: Promise
    columns: tuple[Column, ...]
    rows: Callable[..., list[dict]]
    chart: Callable[[list[dict]], dict]


CODE = Column("code", _("Statistics code"), "text")
JURISDICTION = Column("jurisdiction", _("Jurisdiction"), "text")

FIGURES: dict[str, Figure] = {
    f.slug: f
    for f in (
        Figure(
            "institutions",
            _("Institutions and seats by jurisdiction, category and inclusive status"),
            _("Filed institutions (filed or change pending) at the end of the period, with their classes' seats."),
            (
                CODE,
                JURISDICTION,
                Column("category", _("Category"), "text"),
                Column("inclusive", _("Inclusive (普惠)"), "bool"),
                Column("institutions", _("Institutions")),
                Column("seats", _("Seats")),
            ),
            institutions_and_seats,
            _chart_institutions,
        ),
        Figure(
            "provision",
            _("Seats per 1,000 population and inclusive share"),
            format_lazy(
                # xgettext:no-python-format
                _("Targets for 2025: {seats} seats per 1,000 population and {share} % inclusive seats ({source})."),
                seats=TARGET_SEATS_PER_1000,
                share=TARGET_INCLUSIVE_SHARE,
                source=TARGET_SOURCE,
            ),
            (
                CODE,
                JURISDICTION,
                Column("population", _("Population")),
                Column("seats", _("Seats")),
                Column("seats_per_1000", _("Seats per 1,000 population"), "number"),
                Column("seats_target_met", format_lazy(_("Target of {n} met"), n=TARGET_SEATS_PER_1000), "met"),
                Column("inclusive_seats", _("Inclusive seats")),
                Column("inclusive_share", _("Inclusive share (%)"), "percent"),
                Column("inclusive_target_met", format_lazy(_("Target of {n} % met"), n=TARGET_INCLUSIVE_SHARE), "met"),
            ),
            provision,
            _chart_provision,
        ),
        Figure(
            "filings",
            _("Filings by status"),
            _("Filings first submitted in the period, by where they stand now."),
            (
                CODE,
                JURISDICTION,
                *(Column(s.value, s.label) for s in REVIEWED_FILING_STATUSES),
                Column("total", _("Total")),
            ),
            filings_by_status,
            _chart_filings,
        ),
        Figure(
            "processing",
            _("Median processing time per stage"),
            _(
                "Stages completed in the period. First review: from each submission to the sub-district/town's "
                "decision. Health commission: from acceptance to the receipt or a rejection."
            ),
            (
                CODE,
                JURISDICTION,
                Column("first_review_n", _("First reviews")),
                Column("first_review_days", _("First review: median days"), "number"),
                Column("first_review_workdays", _("First review: median working days"), "number"),
                Column("acknowledgement_n", _("Commission decisions")),
                Column("acknowledgement_days", _("Health commission: median days"), "number"),
                Column("acknowledgement_workdays", _("Health commission: median working days"), "number"),
            ),
            processing_times,
            _chart_processing,
        ),
        Figure(
            "inspections",
            _("Inspection coverage"),
            _("Filed institutions with at least one finished inspection in the period, out of all filed institutions."),
            (
                CODE,
                JURISDICTION,
                Column("filed", _("Filed institutions")),
                Column("inspected", _("Inspected")),
                Column("coverage", _("Coverage (%)"), "percent"),
                Column("inspections", _("Inspections finished")),
            ),
            inspection_coverage,
            _chart_coverage,
        ),
        Figure(
            "non-compliance",
            _("Non-compliance by checklist category"),
            _("Checked items of the inspections finished in the period. Rate: non-compliant out of items that apply."),
            (
                Column("category", _("Checklist category"), "text"),
                Column("compliant", _("Compliant")),
                Column("non_compliant", _("Non-compliant")),
                Column("not_applicable", _("Not applicable")),
                Column("rate", _("Non-compliance rate (%)"), "percent"),
            ),
            non_compliance,
            _chart_non_compliance,
        ),
        Figure(
            "rectifications",
            _("Rectifications open and overdue"),
            _(
                "Ordered and verified in the period; open: ordered by the end of the period and not verified yet; "
                "overdue: awaiting the operator past the deadline today."
            ),
            (
                CODE,
                JURISDICTION,
                Column("ordered", _("Ordered")),
                Column("verified", _("Verified")),
                Column("awaiting_operator", _("Awaiting the operator")),
                Column("awaiting_verification", _("Awaiting verification")),
                Column("overdue", _("Overdue")),
            ),
            rectifications,
            _chart_rectifications,
        ),
        Figure(
            "fees",
            _("Median monthly childcare fee by class type"),
            _(
                "Monthly childcare fees of the published fee disclosures valid in the period. An item for all "
                "classes counts for each class type the institution has and does not price separately."
            ),
            (
                Column("class_type", _("Class type"), "text"),
                Column("items", _("Fee items")),
                Column("institutions", _("Institutions")),
                Column("minimum", _("Lowest (yuan)"), "money"),
                Column("median", _("Median (yuan)"), "money"),
                Column("maximum", _("Highest (yuan)"), "money"),
            ),
            care_fees,
            _chart_fees,
        ),
        Figure(
            "enrolment",
            _("Enrolment against seats"),
            _("Each institution's latest operating report in the period: enrolled children and filed seats."),
            (
                CODE,
                JURISDICTION,
                Column("reporting", _("Institutions reporting")),
                Column("enrolled", _("Enrolled")),
                Column("seats", _("Seats")),
                Column("occupancy", _("Occupancy (%)"), "percent"),
                Column("over_capacity", _("Over capacity")),
            ),
            enrolment,
            _chart_enrolment,
        ),
    )
}


def figure_rows(figure: Figure, *, user, filters: Filters) -> list[dict]:
    """The rows of one figure for this user and these filters (nothing outside the user's scope)."""
    if not has_role(user, *DASHBOARD_ROLES):
        return []
    if user.role != Role.COMMISSION:
        filters = Filters(start=filters.start, end=filters.end)  # an official's jurisdiction is fixed by scope
    return figure.rows(user, filters)
