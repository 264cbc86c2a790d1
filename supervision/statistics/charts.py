"""The dashboard's charts: each figure's rows as a Chart.js configuration."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from institutions.choices import Category
from supervision.statistics.scope import REVIEWED_FILING_STATUSES, TARGET_INCLUSIVE_SHARE, TARGET_SEATS_PER_1000


def _chart_rows(rows: list[dict]) -> list[dict]:
    return [r for r in rows if not r.get("is_total")]


def _num(value) -> float | None:
    return None if value is None else float(value)


def _bar(labels: list, datasets: list[dict], *, stacked: bool = False, y_title=None, **options) -> dict:
    scales = {"x": {"stacked": stacked}, "y": {"stacked": stacked, "beginAtZero": True}}
    if y_title:
        scales["y"]["title"] = {"display": True, "text": str(y_title)}
    return {
        "type": "bar",
        "data": {"labels": [str(label) for label in labels], "datasets": datasets},
        "options": {"scales": scales, **options},
    }


def _dataset(label, values, **extra) -> dict:
    return {"label": str(label), "data": [_num(v) for v in values], **extra}


def _chart_institutions(rows: list[dict]) -> dict:
    rows = _chart_rows(rows)
    places = list(dict.fromkeys(r["jurisdiction"] for r in rows))
    datasets = []
    for category in Category:
        seats = {r["jurisdiction"]: 0 for r in rows}
        for r in rows:
            if r["category_code"] == category.value:
                seats[r["jurisdiction"]] += r["seats"]
        if any(seats.values()):
            datasets.append(_dataset(category.label, [seats[p] for p in places]))
    return _bar(places, datasets, stacked=True, y_title=_("Seats"))


def _chart_provision(rows: list[dict]) -> dict:
    rows = _chart_rows(rows)
    labels = [r["jurisdiction"] for r in rows]
    n = len(rows)
    datasets = [
        _dataset(_("Seats per 1,000 population"), [r["seats_per_1000"] for r in rows], yAxisID="y"),
        _dataset(
            _("Target: %(n)s per 1,000") % {"n": TARGET_SEATS_PER_1000}, [TARGET_SEATS_PER_1000] * n,
            type="line", yAxisID="y", pointRadius=0, borderDash=[6, 4],
        ),
        _dataset(_("Inclusive share (%)"), [r["inclusive_share"] for r in rows], yAxisID="y1"),
        _dataset(
            _("Target: %(n)s %% inclusive") % {"n": TARGET_INCLUSIVE_SHARE}, [TARGET_INCLUSIVE_SHARE] * n,
            type="line", yAxisID="y1", pointRadius=0, borderDash=[2, 2],
        ),
    ]  # fmt: skip
    chart = _bar(labels, datasets, y_title=_("Seats per 1,000 population"))
    chart["options"]["scales"]["y1"] = {
        "position": "right",
        "beginAtZero": True,
        "max": 100,
        "grid": {"drawOnChartArea": False},
        "title": {"display": True, "text": str(_("Inclusive share (%)"))},
    }
    return chart


def _chart_filings(rows: list[dict]) -> dict:
    rows = _chart_rows(rows)
    datasets = [_dataset(s.label, [r[s.value] for r in rows]) for s in REVIEWED_FILING_STATUSES]
    return _bar([r["jurisdiction"] for r in rows], datasets, stacked=True, y_title=_("Filings"))


def _chart_processing(rows: list[dict]) -> dict:
    rows = _chart_rows(rows)
    datasets = [
        _dataset(_("First review (working days)"), [r["first_review_workdays"] for r in rows]),
        _dataset(_("Health commission (working days)"), [r["acknowledgement_workdays"] for r in rows]),
    ]
    return _bar([r["jurisdiction"] for r in rows], datasets, y_title=_("Median working days"))


def _chart_coverage(rows: list[dict]) -> dict:
    rows = _chart_rows(rows)
    datasets = [_dataset(_("Coverage (%)"), [r["coverage"] for r in rows])]
    chart = _bar([r["jurisdiction"] for r in rows], datasets, y_title=_("Coverage (%)"))
    chart["options"]["scales"]["y"]["max"] = 100
    return chart


def _chart_non_compliance(rows: list[dict]) -> dict:
    rows = _chart_rows(rows)
    datasets = [
        _dataset(_("Non-compliant"), [r["non_compliant"] for r in rows]),
        _dataset(_("Compliant"), [r["compliant"] for r in rows]),
    ]
    return _bar([r["category"] for r in rows], datasets, stacked=True, indexAxis="y")


def _chart_rectifications(rows: list[dict]) -> dict:
    rows = _chart_rows(rows)
    datasets = [
        _dataset(_("Awaiting the operator"), [r["awaiting_operator"] for r in rows], stack="open"),
        _dataset(_("Awaiting verification"), [r["awaiting_verification"] for r in rows], stack="open"),
        _dataset(_("Overdue"), [r["overdue"] for r in rows], stack="overdue"),
    ]
    return _bar([r["jurisdiction"] for r in rows], datasets, stacked=True, y_title=_("Rectifications"))


def _chart_fees(rows: list[dict]) -> dict:
    datasets = [_dataset(_("Median monthly fee (yuan)"), [r["median"] for r in rows])]
    return _bar([r["class_type"] for r in rows], datasets, y_title=_("Yuan per month"))


def _chart_enrolment(rows: list[dict]) -> dict:
    rows = _chart_rows(rows)
    datasets = [
        _dataset(_("Seats"), [r["seats"] for r in rows]),
        _dataset(_("Enrolled"), [r["enrolled"] for r in rows]),
    ]
    return _bar([r["jurisdiction"] for r in rows], datasets, y_title=_("Children"))
