"""The inspection plan (检查频次) and its coverage: who is due or overdue, rules by district, category and institution,
scope, constant query counts (issue 4 §4)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from baodi_care.core import dates as core_dates
from institutions.choices import Category
from supervision.inspections import services as inspections_services
from supervision.models import InspectionFrequency
from supervision.plan import selectors as plan_selectors
from supervision.plan import services as plan_services
from tests.builders.inspections import make_draft_inspection, make_finished_inspection
from tests.builders.register import make_imported_institution

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


# --- Coverage and the inspection plan -------------------------------------------------------------------


def test_coverage_marks_institutions_due_and_overdue(official, operator, haibin, filed, commission):
    today = timezone.localdate()
    never = filed  # never inspected: due now
    recent = make_imported_institution(haibin, operator=operator, name="最近检查")
    make_finished_inspection(recent, official, problems=0, inspected_on=days_ago(30))
    late = make_imported_institution(haibin, operator=operator, name="超期未检")
    make_finished_inspection(late, official, problems=0, inspected_on=days_ago(200))
    # An institution with its own rule: quarterly, last seen 100 days ago.
    quarterly = make_imported_institution(haibin, operator=operator, name="每季度一次")
    plan_services.set_inspection_frequency(by=commission, per_year=4, institution=quarterly)
    make_finished_inspection(quarterly, official, problems=0, inspected_on=days_ago(100))
    # Kindergarten classes once a year, by category.
    kg = make_imported_institution(haibin, operator=operator, name="幼儿园托班", category=Category.KINDERGARTEN_CLASS)
    plan_services.set_inspection_frequency(by=commission, per_year=1, category=Category.KINDERGARTEN_CLASS)
    make_finished_inspection(kg, official, problems=0, inspected_on=days_ago(200))
    # Drafts do not count.
    make_draft_inspection(never, official)

    rows = {r.name: r for r in plan_selectors.coverage(user=official, today=today)}
    assert rows[never.name].coverage_flag == "due" and rows[never.name].next_due is None
    assert rows["最近检查"].coverage_flag == "ok"
    assert rows["最近检查"].next_due == core_dates.add_months(days_ago(30), 6)
    assert rows["超期未检"].coverage_flag == "overdue"
    assert rows["每季度一次"].per_year == 4 and rows["每季度一次"].frequency_rule == "institution"
    assert rows["每季度一次"].coverage_flag == "overdue"
    assert rows["幼儿园托班"].per_year == 1 and rows["幼儿园托班"].coverage_flag == "ok"
    assert rows["最近检查"].inspected_this_year == (1 if days_ago(30).year == today.year else 0)
    ordered = [r.coverage_flag for r in plan_selectors.coverage(user=official, today=today)]
    assert ordered == sorted(ordered, key=["overdue", "due", "ok"].index)


def test_coverage_is_scoped_and_filterable(client, official, commission, filed, other_filed, baoping):
    client.force_login(official)
    response = client.get(reverse("supervision:coverage"))
    assert [r.pk for r in response.context["rows"]] == [filed.pk]
    client.force_login(commission)
    response = client.get(reverse("supervision:coverage"))
    assert {r.pk for r in response.context["rows"]} == {filed.pk, other_filed.pk}
    response = client.get(reverse("supervision:coverage"), {"jurisdiction": baoping.pk})
    assert [r.pk for r in response.context["rows"]] == [other_filed.pk]
    response = client.get(reverse("supervision:coverage"), {"flag": "ok"})
    assert list(response.context["rows"]) == []


@pytest.mark.parametrize("rows", [5, 50])
def test_coverage_query_count_does_not_grow(
    client, official, operator, haibin, rows, django_assert_max_num_queries, commission
):
    for i in range(rows):
        institution = make_imported_institution(haibin, operator=operator)
        if i % 2:
            plan_services.set_inspection_frequency(by=commission, per_year=4, institution=institution)
        if i % 3 == 0:
            make_finished_inspection(institution, official, problems=0, inspected_on=days_ago(100))
    client.force_login(official)
    # Session, user, the second factor's device, frequency rules, the tab counts, the page of institutions, inbox
    # badge, jurisdiction choices, session save (+ savepoint).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("supervision:coverage"))
    assert response.context["total"] == rows


def test_the_commission_sets_the_plan(client, commission, official, filed):
    client.force_login(commission)
    url = reverse("supervision:inspection_plan")
    assert client.get(url).status_code == 200
    assert client.post(url, {"scope": "district", "per_year": 3}).status_code == 302
    assert InspectionFrequency.objects.get(category="", institution__isnull=True).per_year == 3
    client.post(url, {"scope": "category", "category": "family", "per_year": 4})
    client.post(url, {"scope": "institution", "institution": filed.pk, "per_year": 6})
    assert InspectionFrequency.objects.get(category="family").per_year == 4
    assert InspectionFrequency.objects.get(institution=filed).per_year == 6
    # Refused: a number that is not a divisor of 12, or a missing institution.
    response = client.post(url, {"scope": "institution", "per_year": 5})
    assert response.status_code == 200 and InspectionFrequency.objects.count() == 3
    with pytest.raises(inspections_services.InspectionError):
        plan_services.set_inspection_frequency(by=commission, per_year=5)
    with pytest.raises(PermissionDenied):
        plan_services.set_inspection_frequency(by=official, per_year=2)
    # The district default cannot be removed; a category's can.
    default = InspectionFrequency.objects.get(category="", institution__isnull=True)
    client.post(reverse("supervision:inspection_plan_delete", args=[default.pk]))
    assert InspectionFrequency.objects.filter(pk=default.pk).exists()
    family = InspectionFrequency.objects.get(category="family")
    client.post(reverse("supervision:inspection_plan_delete", args=[family.pk]))
    assert not InspectionFrequency.objects.filter(pk=family.pk).exists()


def test_finishing_an_older_inspection_later_keeps_the_latest_day(official, operator, haibin):
    institution = make_imported_institution(haibin, operator=operator)
    make_finished_inspection(institution, official, problems=0, inspected_on=days_ago(10))
    make_finished_inspection(institution, official, problems=0, inspected_on=days_ago(90))  # written up late
    make_draft_inspection(institution, official)  # a draft is no inspection yet
    institution.refresh_from_db()
    assert institution.last_inspected_on == days_ago(10)
    (row,) = plan_selectors.coverage(user=official, today=timezone.localdate(), institution=institution)
    assert row.last_inspected == days_ago(10)
