"""Checklists, inspections, coverage and the inspection plan (issue 4 §1, §2, §4)."""

from __future__ import annotations

import datetime
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Notification
from baodi_care.core import dates as core_dates
from institutions.calendar.workdays import add_working_days
from institutions.choices import Category, InstitutionStatus
from supervision.checklists import selectors as checklists_selectors
from supervision.checklists import services as checklists_services
from supervision.choices import (
    DEFAULT_RECTIFICATION_DAYS,
    CheckCategory,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    MemberDepartment,
    Outcome,
    RectificationStatus,
)
from supervision.complaints.services import submit_complaint
from supervision.inspections import services as inspections_services
from supervision.models import (
    ChecklistItem,
    ChecklistTemplate,
    EvidenceFile,
    Inspection,
    InspectionFrequency,
    ItemCheck,
    Rectification,
    RectificationEvent,
)
from supervision.plan import selectors as plan_selectors
from supervision.plan import services as plan_services
from tests import factories
from tests.supervision.inspection_helpers import (
    answer_all,
    days_ago,
    filed_institution,
    finished_inspection,
    png_upload,
    start_inspection,
)

pytestmark = pytest.mark.django_db

SEED = importlib.import_module("supervision.migrations.0002_seed_checklists")


def zh(text) -> str:
    with translation.override("zh-hans"):
        return str(text)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def filed(operator, haibin):
    """The operator's filed institution in 海滨街道 (the official's jurisdiction)."""
    return filed_institution(operator, haibin, name="海滨检查托育中心")


@pytest.fixture
def other_filed(other_operator, baoping):
    return filed_institution(other_operator, baoping, name="宝平检查托育中心")


def check_in(inspection: Inspection, category: str) -> ItemCheck:
    return inspection.checks.select_related("item").filter(item__category=category).first()


def disguised_html() -> SimpleUploadedFile:
    """A PNG signature followed by a web page: must be refused whatever its name says."""
    body = b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>" + b" " * 64
    return SimpleUploadedFile("photo.png", body, content_type="image/png")


# --- Seed -----------------------------------------------------------------------------------------------


def test_the_seeded_checklist_has_at_least_40_items_over_the_11_categories():
    template = ChecklistTemplate.objects.get(name="托育机构监督检查表", is_current=True)
    assert template.version == 1
    items = list(template.items.all())
    assert len(items) >= 44
    by_category = {c.value: [i for i in items if i.category == c.value] for c in CheckCategory}
    assert all(len(rows) >= 3 for rows in by_category.values()), {k: len(v) for k, v in by_category.items()}
    for item in items:
        assert item.text and item.text_en and item.source
        assert item.rectification_days == DEFAULT_RECTIFICATION_DAYS[item.category]
    texts = " ".join(i.text for i in items)
    for phrase in ("90日", "一键式报警", "晨午检", "每年健康检查", "疏散通道", "48小时", "125克", "预收费不超过3个月"):
        assert phrase in texts, phrase
    # The migration keeps its own frozen copy of the deadlines; it must agree with the code's.
    assert {k: v for k, v in SEED.RECTIFICATION_DAYS.items()} == {
        k.value: v for k, v in DEFAULT_RECTIFICATION_DAYS.items()
    }


def test_the_district_inspects_twice_a_year_by_default():
    default = InspectionFrequency.objects.get(category="", institution__isnull=True)
    assert default.per_year == 2


def test_the_seed_can_be_reversed_and_applied_again():
    SEED.unseed(django_apps, None)
    assert not ChecklistTemplate.objects.filter(name=SEED.CHECKLIST_NAME).exists()
    assert not InspectionFrequency.objects.exists()
    SEED.seed(django_apps, None)
    SEED.seed(django_apps, None)  # idempotent
    assert ChecklistTemplate.objects.get(name=SEED.CHECKLIST_NAME).items.count() == len(SEED.ITEMS)
    assert InspectionFrequency.objects.count() == 1


# --- Checklist versions ---------------------------------------------------------------------------------


def test_a_new_version_copies_the_items_and_old_inspections_keep_their_own(filed, official, commission):
    v1 = checklists_selectors.current_template()
    old = finished_inspection(filed, official, problems=1)
    fire_item = v1.items.filter(category=CheckCategory.FIRE).first()
    old_text = fire_item.text

    draft = checklists_services.start_checklist_version(template=v1, by=commission)
    assert draft.version == 2 and not draft.is_current and checklists_selectors.is_draft(draft)
    assert draft.items.count() == v1.items.count()
    # A second click opens the same draft.
    assert checklists_services.start_checklist_version(template=v1, by=commission) == draft

    copy = draft.items.get(text=old_text)
    checklists_services.update_checklist_item(
        item=copy, by=commission, text="灭火器每月检查并有记录", rectification_days=2
    )
    checklists_services.add_checklist_item(
        template=draft, by=commission, category=CheckCategory.FIRE, text="厨房配备灭火毯", text_en="Fire blanket",
        source="消防法", rectification_days=3,
    )  # fmt: skip
    checklists_services.delete_checklist_item(
        item=draft.items.filter(category=CheckCategory.NUTRITION).first(), by=commission
    )
    checklists_services.publish_checklist(template=draft, by=commission, notes="消防项目调整")

    v1.refresh_from_db()
    draft.refresh_from_db()
    assert draft.is_current and not v1.is_current and draft.notes == "消防项目调整"
    # The old inspection still points at version 1 and its unchanged items.
    old.refresh_from_db()
    assert old.template == v1
    assert ChecklistItem.objects.get(pk=fire_item.pk).text == old_text
    assert set(old.checks.values_list("item__template", flat=True)) == {v1.pk}
    # A new inspection uses version 2.
    new = start_inspection(filed, official)
    assert new.template == draft
    assert new.checks.filter(item__text="厨房配备灭火毯").exists()
    assert new.checks.count() == v1.items.count()  # one added, one deleted


def test_published_and_superseded_versions_cannot_be_edited(commission):
    v1 = checklists_selectors.current_template()
    item = v1.items.first()
    with pytest.raises(inspections_services.InspectionError) as exc:
        checklists_services.update_checklist_item(item=item, by=commission, text="改")
    assert exc.value.messages == [zh(checklists_services.CHECKLIST_NOT_DRAFT)]
    with pytest.raises(inspections_services.InspectionError):
        checklists_services.delete_checklist_item(item=item, by=commission)
    with pytest.raises(inspections_services.InspectionError):
        checklists_services.publish_checklist(template=v1, by=commission)
    draft = checklists_services.start_checklist_version(template=v1, by=commission)
    checklists_services.publish_checklist(template=draft, by=commission)
    with pytest.raises(inspections_services.InspectionError):
        checklists_services.add_checklist_item(template=v1, by=commission, category=CheckCategory.FIRE, text="x")


def test_an_empty_draft_cannot_be_published_and_a_draft_can_be_discarded(commission):
    draft = checklists_services.start_checklist_version(template=checklists_selectors.current_template(), by=commission)
    for item in list(draft.items.all()):
        checklists_services.delete_checklist_item(item=item, by=commission)
    with pytest.raises(inspections_services.InspectionError) as exc:
        checklists_services.publish_checklist(template=draft, by=commission)
    assert exc.value.messages == [zh(checklists_services.CHECKLIST_EMPTY)]
    checklists_services.discard_checklist_draft(template=draft, by=commission)
    assert not ChecklistTemplate.objects.filter(pk=draft.pk).exists()
    assert checklists_selectors.current_template().version == 1


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.OPERATOR, Role.DEPARTMENT])
def test_only_the_commission_configures_checklists(users, role):
    with pytest.raises(PermissionDenied):
        checklists_services.start_checklist_version(template=checklists_selectors.current_template(), by=users[role])


def test_the_commission_edits_a_new_version_in_the_browser(client, commission):
    client.force_login(commission)
    v1 = checklists_selectors.current_template()
    response = client.post(reverse("supervision:checklist_new_version", args=[v1.pk]))
    draft = ChecklistTemplate.objects.get(version=2)
    assert response.status_code == 302 and response["Location"] == reverse(
        "supervision:checklist_detail", args=[draft.pk]
    )
    page = client.get(response["Location"])
    assert page.status_code == 200 and b'id="add-item"' in page.content
    # An incomplete item is refused on the page, with nothing saved.
    response = client.post(reverse("supervision:checklist_item_add", args=[draft.pk]), {"category": "fire"})
    assert response.status_code == 200 and response.context["item_form"].errors
    data = {
        "category": "fire",
        "text": "配备防烟面罩",
        "text_en": "Smoke hoods",
        "source": "消防法",
        "rectification_days": 3,
    }
    assert client.post(reverse("supervision:checklist_item_add", args=[draft.pk]), data).status_code == 302
    item = draft.items.get(text="配备防烟面罩")
    assert item.position > 0
    edit = reverse("supervision:checklist_item_edit", args=[item.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {**data, "text": "配备防烟面罩并在有效期内", "position": ""}).status_code == 302
    item.refresh_from_db()
    assert item.text == "配备防烟面罩并在有效期内"
    response = client.post(reverse("supervision:checklist_publish", args=[draft.pk]), {"notes": "新增防烟面罩"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_current
    listing = client.get(reverse("supervision:checklist_list"))
    assert [t.state for t in listing.context["templates"]] == ["current", "superseded"]


# --- Creating inspections -------------------------------------------------------------------------------


def test_an_official_starts_an_inspection_on_the_current_checklist(filed, official):
    inspection = start_inspection(filed, official)
    assert inspection.status == InspectionStatus.DRAFT
    assert inspection.template == checklists_selectors.current_template()
    assert inspection.checks.count() == inspection.template.items.count()
    assert not inspection.checks.exclude(outcome="").exists()
    assert inspection.history.first().history_user == official


def test_officials_of_another_jurisdiction_cannot_inspect(filed, other_official, commission, operator):
    for user in (other_official, commission, operator):
        with pytest.raises(PermissionDenied):
            start_inspection(filed, user)


def test_only_filed_institutions_are_inspected(operator, official, haibin):
    draft = factories.make_institution(operator=operator, jurisdiction=haibin)
    with pytest.raises(inspections_services.InspectionError):
        start_inspection(draft, official)
    suspended = filed_institution(operator, haibin, status=InstitutionStatus.SUSPENDED)
    assert start_inspection(suspended, official).pk


def test_a_joint_inspection_needs_its_departments(filed, official):
    with pytest.raises(inspections_services.InspectionError) as exc:
        start_inspection(filed, official, kind=InspectionKind.JOINT, departments=[])
    assert exc.value.messages == [zh(inspections_services.JOINT_NEEDS_DEPARTMENTS)]
    with pytest.raises(inspections_services.InspectionError):
        start_inspection(filed, official, kind=InspectionKind.JOINT, departments=["army"])
    joint = start_inspection(
        filed, official, kind=InspectionKind.JOINT, departments=[MemberDepartment.FIRE, MemberDepartment.MARKET]
    )
    assert joint.departments == [MemberDepartment.MARKET, MemberDepartment.FIRE]  # in the table's order
    routine = start_inspection(filed, official, kind=InspectionKind.ROUTINE, departments=[MemberDepartment.FIRE])
    assert routine.departments == []


def test_an_inspection_opened_from_a_complaint_keeps_the_link(filed, other_filed, official):
    complaint = submit_complaint(category="safety", description="门口无人值守", institution=filed)
    inspection = start_inspection(filed, official, complaint=complaint)
    answer_all(inspection, official)
    inspections_services.finish_inspection(inspection=inspection, by=official)
    inspection.refresh_from_db()
    assert inspection.complaint == complaint
    elsewhere = submit_complaint(category="safety", description="x", institution=other_filed)
    with pytest.raises(inspections_services.InspectionError):
        start_inspection(filed, official, complaint=elsewhere)


def test_the_create_page_offers_only_inspectable_institutions_and_starts_a_draft(
    client, official, filed, other_filed, operator, haibin
):
    draft = factories.make_institution(operator=operator, jurisdiction=haibin)
    client.force_login(official)
    page = client.get(reverse("supervision:inspection_create") + f"?institution={filed.pk}")
    choices = list(page.context["form"].fields["institution"].queryset)
    assert choices == [filed] and draft not in choices and other_filed not in choices
    # A joint inspection without departments is refused on the page.
    data = {"institution": filed.pk, "mode": "planned", "kind": "joint", "inspected_on": timezone.localdate()}
    response = client.post(reverse("supervision:inspection_create"), data)
    assert response.status_code == 200 and "departments" in response.context["form"].errors
    response = client.post(
        reverse("supervision:inspection_create"), {**data, "departments": ["fire", "public_security"]}
    )
    inspection = Inspection.objects.get()
    assert response["Location"] == reverse("supervision:inspection_edit", args=[inspection.pk])
    assert inspection.departments == ["public_security", "fire"] and inspection.created_by == official


# --- The form on site: drafts, photos, finishing ----------------------------------------------------------


def form_data(inspection: Inspection, answers: dict | None = None, **extra) -> dict:
    data = {
        "mode": inspection.mode,
        "kind": inspection.kind,
        "inspected_on": inspection.inspected_on.isoformat(),
        "inspectors": inspection.inspectors,
        "summary": inspection.summary,
    }
    for check_pk, (outcome, note) in (answers or {}).items():
        data[f"outcome_{check_pk}"] = outcome
        data[f"note_{check_pk}"] = note
    data.update(extra)
    return data


def test_the_phone_form_groups_items_by_category_with_big_buttons_and_camera_upload(client, official, filed):
    inspection = start_inspection(filed, official)
    client.force_login(official)
    response = client.get(reverse("supervision:inspection_edit", args=[inspection.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="card mb-2 check-category"') == len(CheckCategory)
    assert html.count('class="btn-check outcome"') == 3 * inspection.checks.count()
    assert (
        'py-3 px-1 fw-semibold" for="outcome-' in html
        and 'capture="environment"' in html
        and 'accept="image/*"' in html
    )
    assert 'enctype="multipart/form-data"' in html and "application/pdf" in html
    assert 'id="mark-rest-compliant"' in html and "js/inspection.js" in html


def test_a_draft_is_saved_partially_and_resumed(client, official, filed):
    inspection = start_inspection(filed, official)
    fire = check_in(inspection, CheckCategory.FIRE)
    food = check_in(inspection, CheckCategory.FOOD)
    client.force_login(official)
    url = reverse("supervision:inspection_edit", args=[inspection.pk])
    answers = {fire.pk: ("non_compliant", "安全出口堆放杂物"), food.pk: ("compliant", "")}
    response = client.post(url, form_data(inspection, answers, summary="整体较好"))
    assert response.status_code == 302 and response["Location"] == url
    fire.refresh_from_db()
    food.refresh_from_db()
    assert (fire.outcome, fire.note) == ("non_compliant", "安全出口堆放杂物")
    assert food.outcome == "compliant"
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.DRAFT and inspection.summary == "整体较好"
    # Resuming: the page shows what was saved.
    page = client.get(url).content.decode()
    assert re.search(rf'name="outcome_{fire.pk}"[^>]*value="non_compliant"[^>]*checked', page)
    assert "安全出口堆放杂物" in page
    # Items not sent with a later save keep their answers (another inspector may have set them).
    client.post(url, form_data(inspection, {food.pk: ("not_applicable", "")}))
    fire.refresh_from_db()
    assert fire.outcome == "non_compliant"


def test_finishing_needs_every_outcome_and_a_note_for_each_problem(official, filed):
    inspection = start_inspection(filed, official)
    fire = check_in(inspection, CheckCategory.FIRE)
    inspections_services.update_inspection(
        inspection=inspection, by=official, answers=[{"check": fire, "outcome": "compliant"}]
    )
    with pytest.raises(inspections_services.InspectionError) as exc:
        inspections_services.finish_inspection(inspection=inspection, by=official)
    total = inspection.checks.count()
    assert f"{total - 1}" in exc.value.messages[0] and exc.value.code is None
    answer_all(inspection, official)
    inspections_services.update_inspection(
        inspection=inspection, by=official, answers=[{"check": fire, "outcome": "non_compliant", "note": " "}]
    )
    with pytest.raises(inspections_services.InspectionError) as exc:
        inspections_services.finish_inspection(inspection=inspection, by=official)
    assert str(fire.item) in exc.value.messages[0]
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.DRAFT
    assert not Rectification.objects.exists()


def test_the_view_saves_the_answers_even_when_finishing_is_refused(client, official, filed):
    inspection = start_inspection(filed, official)
    fire = check_in(inspection, CheckCategory.FIRE)
    client.force_login(official)
    url = reverse("supervision:inspection_edit", args=[inspection.pk])
    response = client.post(url, form_data(inspection, {fire.pk: ("compliant", "")}, action="finish"))
    assert response.status_code == 302 and response["Location"] == url
    fire.refresh_from_db()
    assert fire.outcome == "compliant"
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.DRAFT
    assert any(str(inspection.checks.count() - 1) in m for m in messages_of(response))


def test_an_inspection_in_the_future_cannot_be_finished(official, filed):
    inspection = start_inspection(filed, official, inspected_on=timezone.localdate() + datetime.timedelta(days=3))
    answer_all(inspection, official)
    with pytest.raises(inspections_services.InspectionError):
        inspections_services.finish_inspection(inspection=inspection, by=official)


def test_an_all_compliant_inspection_finds_no_problems(official, operator, filed):
    inspection = finished_inspection(filed, official, problems=0)
    assert inspection.status == InspectionStatus.FINISHED and inspection.finished_at
    assert inspection.result == InspectionResult.COMPLIANT
    assert not Rectification.objects.exists()
    assert Notification.objects.filter(recipient=operator, url=inspection.get_absolute_url()).exists()


def test_not_applicable_items_do_not_count_as_problems(official, filed):
    inspection = start_inspection(filed, official)
    answer_all(inspection, official, outcome=Outcome.NOT_APPLICABLE)
    inspections_services.finish_inspection(inspection=inspection, by=official)
    assert inspection.result == InspectionResult.COMPLIANT


def test_each_problem_opens_a_rectification_with_its_categorys_deadline(official, operator, filed):
    inspection = start_inspection(filed, official)
    answer_all(inspection, official)
    fire = check_in(inspection, CheckCategory.FIRE)
    care = check_in(inspection, CheckCategory.CARE)
    inspections_services.update_inspection(
        inspection=inspection, by=official,
        answers=[
            {"check": fire, "outcome": "non_compliant", "note": "灭火器过期"},
            {"check": care, "outcome": "non_compliant", "note": "托小班超员2人"},
        ],
    )  # fmt: skip
    today = timezone.localdate()
    inspections_services.finish_inspection(inspection=inspection, by=official)
    assert inspection.result == InspectionResult.RECTIFY
    fire_fix = Rectification.objects.get(item_check=fire)
    care_fix = Rectification.objects.get(item_check=care)
    assert fire_fix.deadline == add_working_days(today, DEFAULT_RECTIFICATION_DAYS[CheckCategory.FIRE])
    assert care_fix.deadline == add_working_days(today, DEFAULT_RECTIFICATION_DAYS[CheckCategory.CARE])
    assert fire_fix.status == RectificationStatus.OPEN and fire_fix.institution == filed
    assert RectificationEvent.objects.filter(rectification=fire_fix, action="open", by=official).exists()
    assert Rectification.objects.count() == 2
    note = Notification.objects.get(recipient=operator)
    assert filed.name in note.text and fire_fix.deadline.isoformat() in note.text


def test_a_finished_inspection_is_locked(client, official, filed):
    inspection = finished_inspection(filed, official, problems=1)
    check = inspection.checks.first()
    with pytest.raises(inspections_services.InspectionError) as exc:
        inspections_services.update_inspection(
            inspection=inspection, by=official, answers=[{"check": check, "outcome": "compliant"}]
        )
    assert exc.value.messages == [zh(inspections_services.INSPECTION_LOCKED)]
    with pytest.raises(inspections_services.InspectionError):
        inspections_services.add_inspection_photo(check=check, by=official, upload=png_upload())
    with pytest.raises(inspections_services.InspectionError):
        inspections_services.finish_inspection(inspection=inspection, by=official)
    client.force_login(official)
    url = reverse("supervision:inspection_edit", args=[inspection.pk])
    response = client.get(url)
    assert response["Location"] == reverse("supervision:inspection_detail", args=[inspection.pk])
    client.post(url, form_data(inspection, {check.pk: ("not_applicable", "改")}))
    check.refresh_from_db()
    assert check.outcome != "not_applicable"
    detail = client.get(reverse("supervision:inspection_detail", args=[inspection.pk])).content.decode()
    assert 'id="continue-inspection"' not in detail and "btn-check" not in detail


def test_photos_are_attached_with_the_draft_and_disguised_files_are_refused(client, official, filed):
    inspection = start_inspection(filed, official)
    fire = check_in(inspection, CheckCategory.FIRE)
    client.force_login(official)
    url = reverse("supervision:inspection_edit", args=[inspection.pk])
    data = form_data(inspection, {fire.pk: ("non_compliant", "安全出口上锁")})
    data[f"photos_{fire.pk}"] = [png_upload("exit.png"), disguised_html()]
    response = client.post(url, data)
    assert response.status_code == 302
    photos = EvidenceFile.objects.filter(item_check=fire)
    assert [p.original_name for p in photos] == ["exit.png"]
    assert photos.get().extension == "png" and not photos.get().file.name.endswith("exit.png")
    assert any("photo.png" in m for m in messages_of(response))
    with pytest.raises(ValidationError):
        inspections_services.add_inspection_photo(check=fire, by=official, upload=disguised_html())
    # A wrong shot can be removed while the inspection is a draft.
    response = client.post(reverse("supervision:inspection_photo_delete", args=[photos.get().pk]))
    assert response["Location"] == url and not EvidenceFile.objects.exists()


def test_photos_are_served_only_to_those_who_may_see_the_inspection(
    client, official, other_official, operator, other_operator, filed
):
    draft = start_inspection(filed, official)
    draft_photo = inspections_services.add_inspection_photo(
        check=draft.checks.first(), by=official, upload=png_upload()
    )
    finished = finished_inspection(filed, official, problems=1, photo=True)
    photo = EvidenceFile.objects.get(item_check__inspection=finished)
    client.force_login(official)
    download = client.get(reverse("supervision:evidence_download", args=[photo.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    preview = client.get(reverse("supervision:evidence_preview", args=[photo.pk]))
    assert preview.status_code == 200 and preview["Content-Type"] == "image/png"
    assert preview["Content-Disposition"].startswith("inline")
    client.force_login(operator)
    assert client.get(reverse("supervision:evidence_preview", args=[photo.pk])).status_code == 200
    # Operators never see drafts, nor their photos.
    assert client.get(reverse("supervision:evidence_preview", args=[draft_photo.pk])).status_code == 404
    for user in (other_official, other_operator):
        client.force_login(user)
        assert client.get(reverse("supervision:evidence_download", args=[photo.pk])).status_code == 404


def test_operators_see_only_finished_inspections_of_their_institutions(client, official, operator, filed, other_filed):
    draft = start_inspection(filed, official)
    finished = finished_inspection(filed, official, problems=0)
    client.force_login(operator)
    listing = client.get(reverse("supervision:inspection_list"))
    assert [i.pk for i in listing.context["inspections"]] == [finished.pk]
    assert client.get(reverse("supervision:inspection_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("supervision:inspection_detail", args=[finished.pk])).status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_inspection_list_query_count_does_not_grow(client, official, filed, rows, django_assert_max_num_queries):
    for _ in range(rows):
        start_inspection(filed, official)
    client.force_login(official)
    # Session, user, count, inbox badge, jurisdiction choices, rows, session save (and its savepoint).
    with django_assert_max_num_queries(9):
        response = client.get(reverse("supervision:inspection_list"))
    assert response.context["page_obj"].paginator.count == rows


def test_the_detail_page_costs_a_fixed_number_of_queries(client, official, filed, django_assert_max_num_queries):
    inspection = finished_inspection(filed, official, problems=3, photo=True)
    client.force_login(official)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("supervision:inspection_detail", args=[inspection.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('data-outcome="non_compliant"') >= 3


# --- Coverage and the inspection plan -------------------------------------------------------------------


def test_coverage_marks_institutions_due_and_overdue(official, operator, haibin, filed, commission):
    today = timezone.localdate()
    never = filed  # never inspected: due now
    recent = filed_institution(operator, haibin, name="最近检查")
    finished_inspection(recent, official, problems=0, inspected_on=days_ago(30))
    late = filed_institution(operator, haibin, name="超期未检")
    finished_inspection(late, official, problems=0, inspected_on=days_ago(200))
    # An institution with its own rule: quarterly, last seen 100 days ago.
    quarterly = filed_institution(operator, haibin, name="每季度一次")
    plan_services.set_inspection_frequency(by=commission, per_year=4, institution=quarterly)
    finished_inspection(quarterly, official, problems=0, inspected_on=days_ago(100))
    # Kindergarten classes once a year, by category.
    kg = filed_institution(operator, haibin, name="幼儿园托班", category=Category.KINDERGARTEN_CLASS)
    plan_services.set_inspection_frequency(by=commission, per_year=1, category=Category.KINDERGARTEN_CLASS)
    finished_inspection(kg, official, problems=0, inspected_on=days_ago(200))
    # Drafts do not count.
    start_inspection(never, official)

    rows = {r.name: r for r in plan_selectors.coverage(user=official, today=today)}
    assert rows[never.name].coverage_flag == "due" and rows[never.name].next_due is None
    assert rows["最近检查"].coverage_flag == "ok"
    assert rows["最近检查"].next_due == core_dates.add_months(days_ago(30), 6)
    assert rows["超期未检"].coverage_flag == "overdue"
    assert rows["每季度一次"].per_year == 4 and rows["每季度一次"].frequency_rule == "institution"
    assert rows["每季度一次"].coverage_flag == "overdue"
    assert rows["幼儿园托班"].per_year == 1 and rows["幼儿园托班"].coverage_flag == "ok"
    assert rows["最近检查"].inspected_this_year == (1 if days_ago(30).year == today.year else 0)
    ordered = [r.coverage_flag for r in plan_selectors.coverage(user=official, today=today)]
    assert ordered == sorted(ordered, key=["overdue", "due", "ok"].index)


def test_coverage_is_scoped_and_filterable(client, official, commission, filed, other_filed, baoping):
    client.force_login(official)
    response = client.get(reverse("supervision:coverage"))
    assert [r.pk for r in response.context["rows"]] == [filed.pk]
    client.force_login(commission)
    response = client.get(reverse("supervision:coverage"))
    assert {r.pk for r in response.context["rows"]} == {filed.pk, other_filed.pk}
    response = client.get(reverse("supervision:coverage"), {"jurisdiction": baoping.pk})
    assert [r.pk for r in response.context["rows"]] == [other_filed.pk]
    response = client.get(reverse("supervision:coverage"), {"flag": "ok"})
    assert list(response.context["rows"]) == []


def test_add_months_keeps_the_day_or_the_months_end():
    assert core_dates.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert core_dates.add_months(datetime.date(2026, 8, 15), 6) == datetime.date(2027, 2, 15)
    assert core_dates.add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)


@pytest.mark.parametrize("rows", [5, 50])
def test_coverage_query_count_does_not_grow(
    client, official, operator, haibin, rows, django_assert_max_num_queries, commission
):
    for i in range(rows):
        institution = filed_institution(operator, haibin)
        if i % 2:
            plan_services.set_inspection_frequency(by=commission, per_year=4, institution=institution)
        if i % 3 == 0:
            finished_inspection(institution, official, problems=0, inspected_on=days_ago(100))
    client.force_login(official)
    # Session, user, frequency rules, institutions, inbox badge, jurisdiction choices, session save (+ savepoint).
    with django_assert_max_num_queries(9):
        response = client.get(reverse("supervision:coverage"))
    assert response.context["total"] == rows


def test_the_commission_sets_the_plan(client, commission, official, filed):
    client.force_login(commission)
    url = reverse("supervision:inspection_plan")
    assert client.get(url).status_code == 200
    assert client.post(url, {"scope": "district", "per_year": 3}).status_code == 302
    assert InspectionFrequency.objects.get(category="", institution__isnull=True).per_year == 3
    client.post(url, {"scope": "category", "category": "family", "per_year": 4})
    client.post(url, {"scope": "institution", "institution": filed.pk, "per_year": 6})
    assert InspectionFrequency.objects.get(category="family").per_year == 4
    assert InspectionFrequency.objects.get(institution=filed).per_year == 6
    # Refused: a number that is not a divisor of 12, or a missing institution.
    response = client.post(url, {"scope": "institution", "per_year": 5})
    assert response.status_code == 200 and InspectionFrequency.objects.count() == 3
    with pytest.raises(inspections_services.InspectionError):
        plan_services.set_inspection_frequency(by=commission, per_year=5)
    with pytest.raises(PermissionDenied):
        plan_services.set_inspection_frequency(by=official, per_year=2)
    # The district default cannot be removed; a category's can.
    default = InspectionFrequency.objects.get(category="", institution__isnull=True)
    client.post(reverse("supervision:inspection_plan_delete", args=[default.pk]))
    assert InspectionFrequency.objects.filter(pk=default.pk).exists()
    family = InspectionFrequency.objects.get(category="family")
    client.post(reverse("supervision:inspection_plan_delete", args=[family.pk]))
    assert not InspectionFrequency.objects.filter(pk=family.pk).exists()


def test_the_pages_carry_no_inline_script_or_style(client, official, operator, commission, filed):
    draft = start_inspection(filed, official)
    finished = finished_inspection(filed, official, problems=1, photo=True)
    rectification = Rectification.objects.get(item_check__inspection=finished)
    pages = {
        official: [
            reverse("supervision:inspection_edit", args=[draft.pk]),
            reverse("supervision:inspection_detail", args=[finished.pk]),
            reverse("supervision:inspection_create"),
            reverse("supervision:coverage"),
            reverse("supervision:rectification_ledger"),
        ],
        operator: [
            reverse("supervision:rectification_detail", args=[rectification.pk]),
            reverse("supervision:institution_ledger", args=[filed.pk]),
            reverse("home"),
        ],
        commission: [
            reverse("supervision:inspection_plan"),
            reverse("supervision:checklist_list"),
            reverse("supervision:checklist_detail", args=[checklists_selectors.current_template().pk]),
        ],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
            assert not re.search(r"\sstyle=\"", html) and "<style" not in html, url
