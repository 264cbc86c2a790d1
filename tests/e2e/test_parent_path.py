"""In a real browser on a phone, a parent's path without an account: find an institution in the public register
with filters, open it and read its fees and last inspection, file a complaint, get the tracking code and check
the complaint's status; once the sub-district has closed it, the parent reads the outcome.

Elements are found by name, id and href (never by visible text), so the test holds whatever the translations
say. Screenshots of each step land in tests/artifacts/parent_*.png.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Notification
from institutions.choices import Category
from supervision.choices import ComplaintStatus, RiskLevel
from supervision.complaints import services as services_complaints
from supervision.models import Complaint
from tests.builders.accounts import BAOPING, HAIBIN, jurisdiction, make_user
from tests.builders.fees import RULES, care_fee, make_published_fees, meal_fee
from tests.builders.filings import make_filed_institution
from tests.builders.inspections import make_finished_inspection
from tests.builders.register import FAMILY_ADDRESS
from tests.e2e.steps import PHONE, click_and_wait

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESCRIPTION = "上周三下午接孩子时发现午睡室没有老师看护，孩子手臂有擦伤，老师说不清原因。"
OUTCOME = "经街道会同区卫健委现场检查，午睡时段值守确有缺失，已责令机构整改并复查合格。"
CODE = re.compile(r"^[23456789A-HJ-NP-Z]{10}$")


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A phone in a Chinese browser: that is how parents open the register."""
    return {**browser_context_args, **PHONE}


def test_a_parent_finds_an_institution_reads_its_fees_and_files_a_complaint(live_server, page, artifacts_dir):
    base = live_server.url
    haibin, baoping = jurisdiction(HAIBIN), jurisdiction(BAOPING)
    operator = make_user(Role.OPERATOR, username="op_wang", full_name="王举办")
    official = make_user(Role.OFFICIAL, jurisdiction=haibin, username="off_haibin", full_name="张街道")
    make_user(Role.OFFICIAL, jurisdiction=baoping, username="off_baoping", full_name="刘街道")
    make_user(Role.COMMISSION, username="wjw", full_name="杨卫健")

    # Three filed institutions; only one is inclusive (普惠), in 海滨, with a monthly fee under 3,000 yuan.
    star = make_filed_institution(operator, haibin, name="海滨小星星托育中心", is_inclusive=True, offers_half_day=True)
    make_published_fees(
        star,
        items=[care_fee(2800, class_type="toddler", note="全日托"), care_fee(3200, class_type="infant"), meal_fee(18)],
        valid_to=timezone.localdate() + datetime.timedelta(days=300),
    )
    make_finished_inspection(star, inspected_on=timezone.localdate() - datetime.timedelta(days=30))
    sun = make_filed_institution(operator, baoping, name="宝平阳光托育中心")
    make_published_fees(sun, items=[care_fee(4200)])
    make_filed_institution(
        operator, haibin, name="海滨小太阳家庭托育点", category=Category.FAMILY, address=FAMILY_ADDRESS,
        classes=[{"name": "混龄班", "class_type": "mixed", "seats": 5}],
    )  # fmt: skip

    # --- 1. The register, without signing in -------------------------------------------------------
    page.goto(base + reverse("public:register"))
    expect(page.locator("#register-results [data-institution]")).to_have_count(3)
    assert FAMILY_ADDRESS not in page.content()
    page.screenshot(path=str(artifacts_dir / "parent_1_register.png"), full_page=True)

    # --- 2. Filters: 海滨, inclusive, at most 3,000 yuan a month --------------------------------------
    page.locator("select[name=jurisdiction]").select_option(str(haibin.pk))
    page.locator("input[name=inclusive]").check()
    page.locator("input[name=fee_max]").fill("3000")
    click_and_wait(page, "#filter-submit")
    results = page.locator("#register-results [data-institution]")
    expect(results).to_have_count(1)
    expect(results.first).to_have_attribute("data-institution", str(star.pk))
    expect(results.first).to_contain_text("海滨小星星托育中心")
    page.screenshot(path=str(artifacts_dir / "parent_2_filtered.png"), full_page=True)

    # --- 3. The institution's page: filed facts, fees, last inspection --------------------------------
    click_and_wait(page, f"#register-results a[href='{reverse('public:institution', args=[star.pk])}']")
    expect(page.locator("#institution-name")).to_have_text("海滨小星星托育中心")
    expect(page.locator("#address")).to_contain_text(star.address)
    fees = page.locator("#current-fee-items .fee-item[data-fee-type=care]")
    expect(fees).to_have_count(2)
    expect(page.locator("#fees-card")).to_contain_text("2800.00")
    expect(page.locator("#refund-rules")).to_contain_text(RULES["refund_rules"])
    expect(page.locator("#fees-stale")).to_have_count(0)
    expect(page.locator("#inspection-outcome")).to_contain_text(
        (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    )
    html = page.content()
    for personal in (star.legal_representative, star.principal_name, star.contact_phone, "王举办"):
        assert personal not in html
    page.screenshot(path=str(artifacts_dir / "parent_3_institution.png"), full_page=True)

    # --- 4. The complaint form, prefilled with the institution ---------------------------------------
    click_and_wait(page, "#complain-button")
    expect(page.locator("#complaint-institution")).to_have_text("海滨小星星托育中心")
    page.locator("select[name=category]").select_option("safety")
    page.locator("textarea[name=description]").fill(DESCRIPTION)
    page.locator("input[name=contact_name]").fill("陈女士")
    page.locator("input[name=contact_phone]").fill("13700001111")
    page.screenshot(path=str(artifacts_dir / "parent_4_complaint_form.png"), full_page=True)
    click_and_wait(page, "#complaint-submit")

    # --- 5. The tracking code -----------------------------------------------------------------------
    page.wait_for_url(base + reverse("public:complaint_received"))
    code = page.locator("#tracking-code").inner_text().strip()
    assert CODE.match(code), code
    complaint = Complaint.objects.get(tracking_code=code)
    assert (complaint.institution_id, complaint.jurisdiction_id) == (star.pk, haibin.pk)
    assert complaint.description == DESCRIPTION
    # The sub-district's official is told at once.
    assert any(code in n.text for n in Notification.objects.filter(recipient=official))
    page.screenshot(path=str(artifacts_dir / "parent_5_tracking_code.png"), full_page=True)

    # --- 6. The status page -------------------------------------------------------------------------
    click_and_wait(page, "#status-page-link")
    expect(page.locator("#complaint-status")).to_be_visible()
    expect(page.locator("#complaint-pending")).to_be_visible()
    html = page.content()
    for private in ("陈女士", "13700001111", DESCRIPTION):
        assert private not in html
    page.screenshot(path=str(artifacts_dir / "parent_6_status_received.png"), full_page=True)

    # --- 7. The sub-district handles and closes it; the parent reads the outcome with the code ---------
    services_complaints.triage_complaint(
        complaint=complaint, by=official, risk_level=RiskLevel.HIGH, note="内部：需现场核查", version=complaint.version
    )
    services_complaints.record_handling(
        complaint=complaint, by=official, note="已联系举报人并现场检查。", version=complaint.version
    )
    services_complaints.close_complaint(complaint=complaint, by=official, outcome=OUTCOME, version=complaint.version)
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.CLOSED

    page.goto(base + reverse("public:complaint_status"))
    page.locator("input[name=code]").fill(code.lower())  # typed as it comes
    click_and_wait(page, "#status-submit")
    expect(page.locator("#complaint-outcome")).to_have_text(OUTCOME)
    expect(page.locator("#complaint-steps li")).to_have_count(4)
    html = page.content()
    assert "需现场核查" not in html and "已联系举报人" not in html
    page.screenshot(path=str(artifacts_dir / "parent_7_status_closed.png"), full_page=True)

    # An unknown code gets a clear message, not an error page.
    page.locator("input[name=code]").fill("ZZZZZZZZZZ")
    click_and_wait(page, "#status-submit")
    expect(page.locator("#code-unknown")).to_be_visible()
