"""The dashboard's figures, checked against the small district of district.py (counted by hand there); the page;
the population table."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from baodi_care.accounts.models import Jurisdiction
from institutions.choices import Category, ClassType
from supervision.statistics.registry import FIGURES
from supervision.statistics.scope import Filters

# --- 1. Institutions and seats --------------------------------------------------------------------------------------
from tests.builders.register import make_imported_institution
from tests.supervision.statistics.district import Q1_2025, QUERY_2025, Y2024, Y2025, by_place, only, rows


def test_institutions_and_seats_by_jurisdiction_category_and_inclusive(district, commission):
    table = rows("institutions", commission)
    got = [(r["jurisdiction"], r["category_code"], r["inclusive"], r["institutions"], r["seats"]) for r in table[:-1]]
    # H4 is a draft: not on the register. Order: jurisdiction code, category order, 普惠 first.
    assert got == [
        ("海滨街道", Category.INDEPENDENT, True, 1, 35),  # H1: 15 + 20
        ("海滨街道", Category.INDEPENDENT, False, 1, 15),  # H3
        ("海滨街道", Category.COMMUNITY, True, 1, 10),  # H2
        ("宝平街道", Category.INDEPENDENT, False, 1, 30),  # B2: 15 + 15
        ("宝平街道", Category.KINDERGARTEN_CLASS, True, 1, 20),  # B1
    ]
    assert only(table[-1], "is_total", "institutions", "seats") == {"is_total": True, "institutions": 5, "seats": 110}


def test_stock_figures_are_as_at_the_end_of_the_period(district, commission):
    # By 2025-03-31 only B1 (03-11) and H1 (03-17) had their receipt: 20 + 35 seats.
    assert only(rows("institutions", commission, Q1_2025)[-1], "institutions", "seats") == {
        "institutions": 2,
        "seats": 55,
    }
    # In 2024 nothing was filed yet.
    assert only(rows("institutions", commission, Y2024)[-1], "institutions", "seats") == {"institutions": 0, "seats": 0}


def test_an_institution_without_filing_history_counts_as_filed(district, commission, operator, haibin):
    make_imported_institution(
        haibin, operator=operator, classes=[{"name": "托大班", "class_type": ClassType.SENIOR, "seats": 20}]
    )
    # Taken over from an existing register: on it whatever the period.
    assert rows("institutions", commission, Y2024)[-1]["seats"] == 20
    assert rows("institutions", commission)[-1]["seats"] == 110 + 20


# --- 2. Provision against Tianjin's targets -------------------------------------------------------------------------


def test_seats_per_1000_and_inclusive_share_against_the_targets(district, commission):
    table = by_place(rows("provision", commission))
    # 海滨: 35 + 10 + 15 = 60 seats for 100,000 → 0.60 per 1,000 (target 4.5: not met);
    #        普惠 35 + 10 = 45 of 60 → 75.0 % (target 60 %: met).
    assert only(table["海滨街道"], "population", "seats", "seats_per_1000", "seats_target_met") == {
        "population": 100_000, "seats": 60, "seats_per_1000": Decimal("0.60"), "seats_target_met": False,
    }  # fmt: skip
    assert only(table["海滨街道"], "inclusive_seats", "inclusive_share", "inclusive_target_met") == {
        "inclusive_seats": 45, "inclusive_share": Decimal("75.0"), "inclusive_target_met": True,
    }  # fmt: skip
    # 宝平: 20 + 30 = 50 seats for 10,000 → 5.00 per 1,000 (met); 普惠 20 of 50 → 40.0 % (not met).
    assert only(table["宝平街道"], "seats_per_1000", "seats_target_met", "inclusive_share", "inclusive_target_met") == {
        "seats_per_1000": Decimal("5.00"), "seats_target_met": True,
        "inclusive_share": Decimal("40.0"), "inclusive_target_met": False,
    }  # fmt: skip
    # No population recorded: no rate, no verdict (and no division by zero).
    assert only(table["钰华街道"], "population", "seats", "seats_per_1000", "seats_target_met", "inclusive_share") == {
        "population": None, "seats": 0, "seats_per_1000": None, "seats_target_met": None, "inclusive_share": None,
    }  # fmt: skip
    # District: 110 seats for 110,000 → 1.00 per 1,000; 普惠 65 of 110 → 59.09 → 59.1 % (just short of 60).
    assert only(table["total"], "population", "seats", "seats_per_1000", "inclusive_seats", "inclusive_share") == {
        "population": 110_000, "seats": 110, "seats_per_1000": Decimal("1.00"), "inclusive_seats": 65,
        "inclusive_share": Decimal("59.1"),
    }  # fmt: skip
    assert table["total"]["inclusive_target_met"] is False
    assert len(table) == Jurisdiction.objects.filter(is_active=True).count() + 1


def test_the_district_rate_counts_only_jurisdictions_with_a_population(district, commission, baoping):
    Jurisdiction.objects.filter(pk=baoping.pk).update(population=None)
    total = by_place(rows("provision", commission))["total"]
    # 宝平's 50 seats have no population to set them against: 60 / 100,000 → 0.60; the 普惠 share keeps all 110.
    assert (total["population"], total["seats_per_1000"], total["inclusive_share"]) == (
        100_000,
        Decimal("0.60"),
        Decimal("59.1"),
    )


# --- 3. Filings and processing times --------------------------------------------------------------------------------


def test_filings_by_status(district, commission):
    table = by_place(rows("filings", commission))
    assert only(table["海滨街道"], "submitted", "returned", "accepted", "filed", "rejected", "total") == {
        "submitted": 1, "returned": 0, "accepted": 0, "filed": 3, "rejected": 0, "total": 4,  # H4; H1–H3
    }  # fmt: skip
    assert only(table["宝平街道"], "filed", "total") == {"filed": 2, "total": 2}
    assert only(table["total"], "submitted", "filed", "total") == {"submitted": 1, "filed": 5, "total": 6}
    # First submitted in 2024: none.
    assert by_place(rows("filings", commission, Y2024))["total"]["total"] == 0


def stage(row: dict, name: str) -> tuple:
    """A stage's (completed, median days, median working days) in a row of the processing figure."""
    return row[f"{name}_n"], row[f"{name}_days"], row[f"{name}_workdays"]


def test_median_processing_time_per_stage_and_jurisdiction(district, commission):
    table = by_place(rows("processing", commission))
    # 海滨 first review: 2.0, 4.0, 1.5, 10.0 → median (2.0 + 4.0) / 2 = 3.0; working days 2, 4, 1, 8 → 3.0.
    assert stage(table["海滨街道"], "first_review") == (4, Decimal("3.0"), Decimal("3.0"))
    # 海滨 commission: 3.0, 5.5, 1.0 → 3.0; working days 1, 4, 1 → 1.0.
    assert stage(table["海滨街道"], "acknowledgement") == (3, Decimal("3.0"), Decimal("1.0"))
    # 宝平 first review: 1.0, 2.0 → 1.5 (working 1, 2 → 1.5); commission 7.0, 5.0 → 6.0 (working 5, 3 → 4.0).
    assert stage(table["宝平街道"], "first_review")[1:] == (Decimal("1.5"), Decimal("1.5"))
    assert stage(table["宝平街道"], "acknowledgement")[1:] == (Decimal("6.0"), Decimal("4.0"))
    # District first review: 1.0, 1.5, 2.0, 2.0, 4.0, 10.0 → 2.0 (working 1, 1, 2, 2, 4, 8 → 2.0);
    # commission: 1.0, 3.0, 5.0, 5.5, 7.0 → 5.0 (working 1, 1, 3, 4, 5 → 3.0).
    assert stage(table["total"], "first_review") == (6, Decimal("2.0"), Decimal("2.0"))
    assert stage(table["total"], "acknowledgement") == (5, Decimal("5.0"), Decimal("3.0"))
    # A jurisdiction with no completed stage shows no median rather than 0.
    assert table["钰华街道"]["first_review_days"] is None


def test_processing_times_count_the_stages_completed_in_the_period(district, commission):
    # Q1 2025 completed: first reviews H1 ×2 (2.0, 4.0), B1 (1.0) → 2.0; commission H1 (3.0), B1 (7.0) → 5.0.
    total = by_place(rows("processing", commission, Q1_2025))["total"]
    assert stage(total, "first_review")[:2] == (3, Decimal("2.0"))
    assert stage(total, "acknowledgement")[:2] == (2, Decimal("5.0"))


# --- 4. Inspections -------------------------------------------------------------------------------------------------


def test_inspection_coverage(district, commission):
    table = by_place(rows("inspections", commission))
    # 海滨: 3 filed, H1 inspected (twice; H2's is a draft, H3's was in 2024) → 1/3 = 33.3 %.
    assert only(table["海滨街道"], "filed", "inspected", "coverage", "inspections") == {
        "filed": 3, "inspected": 1, "coverage": Decimal("33.3"), "inspections": 2,
    }  # fmt: skip
    # 宝平: 2 filed, B1 inspected → 50.0 %. District: 2 of 5 → 40.0 %, 3 inspections finished.
    assert only(table["宝平街道"], "filed", "inspected", "coverage") == {
        "filed": 2, "inspected": 1, "coverage": Decimal("50.0"),
    }  # fmt: skip
    assert only(table["total"], "filed", "inspected", "coverage", "inspections") == {
        "filed": 5, "inspected": 2, "coverage": Decimal("40.0"), "inspections": 3,
    }  # fmt: skip
    assert table["钰华街道"]["coverage"] is None  # nothing filed: no coverage, not 0 %


def test_non_compliance_by_checklist_category(district, commission):
    table = {r["category_code"] or "total": r for r in rows("non-compliance", commission)}
    # Finished in 2025: H1 April (fire ✓ fire ✗ food ✓ fees n/a), H1 October (safety ✗), B1 June (food ✗ fire ✓).
    assert only(table["fire"], "compliant", "non_compliant", "not_applicable", "rate") == {
        "compliant": 2, "non_compliant": 1, "not_applicable": 0, "rate": Decimal("33.3"),  # 1 / 3
    }  # fmt: skip
    assert only(table["food"], "compliant", "non_compliant", "rate") == {
        "compliant": 1, "non_compliant": 1, "rate": Decimal("50.0"),
    }  # fmt: skip
    assert only(table["safety"], "compliant", "non_compliant", "rate") == {
        "compliant": 0, "non_compliant": 1, "rate": Decimal("100.0"),
    }  # fmt: skip
    assert only(table["fees"], "not_applicable", "rate") == {"not_applicable": 1, "rate": None}
    assert only(table["total"], "compliant", "non_compliant", "not_applicable", "rate") == {
        "compliant": 3, "non_compliant": 3, "not_applicable": 1, "rate": Decimal("50.0"),
    }  # fmt: skip
    assert len(table) == 12  # 11 categories and the total


# --- 5. Rectifications ----------------------------------------------------------------------------------------------


def test_rectifications_open_and_overdue(district, commission):
    table = by_place(rows("rectifications", commission))
    # 海滨: ordered in 2025: H1 fire (open, deadline 2025-04-15 → overdue), H1 safety (answered);
    # still open from 2024: H3 safety (deadline 2025-01-10 → overdue).
    assert only(table["海滨街道"], "ordered", "verified", "awaiting_operator", "awaiting_verification", "overdue") == {
        "ordered": 2,
        "verified": 0,
        "awaiting_operator": 2,
        "awaiting_verification": 1,
        "overdue": 2,
    }
    # 宝平: B1 food ordered and verified in 2025.
    assert only(table["宝平街道"], "ordered", "verified", "awaiting_operator", "overdue") == {
        "ordered": 1, "verified": 1, "awaiting_operator": 0, "overdue": 0,
    }  # fmt: skip
    assert only(table["total"], "ordered", "verified", "awaiting_operator", "awaiting_verification", "overdue") == {
        "ordered": 3, "verified": 1, "awaiting_operator": 2, "awaiting_verification": 1, "overdue": 2,
    }  # fmt: skip
    # In 2024 only H3's was ordered, and it is still open and overdue.
    assert only(by_place(rows("rectifications", commission, Y2024))["total"], "ordered", "overdue", "verified") == {
        "ordered": 1, "overdue": 1, "verified": 0,
    }  # fmt: skip


# --- 6. Fees --------------------------------------------------------------------------------------------------------


def test_median_monthly_care_fee_by_class_type(district, commission):
    table = {r["class_type_code"] or "all": r for r in rows("fees", commission)}
    # Infant: H2's "all classes" 2400 (H2 has an infant class only).
    assert only(table[ClassType.INFANT], "items", "institutions", "median") == {
        "items": 1, "institutions": 1, "median": Decimal("2400.00"),
    }  # fmt: skip
    # Toddler: H1's own toddler item 2000 (its "all classes" 1800 does not apply: toddler is priced),
    # B2's "all classes" 1600 → median (1600 + 2000) / 2 = 1800.00.
    assert only(table[ClassType.TODDLER], "items", "institutions", "minimum", "median", "maximum") == {
        "items": 2, "institutions": 2, "minimum": Decimal("1600"), "median": Decimal("1800.00"),
        "maximum": Decimal("2000"),
    }  # fmt: skip
    # Senior: H1's "all classes" 1800, B1's current 1500 (its superseded 9999 is not counted) → 1650.00.
    assert only(table[ClassType.SENIOR], "items", "median") == {"items": 2, "median": Decimal("1650.00")}
    assert only(table[ClassType.MIXED], "items", "median") == {"items": 0, "median": None}
    # Every item once: 1500, 1600, 1800, 2000, 2400 → 1800.00 (meals, hourly and H3's 2024 disclosure left out).
    assert only(table["all"], "items", "institutions", "median") == {
        "items": 5, "institutions": 4, "median": Decimal("1800.00"),
    }  # fmt: skip
    # In 2024 only H3's disclosure was valid.
    assert rows("fees", commission, Y2024)[-1]["median"] == Decimal("5000.00")


# --- 7. Enrolment ---------------------------------------------------------------------------------------------------


def test_enrolment_against_seats(district, commission):
    table = by_place(rows("enrolment", commission))
    # 海滨: H1's latest (June) 12 + 18 = 30 of 35; H2 12 of 10 (over capacity) → 42 of 45 = 93.3 %.
    assert only(table["海滨街道"], "reporting", "enrolled", "seats", "occupancy", "over_capacity") == {
        "reporting": 2, "enrolled": 42, "seats": 45, "occupancy": Decimal("93.3"), "over_capacity": 1,
    }  # fmt: skip
    # 宝平: B1 16 of 20 = 80.0 %; B2 reported December 2024 only.
    assert only(table["宝平街道"], "reporting", "enrolled", "seats", "occupancy") == {
        "reporting": 1, "enrolled": 16, "seats": 20, "occupancy": Decimal("80.0"),
    }  # fmt: skip
    # District: 58 of 65 = 89.2 %.
    assert only(table["total"], "reporting", "enrolled", "seats", "occupancy", "over_capacity") == {
        "reporting": 3, "enrolled": 58, "seats": 65, "occupancy": Decimal("89.2"), "over_capacity": 1,
    }  # fmt: skip
    # Q1 2025: H1's March report only: 25 of 35.
    assert only(by_place(rows("enrolment", commission, Q1_2025))["total"], "enrolled", "seats") == {
        "enrolled": 25, "seats": 35,
    }  # fmt: skip


# --- Scope ----------------------------------------------------------------------------------------------------------


def test_an_official_sees_only_their_jurisdiction_in_every_figure(district, official, baoping):
    # Even a jurisdiction slipped into the filters does not widen an official's scope.
    sneaky = Filters(start=Y2025.start, end=Y2025.end, jurisdiction=baoping)
    for slug in FIGURES:
        for filters in (Y2025, sneaky):
            table = rows(slug, official, filters)
            places = {r["jurisdiction"] for r in table if "jurisdiction" in r and not r.get("is_total")}
            assert places <= {"海滨街道"}, slug
    assert rows("institutions", official)[-1]["seats"] == 60
    assert by_place(rows("provision", official))["total"]["seats_per_1000"] == Decimal("0.60")
    assert by_place(rows("filings", official))["total"]["total"] == 4
    assert by_place(rows("processing", official))["total"]["first_review_days"] == Decimal("3.0")
    assert by_place(rows("inspections", official))["total"]["coverage"] == Decimal("33.3")
    non_compliance = {r["category_code"]: r for r in rows("non-compliance", official)}
    assert non_compliance["food"]["non_compliant"] == 0  # B1's is 宝平's
    assert by_place(rows("rectifications", official))["total"]["verified"] == 0
    fees = {r["class_type_code"]: r for r in rows("fees", official)}
    assert fees[ClassType.TODDLER]["median"] == Decimal("2000.00")  # H1 only
    assert by_place(rows("enrolment", official))["total"]["enrolled"] == 42


def test_the_commission_can_narrow_to_one_jurisdiction(district, commission, baoping):
    narrowed = Filters(start=Y2025.start, end=Y2025.end, jurisdiction=baoping)
    table = rows("provision", commission, narrowed)
    assert [r["jurisdiction"] for r in table[:-1]] == ["宝平街道"]
    assert table[-1]["seats"] == 50
    assert rows("institutions", commission, narrowed)[-1]["institutions"] == 2
    assert by_place(rows("enrolment", commission, narrowed))["total"]["enrolled"] == 16


def test_other_roles_get_no_rows(district, department, operator):
    for user in (department, operator):
        assert all(rows(slug, user) == [] for slug in FIGURES)


# --- The page -------------------------------------------------------------------------------------------------------


def test_the_page_draws_every_figure_with_its_table(client, district, commission):
    client.force_login(commission)
    response = client.get(reverse("supervision:dashboard"), QUERY_2025)
    assert response.status_code == 200
    html = response.content.decode()
    for slug in FIGURES:
        assert f'id="canvas-{slug}"' in html
        assert f'<script id="chart-data-{slug}" type="application/json">' in html
        assert f'id="table-{slug}"' in html
        assert reverse("supervision:dashboard_download", args=[slug, "csv"]) + "?date_from=2025-01-01" in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "js/dashboard.js" in html
    assert "<script>" not in html  # the CSP forbids inline scripts
    provision = next(f for f in response.context["figures"] if f["slug"] == "provision")
    labels = provision["chart"]["data"]["labels"]
    assert labels[:2] == ["海滨街道", "宝平街道"]
    assert provision["chart"]["data"]["datasets"][0]["data"][:3] == [0.6, 5.0, None]
    yuhua = next(r for r in provision["rows"] if r["cells"][1]["text"] == "钰华街道")
    assert [c["text"] for c in yuhua["cells"][2:6]] == ["—", "0", "—", "—"]
    assert 'id="population-link"' in html


def test_the_pages_carry_no_inline_script_or_style(client, district, commission):
    client.force_login(commission)
    for url in (reverse("supervision:dashboard"), reverse("supervision:population_edit")):
        html = client.get(url).content.decode()
        # Chart data travel as JSON (json_script), which the browser never runs; code comes from static files.
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, tag
        assert not re.search(r"\sstyle=\"", html) and "<style" not in html


def test_the_period_and_jurisdiction_filters_change_the_numbers(client, district, commission, baoping):
    client.force_login(commission)

    def total_seats(**params):
        response = client.get(reverse("supervision:dashboard"), params)
        assert response.status_code == 200
        figure = next(f for f in response.context["figures"] if f["slug"] == "institutions")
        return figure["rows"][-1]["cells"][-1]["text"]

    assert total_seats(**QUERY_2025) == "110"
    assert total_seats(date_from="2025-01-01", date_to="2025-03-31") == "55"
    assert total_seats(date_from="2024-01-01", date_to="2024-12-31") == "0"
    assert total_seats(**QUERY_2025, jurisdiction=baoping.pk) == "50"


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "yesterday", "date_to": "2025-13-45"},
        {"date_from": "2025-12-31", "date_to": "2025-01-01"},
        {"date_from": "9999-12-31"},
        {"date_to": "0001-01-01"},
        {"jurisdiction": "abc"},
        {"jurisdiction": "999999"},
    ],
)
def test_bad_filters_fall_back_to_the_defaults(client, district, commission, params):
    client.force_login(commission)
    response = client.get(reverse("supervision:dashboard"), params)
    assert response.status_code == 200
    today = timezone.localdate()
    filters = response.context["filters"]
    assert (filters.start, filters.end, filters.jurisdiction) == (
        datetime.date(today.year, 1, 1),
        datetime.date(today.year, 12, 31),
        None,
    )
    assert response.context["filter_warning"]
    download = client.get(reverse("supervision:dashboard_download", args=["institutions", "csv"]), params)
    assert download.status_code == 200


def test_one_date_alone_stands_for_its_year(client, commission):
    client.force_login(commission)
    filters = client.get(reverse("supervision:dashboard"), {"date_from": "2025-07-01"}).context["filters"]
    assert (filters.start, filters.end) == (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))


def test_an_official_cannot_choose_a_jurisdiction(client, district, official, baoping):
    client.force_login(official)
    response = client.get(reverse("supervision:dashboard"), {**QUERY_2025, "jurisdiction": baoping.pk})
    assert response.status_code == 200
    assert 'name="jurisdiction"' not in response.content.decode()
    assert 'id="population-link"' not in response.content.decode()
    figure = next(f for f in response.context["figures"] if f["slug"] == "institutions")
    assert figure["rows"][-1]["cells"][-1]["text"] == "60"


# --- Population -----------------------------------------------------------------------------------------------------


def _population_post(client, changes: dict) -> dict:
    """The formset as the page posts it, with some populations changed."""
    page = client.get(reverse("supervision:population_edit"))
    formset = page.context["formset"]
    data = {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
    for i, form in enumerate(formset.forms):
        data[f"{formset.prefix}-{i}-id"] = form.instance.pk
        value = changes.get(form.instance.code, form.instance.population)
        data[f"{formset.prefix}-{i}-population"] = "" if value is None else value
    return data


def test_the_commission_edits_populations_with_history(client, commission, haibin, baoping):
    client.force_login(commission)
    data = _population_post(client, {haibin.code: 120_000, baoping.code: 80_000})
    response = client.post(reverse("supervision:population_edit"), data)
    assert response.status_code == 302
    haibin.refresh_from_db()
    baoping.refresh_from_db()
    assert (haibin.population, baoping.population) == (120_000, 80_000)
    last = haibin.history.first()
    assert last.history_user == commission and last.population == 120_000
    page = client.get(reverse("supervision:population_edit"))
    assert "120,000" in page.content.decode() or "120000" in page.content.decode()


def test_each_population_says_where_it_comes_from_and_the_dashboard_prints_it(client, commission, haibin, baoping):
    client.force_login(commission)
    data = _population_post(client, {haibin.code: 120_000, baoping.code: 80_000})
    index = next(k for k, v in data.items() if k.endswith("-id") and v == haibin.pk).rsplit("-", 2)[1]
    data[f"form-{index}-population_source"] = "第七次全国人口普查（2020）"
    assert client.post(reverse("supervision:population_edit"), data).status_code == 302
    haibin.refresh_from_db()
    assert haibin.population_source == "第七次全国人口普查（2020）"
    assert haibin.history.first().population_source == "第七次全国人口普查（2020）"
    html = client.get(reverse("supervision:dashboard")).content.decode()
    note = html.split('id="population-sources"')[1].split("</p>")[0]
    # 宝平's figure has no source: the dashboard says so rather than let it pass for a census figure.
    assert "第七次全国人口普查（2020）" in note and "未登记来源" in note


def test_a_population_can_be_cleared_and_then_shows_no_rate(client, district, commission, haibin):
    client.force_login(commission)
    client.post(reverse("supervision:population_edit"), _population_post(client, {haibin.code: None}))
    haibin.refresh_from_db()
    assert haibin.population is None
    assert by_place(rows("provision", commission))["海滨街道"]["seats_per_1000"] is None


@pytest.mark.parametrize("bad", ["-5", "many", "99999999999"])
def test_a_bad_population_is_refused_and_nothing_saved(client, commission, haibin, baoping, bad):
    client.force_login(commission)
    data = _population_post(client, {baoping.code: 70_000})
    index = next(k for k, v in data.items() if k.endswith("-id") and v == haibin.pk).rsplit("-", 2)[1]
    data[f"form-{index}-population"] = bad
    response = client.post(reverse("supervision:population_edit"), data)
    assert response.status_code == 200
    assert response.context["formset"].errors
    baoping.refresh_from_db()
    assert baoping.population is None


def test_an_empty_post_is_refused_without_error(client, commission):
    client.force_login(commission)
    assert client.post(reverse("supervision:population_edit"), {}).status_code == 200


def test_only_the_commission_sets_populations(official, haibin):
    from django.core.exceptions import PermissionDenied

    from supervision.statistics.services import set_populations

    with pytest.raises(PermissionDenied):
        set_populations(by=official, populations={haibin.pk: 1})


def test_dashboard_is_in_the_navigation_for_reviewers_only(client, commission, official, department):
    for user, shown in ((commission, True), (official, True), (department, False)):
        client.force_login(user)
        assert ('id="nav-dashboard"' in client.get(reverse("home")).content.decode()) is shown
    client.force_login(department)
    assert client.get(reverse("supervision:dashboard")).status_code == 403
