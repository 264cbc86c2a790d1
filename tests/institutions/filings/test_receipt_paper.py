"""The 备案回执 on paper: what it carries (the national 告知书, 托位数 and 从业人员数, seal area, signature lines,
the QR code), the public page its QR code opens, and the receipt and the 备案书 as PDF files."""

from __future__ import annotations

import io
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from institutions.choices import Category, ClassType, FilingKind
from institutions.filings import pdf, receipts
from institutions.filings import services as filings_services
from institutions.models import Filing
from tests.builders.filings import make_change_filing, make_filed_filing, make_submitted_filing
from tests.builders.register import make_institution
from tests.pages import assert_no_inline_code

pytestmark = pytest.mark.django_db

# 附件4's own words, as the Chinese catalogue holds them.
NATIONAL_POINTS = (
    "托育机构应当依照相关法律法规和标准规范开展服务活动，并符合下列基本条件：",
    "《中华人民共和国未成年人保护法》《中华人民共和国建筑法》《中华人民共和国消防法》《托儿所幼儿园卫生保健管理办法》",
    "《托育机构设置标准（试行）》《托育机构管理规范（试行）》",
    "提供餐饮服务的，应当符合《中华人民共和国食品安全法》等法律法规，以及相应的食品安全标准。",
    "法律法规规定的其他条件。",
)


def filed_receipt(institution, operator, official, commission) -> Filing:
    return make_filed_filing(institution, operator, official, commission)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "".join(page.extract_text() for page in reader.pages)


def deregister(institution, operator, official, commission) -> Filing:
    filing = filings_services.start_filing(institution=institution, kind=FilingKind.DEREGISTRATION, by=operator)
    filings_services.update_filing(
        filing=filing, by=operator, pledge_accepted=True, applicant_name="王举办", applicant_phone="13800000000",
        stop_date=timezone.localdate(), children_arrangements="已转入附近托育机构",
    )  # fmt: skip
    filing = filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    filing = filings_services.accept_filing(filing=filing, by=official, version=filing.version)
    return filings_services.acknowledge_filing(filing=filing, by=commission, version=filing.version)


# --- The printed receipt --------------------------------------------------------------------------------------


def test_the_receipt_carries_the_national_notice_and_the_district_summary_as_an_annex(
    client, compliant, operator, official, commission
):
    filing = filed_receipt(compliant, operator, official, commission)
    client.force_login(operator)
    html = client.get(reverse("institutions:filing_receipt", args=[filing.pk])).content.decode()
    notice = html.split('id="basic-conditions"')[1].split('id="district-summary"')[0]
    for words in NATIONAL_POINTS:
        assert words in notice
    assert "国卫办人口发〔2019〕25号" in notice and "附件4" in notice
    annex = html.split('id="district-summary"')[1]
    assert "附件" in annex and "仅供参考" in annex
    assert "及时" in annex
    # The unsourced "within 15 days" of a change is gone (登记和备案办法 Art. 10 says 及时).
    assert "15日内" not in html and "15 日内" not in html
    assert_no_inline_code(html, "receipt")


def test_the_receipt_carries_seats_staff_a_seal_area_and_signature_lines(
    client, compliant, operator, official, commission
):
    filing = filed_receipt(compliant, operator, official, commission)
    seats = sum(c.seats for c in compliant.classes.all())
    staff = compliant.staff.count()
    client.force_login(official)
    html = client.get(reverse("institutions:filing_receipt", args=[filing.pk])).content.decode()
    assert re.search(rf'<th scope="row">托位数</th><td id="receipt-seats">{seats}</td>', html)
    assert re.search(rf'<th scope="row">从业人员数</th><td id="receipt-staff">{staff}</td>', html)
    assert 'id="seal-area"' in html and "（盖章）" in html
    signatures = html.split('id="signature-lines"')[1].split("</div>\n  </div>")[0]
    assert "经办人（签字）" in signatures and "机构签收人（签字）" in signatures
    assert html.count('class="receipt-line"') == 3


def test_the_receipt_qr_code_is_drawn_here_and_holds_the_verification_address(
    client, compliant, operator, official, commission, settings
):
    settings.PORTAL_BASE_URL = "https://tuoyu.baodi.example.cn"
    filing = filed_receipt(compliant, operator, official, commission)
    client.force_login(operator)
    html = client.get(reverse("institutions:filing_receipt", args=[filing.pk])).content.decode()
    url = "https://tuoyu.baodi.example.cn" + reverse("public:receipt_verify", args=[filing.verification_token])
    assert url in html
    svg = html.split('<div class="receipt-qr">')[1].split("</svg>")[0]
    # The very code segno makes of the address (no outside QR service), with no style attribute (CSP).
    expected = receipts.qr_svg(url)
    assert svg + "</svg>" == expected[expected.index("<svg") :]
    assert "style" not in svg
    # The token is random and long, not the receipt number or the pk.
    assert len(filing.verification_token) >= 22 and str(filing.pk) != filing.verification_token


def test_every_acknowledged_receipt_gets_its_own_token(compliant, operator, official, commission):
    first = filed_receipt(compliant, operator, official, commission)
    other = make_institution(operator=operator, jurisdiction=compliant.jurisdiction, name="第二托育园")
    second = filed_receipt(other, operator, official, commission)
    assert first.verification_token and second.verification_token
    assert first.verification_token != second.verification_token
    # A filing not (yet) filed has no receipt, hence no token.
    third = make_institution(operator=operator, jurisdiction=compliant.jurisdiction, name="第三托育园")
    assert make_submitted_filing(third, operator).verification_token is None


# --- The public verification page ---------------------------------------------------------------------------


def test_anyone_can_verify_a_receipt_and_sees_no_personal_data(client, compliant, operator, official, commission):
    filing = filed_receipt(compliant, operator, official, commission)
    response = client.get(reverse("public:receipt_verify", args=[filing.verification_token]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    html = response.content.decode()
    assert filing.receipt_number in html and compliant.name in html
    assert timezone.localdate(filing.decided_at).strftime("%Y") in html.split('id="verified-date"')[1][:40]
    assert str(receipts.STANDING_TEXT[receipts.Standing.VALID]) in html
    assert "alert-success" in html
    for personal in (compliant.principal_name, compliant.contact_phone, compliant.legal_representative,
                     compliant.address, "王举办", "13800000000"):  # fmt: skip
        assert personal not in html, personal
    assert_no_inline_code(html, "verify")


def test_an_unknown_or_guessed_address_is_a_clear_not_found(client, compliant, operator, official, commission):
    filing = filed_receipt(compliant, operator, official, commission)
    for guess in ("x" * 22, str(filing.pk), filing.receipt_number, filing.verification_token[:-1], "a" * 200):
        response = client.get(reverse("public:receipt_verify", args=[guess]))
        assert response.status_code == 404, guess
        html = response.content.decode()
        assert 'id="receipt-unknown"' in html and "没有与此地址对应的备案回执" in html
        assert filing.receipt_number not in html


def test_a_receipt_replaced_by_a_change_filing_says_so_and_names_the_new_one(
    client, filed, operator, official, commission
):
    first = Filing.objects.get(institution=filed, kind=FilingKind.INITIAL)
    change = make_change_filing(filed, operator, name="海滨小星星托育中心（新址）")
    change = filings_services.submit_filing(filing=change, by=operator, version=change.version)
    change = filings_services.accept_filing(filing=change, by=official, version=change.version)
    # Until the change is acknowledged, the first receipt still stands.
    assert receipts.verify_receipt(first).is_valid
    change = filings_services.acknowledge_filing(filing=change, by=commission, version=change.version)

    old = client.get(reverse("public:receipt_verify", args=[first.verification_token])).content.decode()
    assert str(receipts.STANDING_TEXT[receipts.Standing.REPLACED]) in old
    assert change.receipt_number in old and "alert-warning" in old
    new = client.get(reverse("public:receipt_verify", args=[change.verification_token])).content.decode()
    assert str(receipts.STANDING_TEXT[receipts.Standing.VALID]) in new
    assert "海滨小星星托育中心（新址）" in new


def test_after_deregistration_the_receipts_are_no_longer_valid(client, filed, operator, official, commission):
    first = Filing.objects.get(institution=filed, kind=FilingKind.INITIAL)
    closing = deregister(filed, operator, official, commission)
    old = client.get(reverse("public:receipt_verify", args=[first.verification_token])).content.decode()
    assert str(receipts.STANDING_TEXT[receipts.Standing.DEREGISTERED]) in old and closing.receipt_number in old
    own = client.get(reverse("public:receipt_verify", args=[closing.verification_token])).content.decode()
    assert str(receipts.STANDING_TEXT[receipts.Standing.DEREGISTRATION]) in own


# --- PDFs -------------------------------------------------------------------------------------------------------


def test_the_receipt_pdf_parses_and_carries_the_institution_number_and_notice(
    client, compliant, operator, official, commission
):
    filing = filed_receipt(compliant, operator, official, commission)
    client.force_login(commission)
    response = client.get(reverse("institutions:filing_receipt_pdf", args=[filing.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert compliant.name in text and filing.receipt_number in text
    assert "托位数" in text and "从业人员数" in text and "盖章" in text
    assert "法律法规规定的其他条件" in text  # the national 告知书 (text wraps, so a short point)
    assert "托育机构基本条件告知书" in text
    # The print view links to it.
    html = client.get(reverse("institutions:filing_receipt", args=[filing.pk])).content.decode()
    assert reverse("institutions:filing_receipt_pdf", args=[filing.pk]) in html


def test_the_review_page_links_both_pdfs(client, compliant, operator, official, commission):
    filing = filed_receipt(compliant, operator, official, commission)
    client.force_login(official)
    html = client.get(reverse("supervision:filing_review", args=[filing.pk])).content.decode()
    assert reverse("institutions:filing_receipt_pdf", args=[filing.pk]) in html
    assert reverse("institutions:filing_form_pdf", args=[filing.pk]) in html


def test_the_receipt_pdf_exists_only_once_the_filing_is_filed(client, compliant, operator):
    filing = make_submitted_filing(compliant, operator)
    client.force_login(operator)
    assert client.get(reverse("institutions:filing_receipt_pdf", args=[filing.pk])).status_code == 404


def test_the_filing_form_pdf_carries_the_facts_classes_staff_and_pledge(client, compliant, operator):
    filing = make_submitted_filing(compliant, operator)
    client.force_login(operator)
    response = client.get(reverse("institutions:filing_form_pdf", args=[filing.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "托育机构备案书" in text and compliant.name in text and compliant.uscc in text
    assert compliant.classes.first().name in text
    assert "备案承诺书" in text or "承诺书" in text
    assert "举办者（签字或盖章）" in text
    detail = client.get(filing.get_absolute_url()).content.decode()
    assert reverse("institutions:filing_form_pdf", args=[filing.pk]) in detail


def test_another_operator_gets_404_on_the_pdfs(client, compliant, operator, other_operator, official, commission):
    filing = filed_receipt(compliant, operator, official, commission)
    client.force_login(other_operator)
    for name in ("institutions:filing_receipt_pdf", "institutions:filing_form_pdf"):
        assert client.get(reverse(name, args=[filing.pk])).status_code == 404


def test_without_a_font_file_the_pdf_falls_back_to_the_built_in_chinese_font(compliant, operator, official, commission):
    filing = filed_receipt(compliant, operator, official, commission)
    pdf.cjk_font.cache_clear()
    try:
        with override_settings(PDF_CJK_FONTS=["/nonexistent/font.ttc"]):
            assert pdf.cjk_font() == pdf.CID_FALLBACK
            text = pdf_text(pdf.receipt_pdf(filing))
    finally:
        pdf.cjk_font.cache_clear()
    assert compliant.name in text and filing.receipt_number in text


def test_a_family_childcare_points_receipt_carries_no_notice(client, operator, official, commission, haibin):
    """家庭托育点管理办法（试行）: a family point's receipt comes without the 告知书 (and without the annex, which
    summarises rules written for institutions)."""
    family = make_institution(
        operator=operator,
        jurisdiction=haibin,
        category=Category.FAMILY,
        classes=[{"name": "家庭托育", "class_type": ClassType.MIXED, "seats": 5}],
    )
    filing = make_filed_filing(family, operator, official, commission)
    client.force_login(operator)
    html = client.get(reverse("institutions:filing_receipt", args=[filing.pk])).content.decode()
    assert filing.receipt_number in html and 'id="receipt-qr"' in html
    assert 'id="basic-conditions"' not in html and 'id="district-summary"' not in html
    text = pdf_text(client.get(reverse("institutions:filing_receipt_pdf", args=[filing.pk])).content)
    assert filing.receipt_number in text and "托育机构基本条件告知书" not in text
