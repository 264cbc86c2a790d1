"""In a real browser, an inspection through to a verified rectification (issue 4 §9): an official records an
inspection on a phone at the site, marks one item non-compliant with a note and a photo and the rest compliant,
and finishes it; the operator answers the rectification with evidence; the official verifies it and it closes.

Elements are found by name, id, value and href (never by visible text), so the test holds whatever the
translations say. Screenshots of each step land in tests/artifacts/inspection_*.png.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from baodi_care.accounts.choices import Role
from supervision.choices import CheckCategory, InspectionResult, InspectionStatus, RectificationStatus
from supervision.models import EvidenceFile, Inspection, Rectification
from tests.builders.accounts import HAIBIN, jurisdiction, make_user
from tests.builders.register import make_imported_institution
from tests.e2e.steps import DESKTOP, PHONE, click_and_wait, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTE = "二楼东侧安全出口堆放杂物，疏散通道不畅"


def _photo(path, colour: str, label: str) -> str:
    """A camera-sized picture that shows up in the screenshots (a blank 8×8 one would not)."""
    image = Image.new("RGB", (640, 480), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 60, 560, 420), outline="white", width=12)
    draw.text((110, 90), label, fill="white")
    image.save(path, "PNG")
    return str(path)


def test_inspection_with_a_problem_through_to_a_verified_rectification(live_server, open_page, artifacts_dir, tmp_path):
    base = live_server.url
    haibin = jurisdiction(HAIBIN)
    operator = make_user(Role.OPERATOR, username="op_wang", full_name="王举办")
    make_user(Role.OFFICIAL, jurisdiction=haibin, username="off_haibin", full_name="张街道")
    institution = make_imported_institution(haibin, operator=operator, name="海滨小星星托育中心")
    photo = _photo(tmp_path / "exit.png", "#b02a37", "blocked exit")
    evidence = _photo(tmp_path / "cleared.png", "#198754", "exit cleared")

    # --- 1. On a phone, the official starts an inspection from the to-do list -------------------------
    phone = open_page(**PHONE)
    sign_in(phone, base, "off_haibin")
    click_and_wait(phone, "#home-new-inspection")
    phone.locator("select[name=institution]").select_option(str(institution.pk))
    phone.locator("input[name=mode][value=unannounced]").check()
    phone.locator("input[name=kind][value=routine]").check()
    phone.locator("input[name=inspectors]").fill("张街道、刘检查")
    click_and_wait(phone, "#inspection-create-form button[type=submit]")
    inspection = Inspection.objects.get(institution=institution)
    phone.wait_for_url(base + reverse("supervision:inspection_edit", args=[inspection.pk]))
    total = inspection.checks.count()
    expect(phone.locator("#progress-total")).to_have_text(str(total))
    # Nothing scrolls sideways on the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(artifacts_dir / "inspection_1_phone_form.png"), full_page=True)

    # --- 2. One fire-safety item is non-compliant: a note and a photo; the draft is saved -------------
    fire = inspection.checks.filter(item__category=CheckCategory.FIRE).order_by("item__position").first()
    phone.locator("#category-fire > summary").click()
    item = phone.locator(f"#check-{fire.pk}")
    phone.bring_to_front()  # only the page in front can hold the keyboard focus
    item.locator(f"label[for=outcome-{fire.pk}-non_compliant]").click()
    expect(phone.locator(f"#outcome-{fire.pk}-non_compliant")).to_be_checked()
    expect(phone.locator(f"#note-{fire.pk}")).to_be_focused()  # inspection.js asks for the note
    phone.locator(f"#note-{fire.pk}").fill(NOTE)
    phone.locator(f"#camera-{fire.pk}").set_input_files(photo)
    item.screenshot(path=str(artifacts_dir / "inspection_2_item.png"))
    click_and_wait(phone, "#save-draft")
    fire.refresh_from_db()
    assert (fire.outcome, fire.note) == ("non_compliant", NOTE)
    assert EvidenceFile.objects.filter(item_check=fire).count() == 1
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.DRAFT
    expect(phone.locator("main .alert-success").first).to_be_visible()
    expect(phone.locator("#progress-answered")).to_have_text("1")

    # --- 3. Every other item compliant, then finish (confirmed): the inspection is locked -------------
    phone.locator("#mark-rest-compliant").click()
    expect(phone.locator("#progress-answered")).to_have_text(str(total))
    expect(phone.locator(f"#outcome-{fire.pk}-non_compliant")).to_be_checked()  # kept
    phone.once("dialog", lambda dialog: dialog.accept())
    click_and_wait(phone, "#finish-inspection")
    phone.wait_for_url(base + reverse("supervision:inspection_detail", args=[inspection.pk]))
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.FINISHED
    assert inspection.result == InspectionResult.RECTIFY
    rectification = Rectification.objects.get(item_check=fire)
    assert rectification.status == RectificationStatus.OPEN
    expect(phone.locator(".inspection-status[data-result=rectify]").first).to_be_visible()
    expect(phone.locator("#continue-inspection")).to_have_count(0)
    expect(phone.locator(f"#check-{fire.pk} .evidence img")).to_be_visible()
    phone.screenshot(path=str(artifacts_dir / "inspection_3_finished.png"), full_page=True)

    # --- 4. The operator is told, opens the rectification and answers it with evidence ---------------
    desk = open_page(**DESKTOP)
    sign_in(desk, base, "op_wang")
    expect(desk.locator("#unread-count")).to_have_text("1")
    click_and_wait(
        desk, f"a.institution-ledger-link[href='{reverse('supervision:institution_ledger', args=[institution.pk])}']"
    )
    row = desk.locator(f"#ledger tr[data-rectification='{rectification.pk}']")
    expect(row.locator(".rectification-status[data-status=open]")).to_be_visible()
    click_and_wait(
        desk, f"#ledger tr[data-rectification='{rectification.pk}'] a[href='{rectification.get_absolute_url()}']"
    )
    expect(desk.locator("#problem")).to_contain_text(NOTE)
    desk.locator("textarea[name=response]").fill("已清理安全出口杂物，并安排专人每日巡查疏散通道。")
    desk.locator("#evidence-files").set_input_files(evidence)
    click_and_wait(desk, "#answer-form button[type=submit]")
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.ANSWERED
    assert rectification.evidence.count() == 1
    expect(desk.locator(".rectification-status[data-status=answered]")).to_be_visible()
    desk.screenshot(path=str(artifacts_dir / "inspection_4_answered.png"), full_page=True)

    # --- 5. Back on the phone, the official verifies it: closed ---------------------------------------
    phone.goto(base + reverse("home"))
    expect(phone.locator("#unread-count")).to_have_text("1")  # "… answered the rectification"
    phone.goto(base + reverse("supervision:rectification_ledger") + "?status=answered")
    click_and_wait(
        phone, f"#ledger tr[data-rectification='{rectification.pk}'] a[href='{rectification.get_absolute_url()}']"
    )
    expect(phone.locator("#answer .evidence img")).to_be_visible()
    phone.locator("textarea[name=note]").fill("现场复核，通道已畅通。")
    click_and_wait(phone, "#verify")
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.VERIFIED
    expect(phone.locator(".rectification-status[data-status=verified]")).to_be_visible()
    expect(phone.locator("#history li[data-action=verify]")).to_be_visible()
    phone.screenshot(path=str(artifacts_dir / "inspection_5_verified.png"), full_page=True)
