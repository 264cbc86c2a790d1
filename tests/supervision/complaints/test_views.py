"""The officials' complaint pages: scope, the detail page, the steps through the pages, linking, filters and
overdue flags, constant query counts (issue 4 §8)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from baodi_care.accounts.choices import Role
from supervision import choices as supervision_choices
from supervision.choices import ComplaintCategory, ComplaintStatus, RiskLevel
from supervision.complaints import services as complaints_services
from supervision.complaints.views import STEP_INCOMPLETE, STEP_UNREADABLE
from supervision.models import Complaint, Inspection
from tests.builders.complaints import make_complaint_about, make_complaint_elsewhere
from tests.builders.inspections import make_finished_inspection
from tests.builders.register import make_imported_institution
from tests.pages import assert_no_inline_code, messages_of, zh

pytestmark = pytest.mark.django_db

NOTE = "已电话联系举报人，核实午睡室值守安排。"
OUTCOME = "经现场检查，该机构午睡时段确有无人值守情况，已责令整改并复查合格。"


# --- The officials' pages -----------------------------------------------------------------------


def test_officials_see_their_jurisdiction_and_the_commission_everything(
    client, complaint, official, other_official, commission, baoping
):
    elsewhere = make_complaint_elsewhere(baoping)
    client.force_login(official)
    response = client.get(reverse("supervision:complaint_list"))
    assert [c.pk for c in response.context["complaints"]] == [complaint.pk]
    assert client.get(reverse("supervision:complaint_detail", args=[elsewhere.pk])).status_code == 404
    client.force_login(commission)
    response = client.get(reverse("supervision:complaint_list"))
    assert {c.pk for c in response.context["complaints"]} == {complaint.pk, elsewhere.pk}
    response = client.get(reverse("supervision:complaint_list"), {"jurisdiction": baoping.pk})
    assert [c.pk for c in response.context["complaints"]] == [elsewhere.pk]
    assert client.get(reverse("supervision:complaint_detail", args=[elsewhere.pk])).status_code == 200


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.DEPARTMENT, Role.ADMIN])
def test_other_roles_may_not_open_complaint_pages(client, complaint, users, role):
    client.force_login(users[role])
    assert client.get(reverse("supervision:complaint_list")).status_code == 403
    assert client.get(reverse("supervision:complaint_detail", args=[complaint.pk])).status_code == 403
    assert client.post(reverse("supervision:complaint_triage", args=[complaint.pk])).status_code == 403


def test_the_detail_page_shows_contact_data_to_the_official(client, complaint, official):
    client.force_login(official)
    html = client.get(reverse("supervision:complaint_detail", args=[complaint.pk])).content.decode()
    assert "陈家长" in html and "13700001111" in html
    assert 'action="{}"'.format(reverse("supervision:complaint_triage", args=[complaint.pk])) in html
    assert reverse("supervision:complaint_close", args=[complaint.pk]) not in html  # triage first
    query = f"?institution={complaint.institution_id}&amp;complaint={complaint.pk}"
    assert reverse("supervision:inspection_create") + query in html


def test_steps_through_the_pages(client, complaint, official):
    client.force_login(official)
    detail = reverse("supervision:complaint_detail", args=[complaint.pk])
    response = client.post(
        reverse("supervision:complaint_triage", args=[complaint.pk]), {"version": 1, "risk_level": "high", "note": "x"}
    )
    assert response.status_code == 302 and response["Location"] == detail
    response = client.post(reverse("supervision:complaint_handle", args=[complaint.pk]), {"version": 2, "note": NOTE})
    assert response.status_code == 302
    # No outcome: the page comes back with the error and the note typed, nothing saved.
    response = client.post(
        reverse("supervision:complaint_close", args=[complaint.pk]), {"version": 3, "outcome": "", "note": "内部"}
    )
    assert response.status_code == 200
    assert zh(STEP_INCOMPLETE) in messages_of(response)
    assert zh(complaints_services.COMPLAINT_OUTCOME_REQUIRED) in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.IN_PROGRESS
    response = client.post(
        reverse("supervision:complaint_close", args=[complaint.pk]), {"version": 3, "outcome": OUTCOME}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == (ComplaintStatus.CLOSED, OUTCOME)
    html = client.get(detail).content.decode()
    assert NOTE in html and OUTCOME in html
    assert 'id="open-inspection"' not in html  # closed


def test_a_stale_or_broken_step_is_refused_with_a_message(client, complaint, official):
    client.force_login(official)
    url = reverse("supervision:complaint_triage", args=[complaint.pk])
    response = client.post(url, {})
    assert response.status_code == 302
    assert zh(STEP_UNREADABLE) in messages_of(response)
    client.post(url, {"version": 1, "risk_level": "low"})
    response = client.post(url, {"version": 1, "risk_level": "urgent"})
    assert response.status_code == 302
    triaged = zh(supervision_choices.COMPLAINT_STATUS_LABELS[ComplaintStatus.TRIAGED])
    assert zh(complaints_services.COMPLAINT_CHANGED % {"status": triaged}) in messages_of(response)
    assert Complaint.objects.get(pk=complaint.pk).risk_level == RiskLevel.LOW
    response = client.post(reverse("supervision:complaint_handle", args=[complaint.pk]), {"version": 2, "note": ""})
    assert response.status_code == 200


def test_linking_through_the_page(client, complaint, official, filed_institution):
    inspection = make_finished_inspection(filed_institution)
    client.force_login(official)
    detail = client.get(reverse("supervision:complaint_detail", args=[complaint.pk]))
    assert detail.context["has_linkable"]
    response = client.post(
        reverse("supervision:complaint_link", args=[complaint.pk]), {"version": 1, "inspection": inspection.pk}
    )
    assert response.status_code == 302
    html = client.get(reverse("supervision:complaint_detail", args=[complaint.pk])).content.decode()
    assert reverse("supervision:inspection_detail", args=[inspection.pk]) in html


def test_filters_search_and_urgent_first(client, official, filed_institution, haibin):
    low = make_complaint_about(filed_institution, category=ComplaintCategory.FEES)
    urgent = make_complaint_about(filed_institution)
    untriaged = make_complaint_elsewhere(haibin, name="幸福里看护点")
    closed = make_complaint_about(filed_institution)
    complaints_services.triage_complaint(complaint=low, by=official, risk_level=RiskLevel.LOW, version=1)
    complaints_services.triage_complaint(complaint=urgent, by=official, risk_level=RiskLevel.URGENT, version=1)
    complaints_services.triage_complaint(complaint=closed, by=official, risk_level=RiskLevel.URGENT, version=1)
    complaints_services.close_complaint(complaint=closed, by=official, outcome=OUTCOME, version=2)
    client.force_login(official)

    def listed(**params):
        response = client.get(reverse("supervision:complaint_list"), params)
        assert response.status_code == 200
        return [c.pk for c in response.context["complaints"]]

    assert listed() == [urgent.pk, untriaged.pk, low.pk, closed.pk]
    assert listed(status="closed") == [closed.pk]
    assert listed(risk_level="none") == [untriaged.pk]
    assert listed(risk_level="urgent") == [urgent.pk, closed.pk]
    assert listed(category=ComplaintCategory.FEES) == [low.pk]
    assert listed(q=urgent.tracking_code.lower()) == [urgent.pk]
    assert listed(q="幸福里") == [untriaged.pk]
    assert set(listed(q=filed_institution.name[:4])) == {urgent.pk, low.pk, closed.pk}


def test_overdue_complaints_are_flagged(client, official, filed_institution, settings):
    settings.COMPLAINT_HANDLING_WORKING_DAYS = 15
    old = make_complaint_about(filed_institution)
    recent = make_complaint_about(filed_institution)
    old_closed = make_complaint_about(filed_institution)
    long_ago = timezone.now() - datetime.timedelta(days=40)
    Complaint.objects.filter(pk__in=[old.pk, old_closed.pk]).update(received_at=long_ago)  # time travel
    complaints_services.triage_complaint(complaint=old_closed, by=official, risk_level=RiskLevel.LOW, version=1)
    complaints_services.close_complaint(complaint=old_closed, by=official, outcome=OUTCOME, version=2)
    client.force_login(official)
    response = client.get(reverse("supervision:complaint_list"), {"overdue": "yes"})
    assert [c.pk for c in response.context["complaints"]] == [old.pk]
    assert response.context["complaints"][0].overdue
    assert response.context["counts"]["overdue"] == 1
    response = client.get(reverse("supervision:complaint_list"), {"overdue": "no"})
    assert {c.pk for c in response.context["complaints"]} == {recent.pk, old_closed.pk}


def test_the_overdue_boundary_agrees_with_the_working_day_count(settings):
    from institutions.calendar.workdays import working_days_between
    from supervision.complaints.selectors import overdue_since

    settings.COMPLAINT_HANDLING_WORKING_DAYS = 15
    today = datetime.date(2026, 10, 12)  # right after the National Day holiday
    boundary = overdue_since(today)
    assert working_days_between(boundary, today) > 15
    assert working_days_between(boundary + datetime.timedelta(days=1), today) <= 15


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("supervision:complaint_list"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.COMMISSION])
def test_the_list_runs_a_fixed_number_of_queries(client, users, filed_institution, haibin, role):
    def build(n: int) -> None:
        for i in range(n):
            if i % 3:
                make_complaint_about(filed_institution)
            else:
                make_complaint_elsewhere(haibin)

    client.force_login(users[role])
    build(5)
    small = _list_queries(client)
    build(45)
    large = _list_queries(client)
    print(f"complaint list queries ({role}): 5 rows {small}, 50 rows {large}")
    assert large == small
    assert small <= 13, small  # 13: the second factor's device is one of them


def test_the_officials_home_shows_open_complaints(client, official, complaint, filed_institution):
    make_complaint_about(filed_institution)
    complaints_services.triage_complaint(complaint=complaint, by=official, risk_level=RiskLevel.URGENT, version=1)
    client.force_login(official)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert 'id="open-complaints-card"' in html
    assert reverse("supervision:complaint_list") in html


def test_the_public_register_link_is_everywhere(client, official):
    assert reverse("public:register") in client.get(reverse("accounts:login")).content.decode()
    client.force_login(official)
    html = client.get(reverse("home")).content.decode()
    assert reverse("public:register") in html
    assert 'id="nav-complaints"' in html


def test_complaint_pages_carry_no_inline_script_or_style(client, complaint, official):
    client.force_login(official)
    for url in (reverse("supervision:complaint_list"), reverse("supervision:complaint_detail", args=[complaint.pk])):
        assert_no_inline_code(client.get(url).content.decode(), url)


def test_an_inspection_opened_from_a_complaint_is_linked_to_it(client, official, operator):
    """The official's "open an inspection" button carries the complaint through to the new inspection."""
    institution = make_imported_institution(official.jurisdiction, operator=operator)
    complaint = make_complaint_about(institution, category="safety", description="楼梯无护栏")
    client.force_login(official)
    url = reverse("supervision:inspection_create") + f"?complaint={complaint.pk}"
    page = client.get(url)
    assert complaint.tracking_code in page.content.decode()
    response = client.post(
        url,
        {"institution": institution.pk, "mode": "unannounced", "kind": "special", "inspected_on": "2026-11-20",
         "inspectors": "张敏", "complaint": complaint.pk},
    )  # fmt: skip
    assert response.status_code == 302
    inspection = Inspection.objects.get(institution=institution)
    assert inspection.complaint == complaint
    assert complaint.events.filter(note__contains=f"#{inspection.pk}").exists()
