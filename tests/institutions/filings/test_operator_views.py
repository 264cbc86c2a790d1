"""The operator's side of a filing through its pages: starting it, filling it in, uploading, submitting, the
status page, the documents and the receipt.

Each test asserts what a user would notice: the page, the message, what was (or was not) saved."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baodi_care.accounts.models import Notification
from institutions.choices import FilingKind, FilingStatus
from institutions.filings import selectors as filings_selectors
from institutions.filings import services as filings_services
from institutions.models import Document, Filing
from tests.builders.files import pdf_bytes, pdf_upload, png_bytes
from tests.builders.filings import correction, doc_type, make_draft_filing, make_filed_filing, make_submitted_filing
from tests.builders.register import make_institution, make_staff_compliant
from tests.pages import assert_no_inline_code, messages_of

pytestmark = pytest.mark.django_db

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
    assert len(messages_of(response)) == 1
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
    assert any("PNG" in m for m in messages_of(response))
    assert not Document.objects.exists()


def test_an_upload_without_a_file_says_so(client, operator, institution):
    client.force_login(operator)
    filing = start(client, institution)
    response = client.post(reverse("institutions:filing_upload", args=[filing.pk]), {})
    assert response.status_code == 302
    assert messages_of(response)
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
    assert messages_of(response)[-1] == str(filings_services.FILING_PLEDGE_REQUIRED)
    filing.refresh_from_db()
    assert filing.status == FilingStatus.DRAFT


def test_the_full_submission_reaches_the_official_with_a_notification(client, operator, official, institution):
    make_staff_compliant(institution)
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
    assert filing.receipt_due and filing.answer_due
    assert Notification.objects.filter(recipient=official, url__contains=str(filing.pk)).exists()
    html = response.content.decode()
    assert institution.jurisdiction.name in re.search(r'id="holder">(.*?)</dd>', html, re.S).group(1)
    assert 'id="deadline"' in html


def test_a_stale_page_cannot_submit(client, operator, institution):
    filing = make_draft_filing(make_staff_compliant(institution), operator)
    client.force_login(operator)
    response = client.post(reverse("institutions:filing_submit", args=[filing.pk]), {"version": filing.version - 1})
    assert response.status_code == 302
    assert messages_of(response)
    filing.refresh_from_db()
    assert filing.status == FilingStatus.DRAFT


def test_a_submitted_filing_can_no_longer_be_edited(client, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(operator)
    response = client.get(reverse("institutions:filing_edit", args=[filing.pk]))
    assert response["Location"] == filing.get_absolute_url()
    assert messages_of(response)
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
    client, operator, official, commission, institution, registration_data
):
    make_filed_filing(institution, operator, official, commission)
    client.force_login(operator)
    data = registration_data(uscc=institution.uscc, name=institution.name, principal_name="赵新园长")
    client.post(reverse("institutions:edit", args=[institution.pk]), data)
    response = client.post(reverse("institutions:filing_start", args=[institution.pk, FilingKind.CHANGE]))
    change = Filing.objects.get(institution=institution, kind=FilingKind.CHANGE)
    assert response["Location"] == reverse("institutions:filing_edit", args=[change.pk])
    for url in (reverse("institutions:filing_edit", args=[change.pk]), change.get_absolute_url()):
        diff = re.search(r'id="filing-diff"(.*?)</table>', client.get(url).content.decode(), re.S).group(1)
        assert "赵新园长" in diff and "李测试" in diff


def test_the_status_page_keeps_a_constant_number_of_queries(
    client, operator, institution, django_assert_max_num_queries, settings
):
    settings.UPLOAD_MAX_VERSIONS = 60  # 50 versions of one type, past the default cap
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
    # Sandboxed, and framed by the portal's own pages only (the site's policy forbids all framing).
    assert response["Content-Security-Policy"] == "sandbox; frame-ancestors 'self'"
    response = client.get(reverse("institutions:document_preview", args=[png.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'self'"
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


def test_a_new_institution_in_another_jurisdiction_stays_invisible_to_the_official(client, operator, official, baoping):
    institution = make_institution(operator=operator, jurisdiction=baoping)
    filing = make_submitted_filing(institution, operator)
    client.force_login(official)
    assert client.get(filing.get_absolute_url()).status_code == 404
    assert client.get(reverse("institutions:document_download", args=[filing.documents.first().pk])).status_code == 404


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
    assert_no_inline_code(response.content.decode(), url)
