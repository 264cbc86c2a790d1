"""In a real browser, the whole filing path: an operator registers an institution with its classes and staff,
files it, the sub-district returns it for correction, the operator corrects and resubmits, the sub-district
accepts, the health commission acknowledges, and the operator prints the receipt.

Elements are found by name, id, value and href (never by visible text), so the test holds whatever the
translations say. Screenshots of each step land in tests/artifacts/filing_*.png.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from baodi_care.accounts.choices import Role
from institutions.choices import FilingStatus, InstitutionStatus
from institutions.demo import make_id_number, make_uscc
from institutions.filings import selectors as services
from institutions.models import Document, Filing, Institution, StaffMember
from tests.builders.accounts import HAIBIN, jurisdiction, make_user
from tests.builders.files import pdf_bytes
from tests.e2e.steps import DESKTOP, click_and_wait, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RECEIPT_NUMBER = re.compile(r"宝卫托备〔\d{4}〕\d{4}")
STAFF_COMMENT = "保育员丙的健康证明有效期填写有误，请核对后更正，并上传新的健康合格证明。"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A desktop window in a Chinese browser, for the `page` fixture (the operator's)."""
    return {**browser_context_args, **DESKTOP}


def decide(page: Page, base: str, action: str) -> None:
    """The reviewer sends a decision and is back on the work list, told it was done."""
    click_and_wait(page, f"button[name=action][value={action}]")
    page.wait_for_url(re.compile(re.escape(base + reverse("supervision:filing_worklist"))))
    expect(page.locator("main .alert-success")).to_be_visible()


def _status(filing: Filing) -> str:
    return Filing.objects.get(pk=filing.pk).status


def test_initial_filing_from_registration_to_receipt(live_server, page, open_page, artifacts_dir, tmp_path):
    base = live_server.url
    today = timezone.localdate()
    far = (today + datetime.timedelta(days=3 * 365)).isoformat()
    lease_end = (today + datetime.timedelta(days=5 * 365)).isoformat()

    # --- 1. Users ---------------------------------------------------------------------------------
    haibin = jurisdiction(HAIBIN)
    make_user(Role.OPERATOR, username="op_wang", full_name="王举办", phone="13800001111")
    make_user(Role.OFFICIAL, jurisdiction=haibin, username="off_haibin", full_name="张街道")
    make_user(Role.COMMISSION, username="wjw", full_name="杨卫健")

    # --- 2. The operator registers the institution, its class and its staff ----------------------
    sign_in(page, base, "op_wang")
    page.goto(base + reverse("institutions:create"))
    uscc = make_uscc("for_profit", 123456)
    page.locator("input[name=name]").fill("海滨小星星托育中心")
    page.locator("input[name=uscc]").fill(uscc.lower())  # people type it in either case
    page.locator("select[name=legal_form]").select_option("for_profit")
    page.locator("select[name=ownership]").select_option("private")
    page.locator("select[name=category]").select_option("independent")
    page.locator("input[name=service_forms][value=full_day]").check()
    page.locator("input[name=service_forms][value=half_day]").check()
    page.locator("input[name=provides_meals]").check()  # so the food business licence is required too
    page.locator("input[name=opening_hours]").fill("周一至周五 7:30—17:30")
    page.locator("select[name=meals_source]").select_option("on_site")
    page.locator("input[name=registration_certificate_number]").fill(uscc)
    page.locator("input[name=registration_authority_name]").fill("天津市宝坻区市场监督管理局")
    page.locator("input[name=scope_names_childcare]").check()
    page.locator("select[name=sponsor_type]").select_option("person")
    page.locator("input[name=sponsor_name]").fill("王举办")
    page.locator("input[name=sponsor_id_number]").fill(make_id_number(18))
    page.locator("input[name=sponsor_contact]").fill("13900003333")
    page.locator("input[name=registered_address]").fill("天津市宝坻区海滨街道建设路18号")
    page.locator("input[name=address]").fill("天津市宝坻区海滨街道建设路18号")
    page.locator("select[name=jurisdiction]").select_option(str(haibin.pk))
    page.locator("input[name=legal_representative]").fill("王举办")
    page.locator("input[name=principal_name]").fill("李园长")
    page.locator("input[name=contact_phone]").fill("022-22001234")
    page.locator("input[name=contact_email]").fill("xingxing@example.cn")
    page.locator("select[name=premises_tenure]").select_option("leased")
    page.locator("input[name=lease_start_date]").fill("2026-01-01")
    page.locator("input[name=lease_end_date]").fill(lease_end)
    page.locator("input[name=lessor]").fill("天津建设置业有限公司")
    page.locator("select[name=house_use]").select_option("non_residential")
    page.locator("select[name=fire_resistance_rating]").select_option("2")
    page.locator("input[name=floor]").fill("1")
    page.locator("input[name=building_area]").fill("620")
    page.locator("input[name=indoor_area]").fill("410")
    page.locator("input[name=outdoor_area]").fill("180")
    click_and_wait(page, "#institution-form button[type=submit]")

    institution = Institution.objects.get(uscc=uscc)
    page.wait_for_url(base + institution.get_absolute_url())
    assert institution.status == InstitutionStatus.DRAFT
    expect(page.locator("h1")).to_contain_text("海滨小星星托育中心")
    expect(page.locator("#next-steps")).to_be_visible()  # no class and no staff yet

    # One toddler class of 15 seats.
    click_and_wait(page, f"#operator-actions a[href='{reverse('institutions:classes', args=[institution.pk])}']")
    page.locator("input[name='classes-0-name']").fill("托小班")
    page.locator("select[name='classes-0-class_type']").select_option("toddler")
    page.locator("input[name='classes-0-seats']").fill("15")
    click_and_wait(page, "#rows-form button[type=submit]")
    page.wait_for_url(base + institution.get_absolute_url())
    expect(page.locator("#total-seats")).to_have_text("15")
    group = institution.classes.get()

    # Six staff: the form offers three empty rows; "add a row" gives the other three.
    click_and_wait(page, f"#operator-actions a[href='{reverse('institutions:staff', args=[institution.pk])}']")
    for _ in range(3):
        page.locator("[data-formset-add=staff]").click()
    expect(page.locator("#staff-rows .formset-row")).to_have_count(6)
    staff = [
        {"name": "李园长", "role": "principal", "education": "junior_college", "years": "5", "training": True,
         "qualification": "托育机构负责人培训合格证", "qualification_expiry": far},
        {"name": "保育员甲", "role": "caregiver", "class": group.pk, "qualification": "保育师证",
         "qualification_expiry": far},
        {"name": "保育员乙", "role": "caregiver", "class": group.pk, "qualification": "保育师证",
         "qualification_expiry": far},
        {"name": "保育员丙", "role": "caregiver", "class": group.pk, "qualification": "保育师证",
         "qualification_expiry": far},
        {"name": "王保健", "role": "health", "education": "high_school", "qualification": "保健人员培训合格证"},
        {"name": "赵保安", "role": "security", "qualification": "保安员证", "qualification_expiry": far},
    ]  # fmt: skip
    for i, person in enumerate(staff):
        row = f"staff-{i}-"
        page.locator(f"input[name='{row}name']").fill(person["name"])
        page.locator(f"select[name='{row}role']").select_option(person["role"])
        if "class" in person:
            page.locator(f"select[name='{row}class_group']").select_option(str(person["class"]))
        if "education" in person:
            page.locator(f"select[name='{row}education']").select_option(person["education"])
        if "years" in person:
            page.locator(f"input[name='{row}management_years']").fill(person["years"])
        if person.get("training"):
            page.locator(f"input[name='{row}training_passed']").check()
        page.locator(f"input[name='{row}qualification']").fill(person["qualification"])
        if "qualification_expiry" in person:
            page.locator(f"input[name='{row}qualification_expiry']").fill(person["qualification_expiry"])
        page.locator(f"input[name='{row}health_certificate_expiry']").fill(far)
    click_and_wait(page, "#rows-form button[type=submit]")
    page.wait_for_url(base + institution.get_absolute_url())
    assert StaffMember.objects.filter(institution=institution).count() == 6
    assert StaffMember.objects.filter(institution=institution, role="caregiver", class_group=group).count() == 3
    expect(page.locator("#next-steps")).to_have_count(0)
    # The staff meet the standards: the standards check on the page has nothing to report.
    assert services.preview_findings(institution) == []
    expect(page.locator("#standards-card .card-header .badge")).to_have_text("0")

    # --- 3. The operator starts the initial filing, fills it in, attaches the documents, submits ---
    start_url = reverse("institutions:filing_start", args=[institution.pk, "initial"])
    click_and_wait(page, f"form[action='{start_url}'] button[type=submit]")
    filing = Filing.objects.get(institution=institution)
    page.wait_for_url(base + reverse("institutions:filing_edit", args=[filing.pk]))
    assert filing.status == FilingStatus.DRAFT
    expect(page.locator("#missing-documents")).to_be_visible()

    page.locator("input[name=applicant_name]").fill("王举办")
    page.locator("input[name=applicant_phone]").fill("13800001111")
    page.locator("input[name=service_start_date]").fill((today + datetime.timedelta(days=30)).isoformat())
    page.locator("input[name=pledge_accepted]").check()
    click_and_wait(page, "#declaration-form button[type=submit]")
    filing.refresh_from_db()
    assert filing.pledge_accepted and filing.service_start_date == today + datetime.timedelta(days=30)
    expect(page.locator("input[name=pledge_accepted]")).to_be_checked()

    required = [t.code for t in services.required_document_types(filing)]
    assert {"business_license", "premises_proof", "staff_certificates", "health_evaluation", "fire_safety",
            "food_license"} <= set(required)  # fmt: skip
    for code in required:
        pdf = tmp_path / f"{code}.pdf"
        pdf.write_bytes(pdf_bytes())
        page.locator(f"#file-{code}").set_input_files(str(pdf))
        click_and_wait(page, f"#slot-{code} button[type=submit]")
        expect(page.locator(f"#slot-{code} .badge.text-bg-success")).to_be_visible()
    expect(page.locator("#missing-documents-none")).to_be_visible()
    assert Document.objects.filter(filing=filing).count() == len(required)

    click_and_wait(page, "#submit-filing")
    page.wait_for_url(base + reverse("institutions:filing_detail", args=[filing.pk]))
    assert _status(filing) == FilingStatus.SUBMITTED
    expect(page.locator("h1 + div .badge.text-bg-primary")).to_be_visible()  # the "submitted" badge
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#deadline")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "filing_1_submitted.png"), full_page=True)

    # --- 4. The official reviews it and returns the staff section for correction -----------------
    official = open_page(**DESKTOP)
    sign_in(official, base, "off_haibin")
    expect(official.locator("#unread-count")).to_have_text("1")  # "… submitted a filing for review"
    click_and_wait(official, f"nav a[href='{reverse('supervision:filing_worklist')}']")
    row = f"#worklist tr[data-filing='{filing.pk}']"
    expect(official.locator(f"{row} .status-badge.text-bg-primary")).to_be_visible()
    click_and_wait(official, f"{row} a[href^='{reverse('supervision:filing_review', args=[filing.pk])}']")
    expect(official.locator("#decision-form")).to_be_visible()
    expect(official.locator("#findings .badge.text-bg-success")).to_be_visible()  # no finding
    # Several browser contexts are open: only the page in front can hold the keyboard focus.
    official.bring_to_front()
    official.locator("#section-staff input.verdict[value=correct]").check()
    expect(official.locator("#section-staff textarea.comment")).to_be_focused()  # review.js asks for the comment
    official.locator("#section-staff textarea.comment").fill(STAFF_COMMENT)
    decide(official, base, "return")
    assert _status(filing) == FilingStatus.RETURNED
    expect(official.locator(f"{row} .status-badge.text-bg-warning")).to_be_visible()
    official.screenshot(path=str(artifacts_dir / "filing_2_returned.png"), full_page=True)

    # --- 5. The operator reads the comment, corrects the staff list, uploads a new version, resubmits
    page.goto(base + reverse("home"))
    expect(page.locator("#unread-count")).to_have_text("1")  # "… returned for correction"
    page.goto(base + filing.get_absolute_url())
    expect(page.locator("#reviewer-comments")).to_contain_text(STAFF_COMMENT)
    expect(page.locator("#reviewer-comments .badge.text-bg-warning")).to_be_visible()
    expect(page.locator("h1 + div .badge.text-bg-warning")).to_be_visible()  # the "returned" badge
    edit_url = reverse("institutions:filing_edit", args=[filing.pk])
    click_and_wait(page, f"main a[href='{edit_url}']")
    expect(page.locator("#returned-alert")).to_be_visible()
    expect(page.locator("#section-data .review-comment[data-review=staff]")).to_contain_text(STAFF_COMMENT)

    click_and_wait(page, f"#section-data a[href='{reverse('institutions:staff', args=[institution.pk])}']")
    corrected = (today + datetime.timedelta(days=2 * 365)).isoformat()
    bing = page.locator("#staff-rows .formset-row", has=page.locator("input[value='保育员丙']"))
    bing.locator("input[name$='-health_certificate_expiry']").fill(corrected)
    click_and_wait(page, "#rows-form button[type=submit]")
    page.wait_for_url(base + institution.get_absolute_url())
    assert StaffMember.objects.get(institution=institution, name="保育员丙").health_certificate_expiry.isoformat() == (
        corrected
    )

    page.goto(base + edit_url)
    certificates = tmp_path / "staff_certificates_v2.pdf"
    certificates.write_bytes(pdf_bytes())
    page.locator("#file-staff_certificates").set_input_files(str(certificates))
    click_and_wait(page, "#slot-staff_certificates button[type=submit]")
    assert Document.objects.filter(filing=filing, document_type__code="staff_certificates").count() == 2
    expect(page.locator("#slot-staff_certificates")).to_contain_text("staff_certificates_v2.pdf")
    click_and_wait(page, "#submit-filing")
    page.wait_for_url(base + filing.get_absolute_url())
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED and filing.round == 2
    expect(page.locator("h1 + div .badge.text-bg-primary")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "filing_3_resubmitted.png"), full_page=True)

    # --- 6. The official sees what changed since the return and accepts -------------------------
    official.goto(base + reverse("supervision:filing_worklist"))
    expect(official.locator("#unread-count")).to_have_text("2")
    click_and_wait(official, f"{row} a[href^='{reverse('supervision:filing_review', args=[filing.pk])}']")
    expect(official.locator("#since-return")).to_be_visible()
    expect(official.locator("#section-staff .badge.text-bg-info")).to_be_visible()  # "changed since the return"
    official.locator("#mark-all-fine").click()
    expect(official.locator("#section-staff input.verdict[value=ok]")).to_be_checked()
    decide(official, base, "accept")
    assert _status(filing) == FilingStatus.ACCEPTED
    expect(official.locator(f"{row} .status-badge.text-bg-info")).to_be_visible()
    official.screenshot(path=str(artifacts_dir / "filing_4_accepted.png"), full_page=True)

    # --- 7. The health commission acknowledges and the receipt number is issued -----------------
    commission = open_page(**DESKTOP)
    sign_in(commission, base, "wjw")
    expect(commission.locator("#unread-count")).to_have_text("1")  # "… passed first review"
    click_and_wait(commission, f"nav a[href='{reverse('supervision:filing_worklist')}']")
    click_and_wait(commission, f"{row} a[href^='{reverse('supervision:filing_review', args=[filing.pk])}']")
    click_and_wait(commission, "button[name=action][value=acknowledge]")
    commission.wait_for_url(re.compile(re.escape(base + reverse("supervision:filing_review", args=[filing.pk]))))
    filing.refresh_from_db()
    assert filing.status == FilingStatus.FILED
    assert RECEIPT_NUMBER.fullmatch(filing.receipt_number)
    expect(commission.locator("#receipt-number")).to_have_text(filing.receipt_number)
    expect(commission.locator("main .alert-success").first).to_be_visible()
    expect(commission.locator("#no-decision")).to_be_visible()
    assert Institution.objects.get(pk=institution.pk).status == InstitutionStatus.FILED
    commission.screenshot(path=str(artifacts_dir / "filing_5_acknowledged.png"), full_page=True)

    # --- 8. The operator opens and prints the receipt -------------------------------------------
    page.goto(base + filing.get_absolute_url())
    expect(page.locator("#unread-count")).to_have_text("2")  # returned + acknowledged
    expect(page.locator("h1 + div .badge.text-bg-success")).to_be_visible()  # the "filed" badge
    click_and_wait(page, "#receipt-link")
    page.wait_for_url(base + reverse("institutions:filing_receipt", args=[filing.pk]))
    expect(page.locator("#receipt-number")).to_have_text(RECEIPT_NUMBER)
    expect(page.locator("#receipt")).to_contain_text("海滨小星星托育中心")
    expect(page.locator("#receipt")).to_contain_text(uscc)
    expect(page.locator("#issuing-authority")).to_contain_text("天津市宝坻区卫生健康委员会")
    expect(page.locator("#basic-conditions li")).to_have_count(4)  # 附件4's four points
    page.screenshot(path=str(artifacts_dir / "filing_6_receipt.png"), full_page=True)
