"""The operator's side of registration and filing, and the inbox, through the Django test client.

Each test asserts what a user would notice: the page, the message, what was (or was not) saved.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Notification
from baodi_care.accounts.services import notify
from institutions.choices import (
    ClassType,
    FilingKind,
    FilingStatus,
    InstitutionStatus,
    LegalForm,
    StaffRole,
)
from institutions.demo import make_uscc
from institutions.filings import selectors as filings_selectors
from institutions.filings import services as filings_services
from institutions.models import ClassGroup, Document, Filing, Institution, StaffMember
from institutions.register import services as register_services
from tests import factories
from tests.filing_helpers import (
    correction,
    doc_type,
    make_draft_filing,
    make_filed_filing,
    make_submitted_filing,
    pdf_bytes,
    pdf_upload,
    png_bytes,
    staff_compliant_institution,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a throw-away directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


def page_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def registration_data(haibin, **overrides) -> dict:
    data = {
        "name": "海滨新苗托育园",
        "uscc": make_uscc(LegalForm.FOR_PROFIT, 4242).lower(),
        "legal_form": LegalForm.FOR_PROFIT,
        "ownership": "private",
        "category": "independent",
        "service_forms": ["full_day", "hourly"],
        "is_inclusive": "on",
        "provides_meals": "on",
        "address": "天津市宝坻区海滨街道新苗路8号",
        "jurisdiction": haibin.pk,
        "legal_representative": "王法人",
        "principal_name": "李园长",
        "contact_phone": "022-29001234",
        "contact_email": "",
        "premises_tenure": "leased",
        "lease_end_date": "2031-06-30",
        "floor": "1",
        "building_area": "620.5",
        "indoor_area": "480",
        "outdoor_area": "120",
    }
    data.update(overrides)
    return data


def field_error(html: str, field: str) -> str:
    """The text of the error crispy-forms renders beside a field."""
    match = re.search(rf'id="error_\d+_id_{field}"[^>]*>(.*?)</(?:span|div|p)>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


# --- Registration ---------------------------------------------------------------------------------


def test_a_bad_credit_code_is_refused_beside_the_field_and_nothing_is_saved(client, operator, haibin):
    client.force_login(operator)
    response = client.post(reverse("institutions:create"), registration_data(haibin, uscc="91120115MA05L1234X"))
    assert response.status_code == 200
    assert "统一社会信用代码" in field_error(response.content.decode(), "uscc")
    assert not Institution.objects.exists()


def test_registration_creates_the_institution_with_its_operator_and_invites_classes_and_staff(client, operator, haibin):
    client.force_login(operator)
    response = client.post(reverse("institutions:create"), registration_data(haibin), follow=True)
    institution = Institution.objects.get()
    assert response.redirect_chain[-1][0] == institution.get_absolute_url()
    assert institution.uscc == make_uscc(LegalForm.FOR_PROFIT, 4242)  # typed in lower case, stored upper
    assert institution.status == InstitutionStatus.DRAFT
    assert (institution.offers_full_day, institution.offers_half_day, institution.offers_hourly) == (True, False, True)
    assert institution.lease_end_date == datetime.date(2031, 6, 30)
    assert list(institution.memberships.values_list("user", flat=True)) == [operator.pk]
    html = response.content.decode()
    assert 'id="next-steps"' in html
    assert reverse("institutions:classes", args=[institution.pk]) in html
    assert reverse("institutions:staff", args=[institution.pk]) in html


def test_the_form_shows_the_registration_authority_of_the_legal_form(client, operator, institution):
    client.force_login(operator)
    html = client.get(reverse("institutions:edit", args=[institution.pk])).content.decode()
    assert 'id="registration-authority"' in html
    assert str(institution.registration_authority) in html


def test_leased_premises_need_a_lease_end_date_and_a_service_form_is_required(client, operator, haibin):
    client.force_login(operator)
    response = client.post(
        reverse("institutions:create"), registration_data(haibin, lease_end_date="", service_forms=[])
    )
    html = response.content.decode()
    assert field_error(html, "lease_end_date")
    assert 'id="section-premises"' in html
    assert not Institution.objects.exists()


def test_only_operators_register_institutions(client, official):
    client.force_login(official)
    assert client.get(reverse("institutions:create")).status_code == 403


def test_editing_the_facts_saves_them_with_history(client, operator, institution, haibin):
    client.force_login(operator)
    data = registration_data(haibin, uscc=institution.uscc, name="海滨小星星托育中心（新址）")
    response = client.post(reverse("institutions:edit", args=[institution.pk]), data)
    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.name == "海滨小星星托育中心（新址）"
    assert institution.history.first().history_user == operator


def test_a_duplicate_credit_code_is_refused(client, operator, institution, other_institution, haibin):
    client.force_login(operator)
    data = registration_data(haibin, uscc=other_institution.uscc)
    response = client.post(reverse("institutions:edit", args=[institution.pk]), data)
    assert response.status_code == 200
    assert field_error(response.content.decode(), "uscc")
    institution.refresh_from_db()
    assert institution.uscc != other_institution.uscc


# --- Classes and staff ----------------------------------------------------------------------------


def formset_post(formset, rows: list[dict], prefix: str) -> dict:
    """POST data for a formset: its existing rows (as rendered) with the given changes, then new rows."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def test_classes_are_added_changed_and_removed_through_the_formset(client, operator, institution):
    client.force_login(operator)
    url = reverse("institutions:classes", args=[institution.pk])
    formset = client.get(url).context["formset"]
    existing = ClassGroup.objects.get(institution=institution)
    rows = [
        {"id": existing.pk, "name": "托小班", "class_type": ClassType.TODDLER, "seats": "12", "DELETE": ""},
        {"name": "乳儿班", "class_type": ClassType.INFANT, "seats": "8"},
        {"name": "托大班", "class_type": ClassType.SENIOR, "seats": "20"},
        {"name": "", "class_type": "", "seats": ""},  # an untouched extra row
    ]
    response = client.post(url, formset_post(formset, rows, "classes"))
    assert response.status_code == 302
    assert sorted(institution.classes.values_list("name", "seats")) == [("乳儿班", 8), ("托大班", 20), ("托小班", 12)]

    formset = client.get(url).context["formset"]
    rows = [
        {"id": f.instance.pk, "name": f.instance.name, "class_type": f.instance.class_type, "seats": f.instance.seats}
        for f in formset.initial_forms
    ]
    rows[0]["DELETE"] = "on"
    client.post(url, formset_post(formset, rows, "classes"))
    assert institution.classes.count() == 2


def test_staff_are_saved_with_certificates_and_only_this_institutions_classes_are_offered(
    client, operator, institution, other_institution
):
    client.force_login(operator)
    url = reverse("institutions:staff", args=[institution.pk])
    response = client.get(url)
    formset = response.context["formset"]
    own_class = institution.classes.get()
    foreign_class = other_institution.classes.get()
    offered = {value for value, _label in formset.forms[0].fields["class_group"].choices if value}
    assert {str(v) for v in offered} == {str(own_class.pk)}
    assert 'type="date"' in response.content.decode()

    rows = [
        {
            "name": "张保育",
            "role": StaffRole.CAREGIVER,
            "class_group": own_class.pk,
            "education": "high_school",
            "management_years": "0",
            "qualification": "保育师证",
            "qualification_expiry": "2030-01-31",
            "health_certificate_expiry": "2027-03-01",
            "full_time": "on",
        }
    ]
    assert client.post(url, formset_post(formset, rows, "staff")).status_code == 302
    member = StaffMember.objects.get(institution=institution)
    assert (member.class_group, member.health_certificate_expiry) == (own_class, datetime.date(2027, 3, 1))

    rows[0]["class_group"] = foreign_class.pk
    rows[0]["name"] = "另一位"
    response = client.post(url, formset_post(formset, rows, "staff"))
    assert response.status_code == 200
    assert not StaffMember.objects.filter(name="另一位").exists()


def test_the_detail_page_lists_staff_with_expired_certificates_and_the_standards_findings(
    client, operator, institution
):
    StaffMember.objects.create(
        institution=institution,
        name="过期保安",
        role=StaffRole.SECURITY,
        qualification="保安员证",
        health_certificate_expiry=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(operator)
    html = client.get(institution.get_absolute_url()).content.decode()
    assert "过期保安" in html
    assert "text-danger fw-semibold expired" in html
    assert 'data-rule="no_principal"' in html
    assert "《托育机构设置标准（试行）》第十八条" in html
    assert reverse("institutions:filing_start", args=[institution.pk, FilingKind.INITIAL]) in html
    assert reverse("institutions:filing_start", args=[institution.pk, FilingKind.CHANGE]) not in html


def test_a_deregistered_institution_can_no_longer_be_edited(client, operator, institution):
    Institution.objects.filter(pk=institution.pk).update(status=InstitutionStatus.CLOSED)
    client.force_login(operator)
    response = client.get(reverse("institutions:staff", args=[institution.pk]))
    assert response.status_code == 302
    assert page_messages(response) == [str(register_services.INSTITUTION_CLOSED)]


# --- Starting and filling in a filing -------------------------------------------------------------


def test_starting_an_initial_filing_opens_its_form(client, operator, institution):
    client.force_login(operator)
    response = client.post(reverse("institutions:filing_start", args=[institution.pk, FilingKind.INITIAL]))
    filing = Filing.objects.get(institution=institution)
    assert response["Location"] == reverse("institutions:filing_edit", args=[filing.pk])
    assert filing.status == FilingStatus.DRAFT


def test_a_change_filing_of_a_draft_institution_is_refused_with_a_message(client, operator, institution):
    client.force_login(operator)
    response = client.post(reverse("institutions:filing_start", args=[institution.pk, FilingKind.CHANGE]))
    assert response["Location"] == institution.get_absolute_url()
    assert len(page_messages(response)) == 1
    assert not Filing.objects.exists()


def test_an_unknown_filing_kind_is_404(client, operator, institution):
    client.force_login(operator)
    assert client.post(reverse("institutions:filing_start", args=[institution.pk, "whatever"])).status_code == 404


def start(client, institution) -> Filing:
    client.post(reverse("institutions:filing_start", args=[institution.pk, FilingKind.INITIAL]))
    return Filing.objects.get(institution=institution)


def upload(client, filing, code: str, name: str, content: bytes, content_type="application/pdf"):
    return client.post(
        reverse("institutions:filing_upload", args=[filing.pk]),
        {"document_type": doc_type(code).pk, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_uploading_a_valid_pdf_attaches_it_and_a_second_upload_is_a_new_version(client, operator, institution):
    client.force_login(operator)
    filing = start(client, institution)
    response = upload(client, filing, "business_license", "营业执照.pdf", pdf_bytes())
    assert response["Location"] == reverse("institutions:filing_edit", args=[filing.pk])
    upload(client, filing, "business_license", "营业执照-新.pdf", pdf_bytes())
    versions = list(filing.documents.order_by("version").values_list("original_name", "version"))
    assert versions == [("营业执照.pdf", 1), ("营业执照-新.pdf", 2)]
    html = client.get(reverse("institutions:filing_edit", args=[filing.pk])).content.decode()
    assert "营业执照-新.pdf" in html and "营业执照.pdf" in html


def test_an_html_file_disguised_as_a_png_is_refused_with_a_message(client, operator, institution):
    client.force_login(operator)
    filing = start(client, institution)
    disguised = png_bytes()[:16] + b"<html><script>alert(1)</script></html>"
    response = upload(client, filing, "premises_proof", "photo.png", disguised, "image/png")
    assert response.status_code == 302
    assert any("PNG" in m for m in page_messages(response))
    assert not Document.objects.exists()


def test_an_upload_without_a_file_says_so(client, operator, institution):
    client.force_login(operator)
    filing = start(client, institution)
    response = client.post(reverse("institutions:filing_upload", args=[filing.pk]), {})
    assert response.status_code == 302
    assert page_messages(response)
    assert not Document.objects.exists()


def test_the_form_lists_the_missing_required_documents(client, operator, institution):
    client.force_login(operator)
    filing = start(client, institution)
    html = client.get(reverse("institutions:filing_edit", args=[filing.pk])).content.decode()
    missing = re.search(r'id="missing-documents">(.*?)</div>', html, re.S).group(1)
    assert str(doc_type("food_license")) in missing  # the institution serves meals
    upload(client, filing, "food_license", "食品经营许可证.pdf", pdf_bytes())
    html = client.get(reverse("institutions:filing_edit", args=[filing.pk])).content.decode()
    missing = re.search(r'id="missing-documents">(.*?)</div>', html, re.S).group(1)
    assert str(doc_type("food_license")) not in missing


def declaration(**overrides) -> dict:
    data = {
        "applicant_name": "王举办",
        "applicant_phone": "13800000000",
        "service_start_date": "2026-12-01",
        "pledge_accepted": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_submitting_without_accepting_the_pledge_is_refused(client, operator, institution):
    client.force_login(operator)
    filing = start(client, institution)
    client.post(reverse("institutions:filing_edit", args=[filing.pk]), declaration(pledge_accepted=None))
    for t in filings_selectors.required_document_types(filing):
        upload(client, filing, t.code, f"{t.code}.pdf", pdf_bytes())
    filing.refresh_from_db()
    response = client.post(reverse("institutions:filing_submit", args=[filing.pk]), {"version": filing.version})
    assert response["Location"] == reverse("institutions:filing_edit", args=[filing.pk])
    assert page_messages(response)[-1] == str(filings_services.FILING_PLEDGE_REQUIRED)
    filing.refresh_from_db()
    assert filing.status == FilingStatus.DRAFT


def test_the_full_submission_reaches_the_official_with_a_notification(client, operator, official, institution):
    staff_compliant_institution(institution)
    client.force_login(operator)
    filing = start(client, institution)
    response = client.post(reverse("institutions:filing_edit", args=[filing.pk]), declaration())
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.pledge_accepted and filing.pledge_text
    for t in filings_selectors.required_document_types(filing):
        upload(client, filing, t.code, f"{t.code}.pdf", pdf_bytes())
    response = client.post(
        reverse("institutions:filing_submit", args=[filing.pk]), {"version": filing.version}, follow=True
    )
    assert response.redirect_chain[-1][0] == filing.get_absolute_url()
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED
    assert filing.due_date
    assert Notification.objects.filter(recipient=official, url__contains=str(filing.pk)).exists()
    html = response.content.decode()
    assert institution.jurisdiction.name in re.search(r'id="holder">(.*?)</dd>', html, re.S).group(1)
    assert 'id="deadline"' in html


def test_a_stale_page_cannot_submit(client, operator, institution):
    filing = make_draft_filing(staff_compliant_institution(institution), operator)
    client.force_login(operator)
    response = client.post(reverse("institutions:filing_submit", args=[filing.pk]), {"version": filing.version - 1})
    assert response.status_code == 302
    assert page_messages(response)
    filing.refresh_from_db()
    assert filing.status == FilingStatus.DRAFT


def test_a_submitted_filing_can_no_longer_be_edited(client, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(operator)
    response = client.get(reverse("institutions:filing_edit", args=[filing.pk]))
    assert response["Location"] == filing.get_absolute_url()
    assert page_messages(response)
    response = upload(client, filing, "other", "late.pdf", pdf_bytes())
    assert response["Location"] == filing.get_absolute_url()
    assert filing.documents.filter(original_name="late.pdf").count() == 0


def test_a_returned_filing_shows_the_reviewers_comments_beside_the_sections(client, operator, official, institution):
    filing = make_submitted_filing(institution, operator)
    reviews = [
        *correction("staff", "保育人员健康证已过期"),
        {"document_type": doc_type("fire_safety"), "verdict": "correct", "comment": "消防证明不清晰"},
        {"section": "basic", "verdict": "ok", "comment": ""},
    ]
    filings_services.return_filing(filing=filing, by=official, version=filing.version, reviews=reviews)
    client.force_login(operator)
    html = client.get(reverse("institutions:filing_edit", args=[filing.pk])).content.decode()
    assert 'id="returned-alert"' in html
    data_section = re.search(r'id="section-data"(.*?)id="section-declaration"', html, re.S).group(1)
    assert "保育人员健康证已过期" in data_section
    fire_slot = re.search(r'id="slot-fire_safety"(.*?)</li>', html, re.S).group(1)
    assert "消防证明不清晰" in fire_slot
    status_page = client.get(filing.get_absolute_url()).content.decode()
    comments = re.search(r'id="reviewer-comments"(.*?)</ul>', status_page, re.S).group(1)
    assert "保育人员健康证已过期" in comments and "消防证明不清晰" in comments


# --- The status page ------------------------------------------------------------------------------


def test_the_status_page_shows_history_findings_documents_and_the_next_step(client, operator, official, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(official)
    response = client.get(filing.get_absolute_url())
    html = response.content.decode()
    assert 'id="history-card"' in html and str(operator) in html
    assert filing.findings and 'data-rule="' in html  # the institution has no staff: findings are stored
    assert reverse("institutions:document_preview", args=[filing.documents.first().pk]) in html
    assert reverse("supervision:filing_review", args=[filing.pk]) in html
    assert response.context["next_step"]


def test_a_draft_is_invisible_to_the_official(client, operator, official, institution):
    filing = make_draft_filing(institution, operator)
    client.force_login(official)
    assert client.get(filing.get_absolute_url()).status_code == 404


def test_a_change_filing_shows_the_diff_against_the_filed_data(
    client, operator, official, commission, institution, haibin
):
    make_filed_filing(institution, operator, official, commission)
    client.force_login(operator)
    data = registration_data(haibin, uscc=institution.uscc, name=institution.name, principal_name="赵新园长")
    client.post(reverse("institutions:edit", args=[institution.pk]), data)
    response = client.post(reverse("institutions:filing_start", args=[institution.pk, FilingKind.CHANGE]))
    change = Filing.objects.get(institution=institution, kind=FilingKind.CHANGE)
    assert response["Location"] == reverse("institutions:filing_edit", args=[change.pk])
    for url in (reverse("institutions:filing_edit", args=[change.pk]), change.get_absolute_url()):
        diff = re.search(r'id="filing-diff"(.*?)</table>', client.get(url).content.decode(), re.S).group(1)
        assert "赵新园长" in diff and "李测试" in diff


def test_the_status_page_keeps_a_constant_number_of_queries(
    client, operator, institution, django_assert_max_num_queries
):
    filing = make_draft_filing(institution, operator)
    client.force_login(operator)
    url = filing.get_absolute_url()
    for _ in range(5 - filing.documents.count()):
        filings_services.upload_document(
            filing=filing, document_type=doc_type("other"), upload=pdf_upload(), by=operator
        )
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(45):
        filings_services.upload_document(
            filing=filing, document_type=doc_type("other"), upload=pdf_upload(), by=operator
        )
    assert filing.documents.count() >= 50 and filing.events.count() >= 50
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# --- Documents and the receipt --------------------------------------------------------------------


def test_another_operator_gets_404_on_the_filing_and_its_documents(client, operator, other_operator, institution):
    filing = make_submitted_filing(institution, operator)
    document = filing.documents.first()
    client.force_login(other_operator)
    for url in (
        filing.get_absolute_url(),
        reverse("institutions:filing_edit", args=[filing.pk]),
        reverse("institutions:filing_receipt", args=[filing.pk]),
        reverse("institutions:document_download", args=[document.pk]),
        reverse("institutions:document_preview", args=[document.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_download_is_an_attachment_under_the_original_name(client, operator, institution):
    client.force_login(operator)
    filing = start(client, institution)
    upload(client, filing, "business_license", "营业执照 2026.pdf", pdf_bytes())
    document = filing.documents.get()
    response = client.get(reverse("institutions:document_download", args=[document.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "filename*=utf-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7%202026.pdf" in disposition
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert "营业执照" not in document.file.name  # stored under a server-generated name


def test_a_preview_is_inline_sniff_proof_and_may_be_framed_by_the_portal_only(client, operator, institution):
    client.force_login(operator)
    filing = start(client, institution)
    upload(client, filing, "business_license", "licence.pdf", pdf_bytes())
    upload(client, filing, "premises_proof", "lease.png", png_bytes(), "image/png")
    pdf, png = filing.documents.order_by("document_type__position")
    response = client.get(reverse("institutions:document_preview", args=[pdf.pk]))
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Content-Security-Policy"] == "sandbox"
    response = client.get(reverse("institutions:document_preview", args=[png.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # Other pages may not be framed at all.
    assert client.get(filing.get_absolute_url())["X-Frame-Options"] == "DENY"


def test_the_receipt_exists_only_once_the_filing_is_filed(client, operator, official, commission, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(operator)
    receipt_url = reverse("institutions:filing_receipt", args=[filing.pk])
    assert client.get(receipt_url).status_code == 404
    filings_services.accept_filing(filing=filing, by=official, version=filing.version)
    filings_services.acknowledge_filing(filing=filing, by=commission, version=filing.version)
    response = client.get(receipt_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert filing.receipt_number in html
    assert institution.uscc in html and institution.name in html
    assert "天津市宝坻区卫生健康委员会" in html
    assert 'id="basic-conditions"' in html
    assert "data-print" in html and "js/print.js" in html
    status_page = client.get(filing.get_absolute_url()).content.decode()
    assert receipt_url in status_page


def test_the_receipt_of_a_filed_filing_from_the_helper(client, operator, official, commission, institution):
    filing = make_filed_filing(institution, operator, official, commission)
    for user in (operator, official, commission):
        client.force_login(user)
        assert client.get(reverse("institutions:filing_receipt", args=[filing.pk])).status_code == 200


@pytest.mark.parametrize(
    "name",
    ["create", "detail", "edit", "classes", "staff", "filing_detail", "filing_edit", "filing_receipt"],
)
def test_operator_pages_carry_no_inline_script_or_style(client, operator, official, commission, institution, name):
    filing = make_filed_filing(institution, operator, official, commission) if name == "filing_receipt" else None
    if name in ("filing_detail", "filing_edit"):
        filing = make_draft_filing(institution, operator)
    client.force_login(operator)
    if name == "create":
        url = reverse("institutions:create")
    elif filing is not None:
        url = reverse(f"institutions:{name}", args=[filing.pk])
    else:
        url = reverse(f"institutions:{name}", args=[institution.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\sstyle=\"", html)


# --- Inbox ----------------------------------------------------------------------------------------


def test_the_inbox_shows_notifications_newest_first_unread_in_bold_and_marks_them_read(client, official):
    notify(recipients=[official], message="第一条", url="/")
    notify(recipients=[official], message="第二条", url="/")
    notify(recipients=[official], message="第三条", url="")
    client.force_login(official)
    response = client.get(reverse("accounts:inbox"))
    html = response.content.decode()
    assert html.index("第三条") < html.index("第二条") < html.index("第一条")  # newest first
    assert re.search(r'id="unread-count">3<', html)
    assert html.count("notification-unread") == 3
    first = Notification.objects.order_by("pk").first()

    response = client.post(reverse("accounts:inbox_mark_read"), {"ids": [str(first.pk)]})
    assert response["Location"] == reverse("accounts:inbox")
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    assert re.search(r'id="unread-count">2<', client.get(reverse("accounts:inbox")).content.decode())

    client.post(reverse("accounts:inbox_mark_read"), {"all": "1"})
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert 'id="unread-count"' not in client.get(reverse("accounts:inbox")).content.decode()


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, operator, official, institution):
    filing = make_submitted_filing(institution, operator)
    filings_services.return_filing(filing=filing, by=official, version=filing.version, reviews=correction())
    notification = Notification.objects.get(recipient=operator)
    client.force_login(operator)
    response = client.post(reverse("accounts:inbox_mark_read"), {"open": str(notification.pk)})
    assert response["Location"] == filing.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_nobody_marks_someone_elses_notifications(client, operator, official):
    notify(recipients=[official], message="给官员的", url="")
    theirs = Notification.objects.get()
    client.force_login(operator)
    client.post(reverse("accounts:inbox_mark_read"), {"ids": [str(theirs.pk)]})
    client.post(reverse("accounts:inbox_mark_read"), {"all": "1"})
    client.post(reverse("accounts:inbox_mark_read"), {"open": str(theirs.pk)})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "给官员的" not in client.get(reverse("accounts:inbox")).content.decode()


def test_the_inbox_is_paginated(client, official):
    for i in range(25):
        notify(recipients=[official], message=f"消息{i:02d}", url="")
    client.force_login(official)
    first_page = client.get(reverse("accounts:inbox")).content.decode()
    assert "消息24" in first_page and "消息04" not in first_page
    assert "消息04" in client.get(reverse("accounts:inbox") + "?page=2").content.decode()


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.COMMISSION])
def test_reviewers_find_their_work_list_in_the_header(client, users, role):
    client.force_login(users[role])
    html = client.get(reverse("home")).content.decode()
    assert reverse("supervision:filing_worklist") in html
    assert (reverse("supervision:holiday_list") in html) == (role == Role.COMMISSION)


def test_operators_find_registration_in_the_header(client, operator):
    client.force_login(operator)
    html = client.get(reverse("home")).content.decode()
    assert reverse("institutions:create") in html
    assert reverse("supervision:filing_worklist") not in html


def test_a_new_institution_in_another_jurisdiction_stays_invisible_to_the_official(client, operator, official, baoping):
    institution = factories.make_institution(operator=operator, jurisdiction=baoping)
    filing = make_submitted_filing(institution, operator)
    client.force_login(official)
    assert client.get(filing.get_absolute_url()).status_code == 404
    assert client.get(reverse("institutions:document_download", args=[filing.documents.first().pk])).status_code == 404
