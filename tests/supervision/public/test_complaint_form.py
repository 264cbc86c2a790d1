"""The public complaint form (投诉举报), without an account: routing and notification, the rate limit, the status
page with its tracking code (issue 4 §7)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baodi_care.accounts import ratelimit
from baodi_care.accounts.models import Notification
from supervision import choices as supervision_choices
from supervision.choices import ComplaintCategory, ComplaintStatus, RiskLevel
from supervision.complaints import services as complaints_services
from supervision.models import Complaint
from supervision.public import views as public_views
from tests.builders.accounts import jurisdiction
from tests.builders.complaints import make_complaint_about
from tests.builders.register import make_institution
from tests.pages import zh

pytestmark = pytest.mark.django_db

NOTE = "已电话联系举报人，核实午睡室值守安排。"
OUTCOME = "经现场检查，该机构午睡时段确有无人值守情况，已责令整改并复查合格。"


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
    told_before = list(Notification.objects.filter(recipient=official).values_list("pk", flat=True))  # the filing's
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
    note = Notification.objects.filter(recipient=official).exclude(pk__in=told_before).get()
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
    place = jurisdiction("120115101000")  # 大口屯镇: nobody signed up there
    post_complaint(client, institution_name="某托育点", jurisdiction=place.pk)
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
    draft = make_institution(operator=operator, jurisdiction=haibin)
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
    monkeypatch.setattr(ratelimit.time, "time", lambda: start)
    assert post_complaint(client, institution=filed_institution.pk).status_code == 302
    monkeypatch.setattr(ratelimit.time, "time", lambda: start + 3599)
    assert post_complaint(client, institution=filed_institution.pk).status_code == 429
    monkeypatch.setattr(ratelimit.time, "time", lambda: start + 3601)
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
    complaint = make_complaint_about(filed_institution)
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
    complaint = make_complaint_about(filed_institution)
    complaints_services.triage_complaint(complaint=complaint, by=official, risk_level=RiskLevel.MEDIUM, version=1)
    complaints_services.close_complaint(
        complaint=complaint, by=official, outcome=OUTCOME, note="内部备注：已约谈负责人", version=complaint.version
    )
    html = status(client, complaint.tracking_code).content.decode()
    assert OUTCOME in html
    assert "约谈" not in html
    assert zh(supervision_choices.COMPLAINT_STATUS_LABELS[ComplaintStatus.CLOSED]) in html


def test_codes_are_read_as_people_type_them(client, filed_institution):
    complaint = make_complaint_about(filed_institution)
    code = complaint.tracking_code
    spaced = f" {code[:5].lower()}-{code[5:]} "
    assert status(client, spaced).context["complaint"]["code"] == code


def test_an_unknown_code_gets_a_clear_message(client, filed_institution):
    make_complaint_about(filed_institution)
    for code in ("ABCDEFGHJK", "x", "<script>", "A" * 200):
        response = status(client, code)
        assert response.status_code == 404
        assert zh(public_views.COMPLAINT_CODE_UNKNOWN) in response.content.decode()
    assert status(client, "").status_code == 200
    assert client.get(reverse("public:complaint_status")).status_code == 200
