"""Registered but not filed (登记和备案办法 Art. 6): from an imported registration list, the institutions with 托育 in
their business scope and no filing, per 街镇; the commission reminds the 街镇; its officials record the follow-up."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baodi_care.accounts.models import Notification
from institutions.choices import FollowUpOutcome, InstitutionStatus, LegalForm
from institutions.demo import make_uscc
from institutions.models import Institution
from institutions.unfiled import selectors, services
from tests.builders.register import make_unfiled_registration


@pytest.fixture
def registered(haibin, baoping):
    return {
        "haibin": [make_unfiled_registration(haibin) for _ in range(2)],
        "baoping": make_unfiled_registration(baoping),
        "not_childcare": make_unfiled_registration(haibin, scope="教育咨询；文化艺术交流"),
    }


def test_the_list_holds_childcare_registrations_without_a_filing(commission, official, registered):
    unfiled = selectors.unfiled_registrations(user=commission)
    assert {i.pk for i in unfiled} == {*(i.pk for i in registered["haibin"]), registered["baoping"].pk}
    institution = registered["haibin"][0]
    assert institution.status == InstitutionStatus.DRAFT
    assert institution.registration.registered_on.isoformat() == "2024-03-01"
    # The official sees their 街镇's only.
    assert {i.pk for i in selectors.unfiled_registrations(user=official)} == {i.pk for i in registered["haibin"]}
    per_place = {row["jurisdiction"].name: row["total"] for row in selectors.unfiled_by_jurisdiction(user=commission)}
    assert per_place == {"海滨街道": 2, "宝平街道": 1}


def test_the_commission_reminds_the_officials_of_each_jurisdiction(commission, official, other_official, registered):
    assert services.remind_jurisdictions(by=commission) == 2
    mine = Notification.objects.get(recipient=official)
    assert mine.params["count"] == 2 and mine.url == reverse("institutions:unfiled_list")
    assert Notification.objects.get(recipient=other_official).params["count"] == 1
    with pytest.raises(PermissionDenied):
        services.remind_jurisdictions(by=official)


def test_the_scheduled_reminders_tell_each_jurisdiction_once_a_month_until_all_are_followed_up(
    official, other_official, registered
):
    import datetime

    from supervision.reminders.services import send_reminders

    day = datetime.date(2026, 12, 4)
    assert send_reminders(day, ["unfiled"])["unfiled"] == 2  # 海滨 and 宝平, one official each
    assert Notification.objects.get(recipient=official).params["count"] == 2
    assert send_reminders(day + datetime.timedelta(days=3), ["unfiled"])["unfiled"] == 0  # once a month
    for institution in registered["haibin"]:
        services.record_follow_up(institution=institution, by=official, outcome=FollowUpOutcome.CONTACTED)
    # Next month only 宝平 has one not followed up.
    assert send_reminders(datetime.date(2027, 1, 2), ["unfiled"])["unfiled"] == 1
    assert Notification.objects.filter(recipient=other_official).count() == 2
    assert Notification.objects.filter(recipient=official).count() == 1


def test_the_official_records_what_was_done_and_the_list_shows_it(client, official, other_official, registered):
    institution = registered["haibin"][0]
    with pytest.raises(PermissionDenied):
        services.record_follow_up(institution=institution, by=other_official, outcome=FollowUpOutcome.CONTACTED)

    client.force_login(official)
    page = reverse("institutions:unfiled_detail", args=[institution.pk])
    response = client.post(page, {"outcome": FollowUpOutcome.CONTACTED, "note": "电话联系，已告知备案要求"})
    assert response.status_code == 302
    listing = client.get(reverse("institutions:unfiled_list")).content.decode()
    row = listing.split(f'data-institution="{institution.pk}"')[1].split("</tr>")[0]
    assert "电话联系，已告知备案要求" in row
    assert "已告知备案要求" in client.get(page).content.decode()
    assert client.post(page, {"outcome": "nonsense"}).status_code == 200  # the form again, with the error


def test_a_commission_user_reads_the_follow_up_but_does_not_record_it(client, commission, registered):
    client.force_login(commission)
    page = reverse("institutions:unfiled_detail", args=[registered["baoping"].pk])
    assert 'id="follow-up-form"' not in client.get(page).content.decode()
    assert client.post(page, {"outcome": FollowUpOutcome.OTHER}).status_code == 403


def test_a_list_giving_a_filing_date_adds_nothing_to_follow_up(commission, registered):
    from institutions.imports.services import run_import
    from tests.institutions.imports.register_files import csv_bytes

    uscc = make_uscc(LegalForm.FOR_PROFIT, 960001)
    data = csv_bytes(
        [
            ["企业名称", "统一社会信用代码", "所属街道（镇）", "经营范围", "备案通过时间"],
            ["已备案托育", uscc, "海滨", "托育服务", "2024-06-01"],
        ]
    )
    run_import(data=data, file_name="filed.csv", by=commission)
    assert Institution.objects.get(uscc=uscc).status == InstitutionStatus.FILED
    assert uscc not in {i.uscc for i in selectors.unfiled_registrations(user=commission)}


def test_the_list_page_takes_the_same_queries_for_more_rows(client, commission, official, haibin):
    client.force_login(commission)
    url = reverse("institutions:unfiled_list")
    make_unfiled_registration(haibin)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        institution = make_unfiled_registration(haibin)
        services.record_follow_up(institution=institution, by=official, outcome=FollowUpOutcome.CONTACTED, note="x")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200 and institution.name in response.content.decode()
    assert len(many) == len(few)
