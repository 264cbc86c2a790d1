"""Complaints (投诉举报), from the public form to the official's outcome (issue 4 §7–8): routing, notification,
the rate limit, the status page, the transitions and their refusals, the officials' list and detail pages."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Notification
from supervision import choices as supervision_choices
from supervision.choices import ComplaintAction, ComplaintCategory, ComplaintStatus, RiskLevel
from supervision.complaints import services as complaints_services
from supervision.complaints.views import STEP_INCOMPLETE, STEP_UNREADABLE
from supervision.models import Complaint, ComplaintEvent, Inspection
from supervision.public import views as public_views
from tests import factories
from tests.public_helpers import (
    complaint_about,
    complaint_elsewhere,
    filed,
    finished_inspection,
    new_filed_institution,
)

pytestmark = pytest.mark.django_db

NOTE = "已电话联系举报人，核实午睡室值守安排。"
OUTCOME = "经现场检查，该机构午睡时段确有无人值守情况，已责令整改并复查合格。"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The rate limit lives in the cache: every test starts with none of its neighbours' complaints."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def filed_institution(institution, operator):
    """The operator's institution in 海滨 (the official's jurisdiction), filed."""
    return filed(institution, operator)


@pytest.fixture
def other_filed(other_institution, other_operator, other_official):
    return filed(other_institution, other_operator)


def zh(text) -> str:
    with translation.override("zh-hans"):
        return str(text)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def form_data(**overrides) -> dict:
    return {
        "category": ComplaintCategory.CARE,
        "description": "孩子多次午睡后身上有淤青，老师说不清原因。",
        "contact_name": "陈家长",
        "contact_phone": "137 0000 1111",
        **overrides,
    }


def post_complaint(client, **overrides):
    return client.post(reverse("public:complaint_create"), form_data(**overrides))


# --- The public form -----------------------------------------------------------------------------


def test_the_form_opens_prefilled_from_the_institution_page(client, filed_institution):
    response = client.get(reverse("public:complaint_create"), {"institution": filed_institution.pk})
    assert response.status_code == 200
    assert response.context["institution"].name == filed_institution.name
    html = response.content.decode()
    assert 'id="complaint-institution"' in html
    assert 'name="institution_name"' not in html


def test_a_complaint_about_an_institution_is_routed_to_its_jurisdiction(
    client, filed_institution, official, other_official
):
    response = post_complaint(client, institution=filed_institution.pk, jurisdiction="")
    assert response.status_code == 302
    assert response["Location"] == reverse("public:complaint_received")
    complaint = Complaint.objects.get()
    assert complaint.institution == filed_institution
    assert complaint.jurisdiction == filed_institution.jurisdiction
    assert complaint.status == ComplaintStatus.RECEIVED
    assert complaint.contact_phone == "137 0000 1111"
    assert list(complaint.events.values_list("action", "to_status", "by")) == [("submit", "received", None)]
    # The officials of the jurisdiction are told; nobody else.
    note = Notification.objects.get(recipient=official)
    assert complaint.tracking_code in note.text
    assert note.url == reverse("supervision:complaint_detail", args=[complaint.pk])
    assert not Notification.objects.filter(recipient=other_official).exists()

    received = client.get(response["Location"])
    html = received.content.decode()
    assert complaint.tracking_code in html
    assert f"{reverse('public:complaint_status')}?code={complaint.tracking_code}" in html


def test_the_jurisdiction_chosen_by_the_complainant_cannot_reroute_a_registered_institution(
    client, filed_institution, baoping
):
    post_complaint(client, institution=filed_institution.pk, jurisdiction=baoping.pk)
    assert Complaint.objects.get().jurisdiction == filed_institution.jurisdiction


def test_a_complaint_about_an_unregistered_place(client, baoping, other_official, official):
    response = post_complaint(client, institution_name="碧水园小区家庭看护", jurisdiction=baoping.pk)
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.institution is None
    assert complaint.institution_name == "碧水园小区家庭看护"
    assert complaint.jurisdiction == baoping
    assert Notification.objects.filter(recipient=other_official).exists()
    assert not Notification.objects.filter(recipient=official).exists()


def test_without_an_official_in_post_the_commission_receives_the_complaint(client, commission):
    jurisdiction = factories.jurisdiction("120115101000")  # 大口屯镇: nobody signed up there
    post_complaint(client, institution_name="某托育点", jurisdiction=jurisdiction.pk)
    assert Notification.objects.filter(recipient=commission).exists()


def test_the_place_is_required(client):
    response = post_complaint(client, institution_name="", jurisdiction="")
    assert response.status_code == 200
    assert zh(complaints_services.COMPLAINT_PLACE_REQUIRED) in response.content.decode()
    assert not Complaint.objects.exists()


def test_bad_input_gets_clear_errors_and_nothing_is_saved(client, filed_institution):
    response = post_complaint(client, institution=filed_institution.pk, description="", contact_phone="call me")
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"description", "contact_phone"}
    # What was typed is still there, and so is the institution.
    assert response.context["institution"].pk == filed_institution.pk
    assert not Complaint.objects.exists()


def test_an_institution_not_on_the_register_cannot_be_chosen(client, operator, haibin):
    draft = factories.make_institution(operator=operator, jurisdiction=haibin)
    response = client.get(reverse("public:complaint_create"), {"institution": draft.pk})
    assert response.context["institution"] is None
    response = post_complaint(client, institution=draft.pk)
    assert response.status_code == 200
    assert 'id="form-errors"' in response.content.decode()
    assert 'name="institution_name"' in response.content.decode()
    assert not Complaint.objects.exists()


def test_name_and_phone_are_optional(client, filed_institution):
    response = post_complaint(client, institution=filed_institution.pk, contact_name="", contact_phone="")
    assert response.status_code == 302
    assert Complaint.objects.get().contact_name == ""


def test_the_received_page_without_a_complaint_goes_to_the_status_page(client):
    response = client.get(reverse("public:complaint_received"))
    assert response.status_code == 302
    assert response["Location"] == reverse("public:complaint_status")


# --- Rate limit ----------------------------------------------------------------------------------


def test_the_sixth_complaint_within_the_hour_is_refused_and_not_saved(client, settings, filed_institution):
    settings.COMPLAINT_RATE_LIMIT_PER_HOUR = 5
    for _ in range(5):
        assert post_complaint(client, institution=filed_institution.pk).status_code == 302
    response = post_complaint(client, institution=filed_institution.pk)
    assert response.status_code == 429
    assert zh(public_views.COMPLAINT_RATE_LIMITED) in response.content.decode()
    assert Complaint.objects.count() == 5


def test_the_limit_is_per_client_address(client, settings, filed_institution):
    settings.COMPLAINT_RATE_LIMIT_PER_HOUR = 2
    for _ in range(2):
        post_complaint(client, institution=filed_institution.pk)
    assert post_complaint(client, institution=filed_institution.pk).status_code == 429
    other = client.post(
        reverse("public:complaint_create"), form_data(institution=filed_institution.pk), REMOTE_ADDR="10.1.2.3"
    )
    assert other.status_code == 302
    # A forwarded-for header does not open a new allowance.
    forged = client.post(
        reverse("public:complaint_create"),
        form_data(institution=filed_institution.pk),
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert forged.status_code == 429
    assert Complaint.objects.count() == 3


def test_the_allowance_comes_back_after_an_hour(client, settings, filed_institution, monkeypatch):
    settings.COMPLAINT_RATE_LIMIT_PER_HOUR = 1
    start = 1_800_000_000.0
    monkeypatch.setattr(public_views.time, "time", lambda: start)
    assert post_complaint(client, institution=filed_institution.pk).status_code == 302
    monkeypatch.setattr(public_views.time, "time", lambda: start + 3599)
    assert post_complaint(client, institution=filed_institution.pk).status_code == 429
    monkeypatch.setattr(public_views.time, "time", lambda: start + 3601)
    assert post_complaint(client, institution=filed_institution.pk).status_code == 302


def test_rejected_forms_do_not_use_up_the_allowance(client, settings, filed_institution):
    settings.COMPLAINT_RATE_LIMIT_PER_HOUR = 1
    for _ in range(3):
        assert post_complaint(client, institution=filed_institution.pk, description="").status_code == 200
    assert post_complaint(client, institution=filed_institution.pk).status_code == 302


# --- Status page ---------------------------------------------------------------------------------


def status(client, code):
    return client.get(reverse("public:complaint_status"), {"code": code})


def test_the_status_page_shows_status_and_dates_but_nothing_internal(client, filed_institution, official):
    complaint = complaint_about(filed_institution)
    complaints_services.triage_complaint(
        complaint=complaint, by=official, risk_level=RiskLevel.HIGH, note="内部：疑似虐童", version=1
    )
    complaints_services.record_handling(complaint=complaint, by=official, note=NOTE, version=complaint.version)
    response = status(client, complaint.tracking_code)
    assert response.status_code == 200
    html = response.content.decode()
    assert zh(supervision_choices.COMPLAINT_STATUS_LABELS[ComplaintStatus.IN_PROGRESS]) in html
    assert filed_institution.name in html
    for secret in (
        "疑似虐童",
        NOTE,
        "陈家长",
        "13700001111",
        complaint.description,
        zh(RiskLevel.HIGH.label),
        official.full_name,
    ):
        assert secret not in html, secret
    assert 'id="complaint-outcome"' not in html
    assert len(response.context["complaint"]["steps"]) == 3


def test_the_outcome_appears_once_closed(client, filed_institution, official):
    complaint = complaint_about(filed_institution)
    complaints_services.triage_complaint(complaint=complaint, by=official, risk_level=RiskLevel.MEDIUM, version=1)
    complaints_services.close_complaint(
        complaint=complaint, by=official, outcome=OUTCOME, note="内部备注：已约谈负责人", version=complaint.version
    )
    html = status(client, complaint.tracking_code).content.decode()
    assert OUTCOME in html
    assert "约谈" not in html
    assert zh(supervision_choices.COMPLAINT_STATUS_LABELS[ComplaintStatus.CLOSED]) in html


def test_codes_are_read_as_people_type_them(client, filed_institution):
    complaint = complaint_about(filed_institution)
    code = complaint.tracking_code
    spaced = f" {code[:5].lower()}-{code[5:]} "
    assert status(client, spaced).context["complaint"]["code"] == code


def test_an_unknown_code_gets_a_clear_message(client, filed_institution):
    complaint_about(filed_institution)
    for code in ("ABCDEFGHJK", "x", "<script>", "A" * 200):
        response = status(client, code)
        assert response.status_code == 404
        assert zh(public_views.COMPLAINT_CODE_UNKNOWN) in response.content.decode()
    assert status(client, "").status_code == 200
    assert client.get(reverse("public:complaint_status")).status_code == 200


# --- Services: transitions -----------------------------------------------------------------------


@pytest.fixture
def complaint(filed_institution):
    return complaint_about(filed_institution)


def test_the_whole_way_with_events_and_history(complaint, official):
    complaints_services.triage_complaint(complaint=complaint, by=official, risk_level=RiskLevel.URGENT, version=1)
    complaints_services.triage_complaint(
        complaint=complaint, by=official, risk_level=RiskLevel.HIGH, version=2, note="复核"
    )
    complaints_services.record_handling(complaint=complaint, by=official, note=NOTE, version=3)
    complaints_services.record_handling(complaint=complaint, by=official, note="再次回访", version=4)
    complaints_services.close_complaint(complaint=complaint, by=official, outcome=OUTCOME, version=5)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.risk_level, complaint.outcome, complaint.version) == (
        ComplaintStatus.CLOSED, RiskLevel.HIGH, OUTCOME, 6,
    )  # fmt: skip
    assert complaint.closed_at is not None
    events = list(complaint.events.values_list("action", "from_status", "to_status", "by"))
    assert events == [
        ("submit", "", "received", None),
        ("triage", "received", "triaged", official.pk),
        ("triage", "triaged", "triaged", official.pk),
        ("handle", "triaged", "in_progress", official.pk),
        ("handle", "in_progress", "in_progress", official.pk),
        ("close", "in_progress", "closed", official.pk),
    ]
    assert zh(RiskLevel.URGENT.label) in complaint.events.filter(action="triage").first().note
    assert complaint.history.filter(history_user=official).count() == 5
    # The complainant's phone stays out of the history table.
    assert not hasattr(complaint.history.first(), "contact_phone")


def test_closing_straight_after_triage_is_allowed(complaint, official):
    complaints_services.triage_complaint(complaint=complaint, by=official, risk_level=RiskLevel.LOW, version=1)
    complaints_services.close_complaint(complaint=complaint, by=official, outcome="经核实不属实。", version=2)
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.CLOSED


@pytest.mark.parametrize(
    ("steps", "action"),
    [
        ([], "handle"),
        ([], "close"),
        (["triage", "handle"], "triage"),
        (["triage", "close"], "triage"),
        (["triage", "close"], "handle"),
        (["triage", "close"], "close"),
    ],
)
def test_forbidden_transitions_are_refused(complaint, official, steps, action):
    do = {
        "triage": lambda v: complaints_services.triage_complaint(
            complaint=complaint, by=official, risk_level="low", version=v
        ),
        "handle": lambda v: complaints_services.record_handling(complaint=complaint, by=official, note=NOTE, version=v),
        "close": lambda v: complaints_services.close_complaint(
            complaint=complaint, by=official, outcome=OUTCOME, version=v
        ),
    }
    for step in steps:
        do[step](complaint.version)
    before = (complaint.status, complaint.version, complaint.events.count())
    with pytest.raises(complaints_services.ComplaintError) as exc:
        do[action](complaint.version)
    fresh = Complaint.objects.get(pk=complaint.pk)
    expected = complaints_services.COMPLAINT_ILLEGAL_TRANSITION % {
        "status": supervision_choices.COMPLAINT_STATUS_LABELS[fresh.status],
        "action": ComplaintAction(action).label,
    }
    assert exc.value.messages == [str(expected)]
    assert (fresh.status, fresh.version, fresh.events.count()) == before


def test_a_stale_version_is_refused(complaint, official, commission):
    complaints_services.triage_complaint(complaint=complaint, by=official, risk_level=RiskLevel.LOW, version=1)
    stale = Complaint.objects.get(pk=complaint.pk)
    stale.version = 1  # a page opened before the triage
    with pytest.raises(complaints_services.StaleComplaintError):
        complaints_services.close_complaint(complaint=stale, by=commission, outcome=OUTCOME, version=1)
    with pytest.raises(complaints_services.StaleComplaintError):
        complaints_services.close_complaint(complaint=complaint, by=commission, outcome=OUTCOME, version="not a number")
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.TRIAGED


def test_two_officials_at_once_cannot_both_win(complaint, official):
    first = Complaint.objects.get(pk=complaint.pk)
    second = Complaint.objects.get(pk=complaint.pk)
    complaints_services.triage_complaint(complaint=first, by=official, risk_level=RiskLevel.LOW, version=1)
    # The second copy still says version 1: only the database's conditional update can tell.
    with pytest.raises(complaints_services.StaleComplaintError):
        complaints_services.triage_complaint(complaint=second, by=official, risk_level=RiskLevel.URGENT, version=1)
    assert Complaint.objects.get(pk=complaint.pk).risk_level == RiskLevel.LOW


def test_only_officials_of_the_jurisdiction_and_the_commission_handle(complaint, other_official, commission, operator):
    for outsider in (other_official, operator, factories.make_user(Role.DEPARTMENT)):
        with pytest.raises(complaints_services.ComplaintError) as exc:
            complaints_services.triage_complaint(complaint=complaint, by=outsider, risk_level=RiskLevel.LOW, version=1)
        assert exc.value.messages == [str(complaints_services.COMPLAINT_NOT_YOURS)]
    complaints_services.triage_complaint(complaint=complaint, by=commission, risk_level=RiskLevel.LOW, version=1)


def test_required_texts(complaint, official):
    with pytest.raises(complaints_services.ComplaintError):
        complaints_services.triage_complaint(complaint=complaint, by=official, risk_level="", version=1)
    complaints_services.triage_complaint(complaint=complaint, by=official, risk_level=RiskLevel.LOW, version=1)
    with pytest.raises(complaints_services.ComplaintError):
        complaints_services.record_handling(complaint=complaint, by=official, note="  ", version=2)
    with pytest.raises(complaints_services.ComplaintError):
        complaints_services.close_complaint(complaint=complaint, by=official, outcome="", version=2)
    assert Complaint.objects.get(pk=complaint.pk).version == 2


def test_an_urgent_triage_tells_the_commission(complaint, official, commission):
    complaints_services.triage_complaint(complaint=complaint, by=official, risk_level=RiskLevel.URGENT, version=1)
    assert any(complaint.tracking_code in n.text for n in Notification.objects.filter(recipient=commission))


def test_submit_needs_a_place(haibin):
    with pytest.raises(complaints_services.ComplaintError):
        complaints_services.submit_complaint(category=ComplaintCategory.OTHER, description="x", institution_name="某处")
    with pytest.raises(complaints_services.ComplaintError):
        complaints_services.submit_complaint(category=ComplaintCategory.OTHER, description="x", jurisdiction=haibin)
    with pytest.raises(ValidationError):
        complaints_services.submit_complaint(
            category="nonsense", description="x", institution_name="某处", jurisdiction=haibin
        )
    assert not Complaint.objects.exists()


def test_link_an_inspection_of_the_same_institution(complaint, official, filed_institution, other_filed):
    inspection = finished_inspection(filed_institution)
    complaints_services.link_inspection(complaint=complaint, by=official, inspection=inspection, version=1)
    assert Inspection.objects.get(pk=inspection.pk).complaint == complaint
    assert complaint.events.filter(action=complaints_services.LINK_INSPECTION).exists()
    elsewhere = finished_inspection(other_filed)
    with pytest.raises(complaints_services.ComplaintError) as exc:
        complaints_services.link_inspection(complaint=complaint, by=official, inspection=elsewhere, version=2)
    assert exc.value.messages == [str(complaints_services.INSPECTION_OTHER_INSTITUTION)]
    other = complaint_about(filed_institution)
    with pytest.raises(complaints_services.ComplaintError):
        complaints_services.link_inspection(complaint=other, by=official, inspection=inspection, version=1)


def test_nothing_can_be_linked_to_a_closed_complaint(complaint, official, filed_institution):
    complaints_services.triage_complaint(complaint=complaint, by=official, risk_level=RiskLevel.LOW, version=1)
    complaints_services.close_complaint(complaint=complaint, by=official, outcome=OUTCOME, version=2)
    inspection = finished_inspection(filed_institution)
    with pytest.raises(complaints_services.ComplaintError):
        complaints_services.link_inspection(complaint=complaint, by=official, inspection=inspection, version=3)


# --- The officials' pages -----------------------------------------------------------------------


def test_officials_see_their_jurisdiction_and_the_commission_everything(
    client, complaint, official, other_official, commission, baoping
):
    elsewhere = complaint_elsewhere(baoping)
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
    inspection = finished_inspection(filed_institution)
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
    low = complaint_about(filed_institution, category=ComplaintCategory.FEES)
    urgent = complaint_about(filed_institution)
    untriaged = complaint_elsewhere(haibin, name="幸福里看护点")
    closed = complaint_about(filed_institution)
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
    old = complaint_about(filed_institution)
    recent = complaint_about(filed_institution)
    old_closed = complaint_about(filed_institution)
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
                complaint_about(filed_institution)
            else:
                complaint_elsewhere(haibin)

    client.force_login(users[role])
    build(5)
    small = _list_queries(client)
    build(45)
    large = _list_queries(client)
    print(f"complaint list queries ({role}): 5 rows {small}, 50 rows {large}")
    assert large == small
    assert small <= 12, small


def test_the_officials_home_shows_open_complaints(client, official, complaint, filed_institution):
    complaint_about(filed_institution)
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


def test_new_filed_institution_helper_routes_by_jurisdiction(client, other_operator, baoping, other_official):
    institution = new_filed_institution(other_operator, baoping)
    complaint = complaint_about(institution)
    assert complaint.jurisdiction == baoping
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == 1


def test_a_closed_complaint_never_reads_as_a_deregistered_institution():
    from institutions.choices import InstitutionStatus

    with translation.override("en"):
        institution_words = {str(label) for label in InstitutionStatus.labels}
        assert not institution_words & {str(label) for label in supervision_choices.COMPLAINT_STATUS_LABELS.values()}
    assert set(supervision_choices.COMPLAINT_STATUS_LABELS) == set(ComplaintStatus.values)


def test_an_inspection_opened_from_the_complaint_is_in_its_history(complaint, official, filed_institution):
    # create_inspection(complaint=...) records the step in the complaint's history itself.
    inspection = finished_inspection(filed_institution, complaint=complaint)
    assert list(complaint.inspections.all()) == [inspection]
    event = complaint.events.get(action=complaints_services.LINK_INSPECTION)
    assert (event.from_status, event.to_status, event.by) == (
        ComplaintStatus.RECEIVED,
        ComplaintStatus.RECEIVED,
        inspection.created_by,
    )


def test_complaint_pages_carry_no_inline_script_or_style(client, complaint, official):
    import re

    client.force_login(official)
    for url in (reverse("supervision:complaint_list"), reverse("supervision:complaint_detail", args=[complaint.pk])):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\sstyle=\"", html), url


def test_an_inspection_opened_from_a_complaint_is_linked_to_it(client, official, operator):
    """The official's "open an inspection" button carries the complaint through to the new inspection."""
    from django.urls import reverse

    from supervision.models import Complaint, Inspection
    from tests.supervision import inspection_helpers

    institution = inspection_helpers.filed_institution(operator, official.jurisdiction)
    complaint = Complaint.objects.create(
        institution=institution, jurisdiction=institution.jurisdiction, category="safety", description="楼梯无护栏"
    )
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
