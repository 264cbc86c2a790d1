"""The commission's holiday table (节假日调休): who may edit it, adding and deleting days, what a day moves, which years
chinese-calendar knows (issue 3 §9)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from institutions.calendar.services import CALENDAR_DAY_EXISTS
from institutions.calendar.workdays import add_working_days
from institutions.models import CalendarDay

pytestmark = pytest.mark.django_db

# --- Holiday table ------------------------------------------------------------------------------


def test_holiday_table_is_for_the_commission_only(client, official):
    client.force_login(official)
    assert client.get(reverse("supervision:holiday_list")).status_code == 403


def test_commission_adds_and_deletes_a_holiday(client, commission):
    client.force_login(commission)
    url = reverse("supervision:holiday_list")
    response = client.post(url, {"date": "2027-10-04", "name": "国庆节"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?year=2027"
    day = CalendarDay.objects.get(date=datetime.date(2027, 10, 4))
    assert day.is_workday is False
    assert day.history.first().history_user == commission

    page = client.get(url, {"year": 2027})
    assert 'data-date="2027-10-04"' in page.content.decode()

    duplicate = client.post(url, {"date": "2027-10-04", "is_workday": "on", "name": "调休"})
    assert duplicate.status_code == 200
    with translation.override("zh-hans"):
        expected = str(CALENDAR_DAY_EXISTS % {"date": datetime.date(2027, 10, 4), "entry": "国庆节"})
    assert expected in duplicate.content.decode()
    assert CalendarDay.objects.count() == 1

    response = client.post(reverse("supervision:holiday_delete", args=[day.pk]))
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()


def test_an_empty_holiday_form_is_shown_again_with_errors(client, commission):
    client.force_login(commission)
    response = client.post(reverse("supervision:holiday_list"), {})
    assert response.status_code == 200
    assert response.context["form"].errors["date"]


def test_an_added_holiday_moves_a_deadline(client, commission):
    start = datetime.date(2027, 3, 1)  # a Monday of a year chinese-calendar does not know
    before = add_working_days(start, 5)
    assert before == datetime.date(2027, 3, 8)
    client.force_login(commission)
    client.post(reverse("supervision:holiday_list"), {"date": "2027-03-03", "name": "测试假日"})
    assert add_working_days(start, 5) == datetime.date(2027, 3, 9)
    # A 调休 Saturday worked brings it back.
    client.post(reverse("supervision:holiday_list"), {"date": "2027-03-06", "is_workday": "on", "name": "调休"})
    assert add_working_days(start, 5) == datetime.date(2027, 3, 8)


def test_holiday_page_says_whether_chinese_calendar_knows_the_year(client, commission):
    client.force_login(commission)
    url = reverse("supervision:holiday_list")
    known = client.get(url, {"year": 2025})
    assert known.context["known"] is True
    assert 'id="calendar-known"' in known.content.decode()
    assert known.context["schedule"]["holidays"]
    unknown = client.get(url, {"year": 2040})
    assert unknown.context["known"] is False
    assert 'id="calendar-unknown"' in unknown.content.decode()
    assert client.get(url, {"year": "abc"}).status_code == 200
