"""Operating reports (运营情况报送): one per month, seats and over-capacity, corrections, reminders, the lists."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Notification
from baodi_care.core import dates as core_dates
from institutions.choices import ClassType, InstitutionStatus
from institutions.models import OperatingReport
from institutions.register import services
from institutions.reports import selectors as reports_selectors
from institutions.reports import services as reports_services
from institutions.reports.selectors import due_operating_reports
from institutions.reports.services import (
    REPORT_CAREGIVERS_EXCEED_STAFF,
    REPORT_DUPLICATE,
    REPORT_FUTURE,
    REPORT_INCIDENT_NOTES,
    REPORT_LOCKED,
    REPORT_NOT_OPEN,
)
from institutions.templatetags import fees_reports as selectors_fees
from tests.builders.accounts import make_user
from tests.builders.register import make_imported_institution
from tests.builders.reports import figures, make_report
from tests.pages import assert_no_inline_code, feedback_after, messages_of, zh

pytestmark = pytest.mark.django_db


def post_data(period: str, **overrides) -> dict:
    return {"period": period, **figures(**overrides)}


@pytest.fixture
def filed(operator, haibin):
    """A filed institution with 15 seats (one toddler class)."""
    return make_imported_institution(haibin, operator=operator, name="海滨报送托育园")


LAST_MONTH = core_dates.previous_month(timezone.localdate())
TEN_SEATS = [{"name": "托小班", "class_type": ClassType.TODDLER, "seats": 10}]


# --- Months ------------------------------------------------------------------------------------------


def test_month_arithmetic():
    assert core_dates.previous_month(datetime.date(2026, 1, 20)) == datetime.date(2025, 12, 1)
    assert reports_selectors.report_due_date(datetime.date(2025, 12, 1)) == datetime.date(2026, 1, 10)
    assert reports_selectors.report_correctable_until(datetime.date(2026, 1, 1)) == datetime.date(2026, 2, 28)
    assert core_dates.add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)


# --- Submitting --------------------------------------------------------------------------------------------


def test_a_report_records_the_filed_seats_of_the_moment(filed, operator):
    services.add_class(institution=filed, by=operator, name="乳儿班", class_type=ClassType.INFANT, seats=10)
    report = make_report(filed, operator, period=datetime.date(2026, 3, 17), enrolled_infant=8)
    assert report.period == datetime.date(2026, 3, 1)  # the month, whatever day was given
    assert report.seats_at_submission == 25 and report.enrolled == 20 and not report.over_capacity
    assert report.submitted_by == operator


def test_a_month_is_reported_once(filed, operator):
    make_report(filed, operator, period=LAST_MONTH)
    with pytest.raises(ValidationError) as exc:
        make_report(filed, operator, period=LAST_MONTH)
    expected = str(REPORT_DUPLICATE) % {"institution": filed.name, "month": f"{LAST_MONTH:%Y-%m}"}
    assert exc.value.message_dict == {"period": [expected]}
    assert OperatingReport.objects.filter(institution=filed).count() == 1


def test_a_duplicate_month_is_shown_beside_the_month_field(client, filed, operator):
    make_report(filed, operator, period=LAST_MONTH)
    client.force_login(operator)
    response = client.post(reverse("institutions:report_new", args=[filed.pk]), post_data(f"{LAST_MONTH:%Y-%m}"))
    assert response.status_code == 200
    assert feedback_after(response, "period") == zh(
        REPORT_DUPLICATE, institution=filed.name, month=f"{LAST_MONTH:%Y-%m}"
    )
    assert OperatingReport.objects.filter(institution=filed).count() == 1


def test_a_future_month_is_refused(client, filed, operator):
    today = datetime.date(2026, 5, 20)
    with pytest.raises(ValidationError) as exc:
        reports_services.submit_operating_report(
            institution=filed, by=operator, period=datetime.date(2026, 6, 1), today=today, **figures()
        )
    assert exc.value.message_dict == {"period": [str(REPORT_FUTURE) % {"month": "2026-06"}]}
    # The month under way may be reported (e.g. on its last day).
    reports_services.submit_operating_report(
        institution=filed, by=operator, period=datetime.date(2026, 5, 1), today=today, **figures()
    )
    next_month = core_dates.add_months(timezone.localdate().replace(day=1), 1)
    client.force_login(operator)
    response = client.post(reverse("institutions:report_new", args=[filed.pk]), post_data(f"{next_month:%Y-%m}"))
    assert response.status_code == 200
    assert feedback_after(response, "period") == zh(REPORT_FUTURE, month=f"{next_month:%Y-%m}")
    assert not OperatingReport.objects.filter(institution=filed, period=next_month).exists()


def test_figures_must_add_up(client, filed, operator):
    client.force_login(operator)
    url = reverse("institutions:report_new", args=[filed.pk])
    response = client.post(url, post_data(f"{LAST_MONTH:%Y-%m}", staff_on_duty=2, caregivers_on_duty=3, incidents=1))
    assert feedback_after(response, "caregivers_on_duty") == zh(REPORT_CAREGIVERS_EXCEED_STAFF)
    assert feedback_after(response, "incident_notes") == zh(REPORT_INCIDENT_NOTES)
    response = client.post(url, post_data("2026-13"))
    assert feedback_after(response, "period")
    assert not OperatingReport.objects.exists()


def test_only_a_filed_institutions_operators_report(filed, operator, other_operator, official, institution):
    for user in (other_operator, official):
        with pytest.raises(PermissionDenied):
            make_report(filed, user)
    with pytest.raises(ValidationError) as exc:
        make_report(institution, operator)  # a draft institution
    assert exc.value.messages == [
        str(REPORT_NOT_OPEN) % {"institution": institution.name, "status": institution.get_status_display()}
    ]


def test_the_form_defaults_to_last_month_and_last_figures(client, filed, operator):
    make_report(filed, operator, period=core_dates.add_months(LAST_MONTH, -1), staff_on_duty=9)
    client.force_login(operator)
    html = client.get(reverse("institutions:report_new", args=[filed.pk])).content.decode()
    assert f'value="{LAST_MONTH:%Y-%m}"' in html and 'type="month"' in html
    assert re.search(r'name="staff_on_duty"[^>]*value="9"|value="9"[^>]*name="staff_on_duty"', html)


def test_the_path_through_the_pages(client, filed, operator):
    client.force_login(operator)
    response = client.post(reverse("institutions:report_new", args=[filed.pk]), post_data(f"{LAST_MONTH:%Y-%m}"))
    report = OperatingReport.objects.get(institution=filed)
    assert response["Location"] == reverse("institutions:report_detail", args=[report.pk])
    detail = client.get(response["Location"]).content.decode()
    assert 'id="enrolled-total">12 / 15<' in detail and 'id="report-correct"' in detail
    listing = client.get(reverse("institutions:report_list", args=[filed.pk])).content.decode()
    assert f'data-period="{LAST_MONTH:%Y-%m}"' in listing


# --- Over capacity --------------------------------------------------------------------------------------


def test_over_capacity_is_flagged_and_the_jurisdiction_told(client, filed, operator, official, other_official):
    client.force_login(operator)
    response = client.post(
        reverse("institutions:report_new", args=[filed.pk]), post_data(f"{LAST_MONTH:%Y-%m}", enrolled_toddler=18)
    )
    report = OperatingReport.objects.get(institution=filed)
    assert report.over_capacity and report.enrolled == 18 and report.seats_at_submission == 15
    assert response.status_code == 302
    notes = Notification.objects.filter(recipient=official)
    assert notes.count() == 1 and notes.get().url == reverse("institutions:report_detail", args=[report.pk])
    assert not Notification.objects.filter(recipient=other_official).exists()
    detail = client.get(reverse("institutions:report_detail", args=[report.pk])).content.decode()
    assert 'id="over-capacity"' in detail
    page = client.get(filed.get_absolute_url()).content.decode()
    card = page[page.index('id="fees-reports-card"') :]
    assert 'data-report-state="over_capacity"' in card
    client.force_login(official)
    html = client.get(reverse("institutions:report_status")).content.decode()
    assert re.search(rf'data-institution="{filed.pk}".*?data-report-state="over_capacity"', html, re.S)


def test_within_capacity_no_one_is_bothered(filed, operator, official):
    make_report(filed, operator, enrolled_toddler=15)
    assert not Notification.objects.filter(recipient=official).exists()


# --- Corrections ---------------------------------------------------------------------------------------


def test_a_report_can_be_corrected_until_the_end_of_the_next_month_with_history(filed, operator, official):
    report = make_report(filed, operator, period=datetime.date(2026, 3, 1))
    reports_services.correct_operating_report(
        report=report, by=operator, today=datetime.date(2026, 4, 30), **figures(enrolled_toddler=16)
    )
    report.refresh_from_db()
    assert report.enrolled == 16 and report.over_capacity and report.seats_at_submission == 15
    assert [h.enrolled_toddler for h in report.history.order_by("history_date")] == [12, 16]
    assert report.history.latest("history_date").history_user == operator
    # Going over capacity by a correction tells the jurisdiction too.
    assert Notification.objects.filter(recipient=official).count() == 1
    with pytest.raises(ValidationError) as exc:
        reports_services.correct_operating_report(
            report=report, by=operator, today=datetime.date(2026, 5, 1), **figures(enrolled_toddler=1)
        )
    assert exc.value.messages == [str(REPORT_LOCKED) % {"month": "2026-03", "date": "2026-04-30"}]
    report.refresh_from_db()
    assert report.enrolled == 16


def test_the_correction_page(client, filed, operator, other_operator):
    report = make_report(filed, operator)
    client.force_login(operator)
    url = reverse("institutions:report_edit", args=[report.pk])
    page = client.get(url).content.decode()
    assert 'name="period"' not in page  # the month is not changed by a correction
    response = client.post(url, figures(staff_on_duty=7))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.staff_on_duty == 7 and report.history.count() == 2
    client.force_login(other_operator)
    assert client.get(url).status_code == 404


def test_an_old_report_is_locked_on_the_page(client, filed, operator):
    report = make_report(filed, operator, period=datetime.date(2020, 1, 1))
    client.force_login(operator)
    response = client.get(reverse("institutions:report_edit", args=[report.pk]))
    assert response.status_code == 302
    assert zh(REPORT_LOCKED, month="2020-01", date="2020-02-29") in messages_of(response)
    detail = client.get(reverse("institutions:report_detail", args=[report.pk])).content.decode()
    assert 'id="report-correct"' not in detail


# --- Reminders -----------------------------------------------------------------------------------------


def test_due_operating_reports_lists_the_missing_pairs(operator, other_operator, haibin, baoping, institution):
    today = datetime.date(2026, 3, 5)
    reported = make_imported_institution(haibin, operator=operator, name="已报送园")
    missing = make_imported_institution(haibin, operator=operator, name="未报送园")
    elsewhere = make_imported_institution(baoping, operator=other_operator, name="宝平未报送园")
    suspended = make_imported_institution(haibin, operator=operator, name="暂停园", status=InstitutionStatus.SUSPENDED)
    reports_services.submit_operating_report(
        institution=reported, by=operator, period=datetime.date(2026, 2, 1), today=today, **figures()
    )
    # A report for another month does not count for February.
    reports_services.submit_operating_report(
        institution=missing, by=operator, period=datetime.date(2026, 1, 1), today=today, **figures()
    )
    due = due_operating_reports(today)
    assert set(due) == {(missing, datetime.date(2026, 2, 1)), (elsewhere, datetime.date(2026, 2, 1))}
    assert institution not in {i for i, _ in due} and suspended not in {i for i, _ in due}  # draft; suspended
    own = due_operating_reports(today, institutions=type(institution).objects.filter(jurisdiction=haibin))
    assert own == [(missing, datetime.date(2026, 2, 1))]
    assert due_operating_reports(
        datetime.date(2026, 1, 3), institutions=type(institution).objects.filter(pk=missing.pk)
    ) == [(missing, datetime.date(2025, 12, 1))]


@pytest.mark.parametrize(("day", "overdue"), [(10, False), (11, True)])
def test_the_operator_is_reminded_until_the_10th_then_told_it_is_overdue(filed, operator, day, overdue):
    today = datetime.date(2026, 4, day)
    alerts = selectors_fees.operator_alerts(user=operator, today=today)
    assert alerts["reports"] == [filed]
    assert alerts["period"] == datetime.date(2026, 3, 1) and alerts["overdue"] is overdue
    reports_services.submit_operating_report(
        institution=filed, by=operator, period=datetime.date(2026, 3, 1), today=today, **figures()
    )
    assert selectors_fees.operator_alerts(user=operator, today=today)["reports"] == []


def test_the_operators_home_and_institution_page_show_the_missing_report(client, filed, operator):
    client.force_login(operator)
    home = client.get(reverse("home")).content.decode()
    section = home[home.index('id="fee-report-alerts"') :]
    assert f'href="{reverse("institutions:report_new", args=[filed.pk])}"' in section
    page = client.get(filed.get_absolute_url()).content.decode()
    assert 'id="report-due-badge"' in page
    make_report(filed, operator)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("institutions:report_new", args=[filed.pk])}"' not in home
    assert 'id="report-due-badge"' not in client.get(filed.get_absolute_url()).content.decode()


# --- The official's list ------------------------------------------------------------------------------


def test_the_official_sees_who_has_not_reported(client, official, operator, other_operator, haibin, baoping):
    reported = make_imported_institution(haibin, operator=operator, name="已报送园")
    over = make_imported_institution(haibin, operator=operator, name="超员园", classes=TEN_SEATS)
    missing = make_imported_institution(haibin, operator=operator, name="未报送园")
    elsewhere = make_imported_institution(baoping, operator=other_operator, name="宝平园")
    make_report(reported, operator)
    make_report(over, operator, enrolled_toddler=11)
    make_report(elsewhere, other_operator)
    client.force_login(official)
    html = client.get(reverse("institutions:report_status")).content.decode()
    states = dict(re.findall(r'data-institution="(\d+)".*?data-report-state="(\w+)"', html, re.S))
    assert states == {str(reported.pk): "reported", str(over.pk): "over_capacity", str(missing.pk): "missing"}
    html = client.get(reverse("institutions:report_status"), {"state": "missing"}).content.decode()
    assert missing.name in html and reported.name not in html and over.name not in html
    # An earlier month: nobody has reported it.
    earlier = core_dates.add_months(LAST_MONTH, -1)
    html = client.get(reverse("institutions:report_status"), {"month": f"{earlier:%Y-%m}"}).content.decode()
    states = dict(re.findall(r'data-institution="(\d+)".*?data-report-state="(\w+)"', html, re.S))
    assert set(states.values()) == {"missing"} and len(states) == 3
    # A month that has not begun falls back to the month now due.
    future = core_dates.add_months(timezone.localdate().replace(day=1), 2)
    response = client.get(reverse("institutions:report_status"), {"month": f"{future:%Y-%m}"})
    assert response.context["period"] == LAST_MONTH and response.context["future_refused"]
    # Bad filter values never break the list.
    assert client.get(reverse("institutions:report_status"), {"month": "soon", "state": "x"}).status_code == 200


def test_the_officials_home_counts_last_months_reports(client, official, operator, haibin):
    make_report(make_imported_institution(haibin, operator=operator), operator, enrolled_toddler=20)
    make_imported_institution(haibin, operator=operator)
    client.force_login(official)
    html = client.get(reverse("home")).content.decode()
    assert re.search(r'id="reports-missing"><span[^>]*>1<', html)
    assert re.search(r'id="reports-over"><span[^>]*>1<', html)
    assert re.search(r'id="fees-none"><span[^>]*>2<', html)


def test_scoping_of_reports(client, filed, operator, other_operator, other_official, department):
    report = make_report(filed, operator)
    client.force_login(other_official)
    assert client.get(reverse("institutions:report_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("institutions:report_list", args=[filed.pk])).status_code == 404
    html = client.get(reverse("institutions:report_status")).content.decode()
    assert filed.name not in html
    # A member department reads the register, not the operating reports and their incident notes (DESIGN §1).
    client.force_login(department)
    assert client.get(reverse("institutions:report_detail", args=[report.pk])).status_code == 403
    assert client.get(reverse("institutions:report_edit", args=[report.pk])).status_code == 403
    client.force_login(make_user(Role.ADMIN, is_staff=True))
    assert client.get(reverse("institutions:report_detail", args=[report.pk])).status_code == 403


def test_pages_carry_no_inline_script_or_style(client, filed, operator, official):
    report = make_report(filed, operator)
    client.force_login(operator)
    for url in (
        reverse("institutions:report_list", args=[filed.pk]),
        reverse("institutions:report_new", args=[filed.pk]),
        reverse("institutions:report_detail", args=[report.pk]),
        reverse("institutions:report_edit", args=[report.pk]),
        reverse("home"),
        filed.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert_no_inline_code(html, url)
    client.force_login(official)
    for url in (reverse("institutions:report_status"), reverse("home")):
        html = client.get(url).content.decode()
        assert_no_inline_code(html, url)
