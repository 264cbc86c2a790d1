"""Inspections (监督检查) as the official records them on site: opening one, the phone form, drafts, photos,
finishing and what it opens, who sees what, query counts (issue 4 §2)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from baodi_care.accounts.models import Notification
from institutions.calendar.workdays import add_working_days
from institutions.choices import InstitutionStatus
from supervision.checklists import selectors as checklists_selectors
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
from supervision.models import EvidenceFile, Inspection, ItemCheck, Rectification, RectificationEvent
from tests.builders.files import png_upload
from tests.builders.inspections import answer_all, make_draft_inspection, make_finished_inspection
from tests.builders.register import make_imported_institution, make_institution
from tests.pages import assert_no_inline_code, messages_of, zh

pytestmark = pytest.mark.django_db


def check_in(inspection: Inspection, category: str) -> ItemCheck:
    return inspection.checks.select_related("item").filter(item__category=category).first()


def disguised_html() -> SimpleUploadedFile:
    """A PNG signature followed by a web page: must be refused whatever its name says."""
    body = b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>" + b" " * 64
    return SimpleUploadedFile("photo.png", body, content_type="image/png")


# --- Creating inspections -------------------------------------------------------------------------------


def test_an_official_starts_an_inspection_on_the_current_checklist(filed, official):
    inspection = make_draft_inspection(filed, official)
    assert inspection.status == InspectionStatus.DRAFT
    assert inspection.template == checklists_selectors.current_template()
    assert inspection.checks.count() == inspection.template.items.count()
    assert not inspection.checks.exclude(outcome="").exists()
    assert inspection.history.first().history_user == official


def test_officials_of_another_jurisdiction_cannot_inspect(filed, other_official, commission, operator):
    for user in (other_official, commission, operator):
        with pytest.raises(PermissionDenied):
            make_draft_inspection(filed, user)


def test_only_filed_institutions_are_inspected(operator, official, haibin):
    draft = make_institution(operator=operator, jurisdiction=haibin)
    with pytest.raises(inspections_services.InspectionError):
        make_draft_inspection(draft, official)
    suspended = make_imported_institution(haibin, operator=operator, status=InstitutionStatus.SUSPENDED)
    assert make_draft_inspection(suspended, official).pk


def test_a_joint_inspection_needs_its_departments(filed, official):
    with pytest.raises(inspections_services.InspectionError) as exc:
        make_draft_inspection(filed, official, kind=InspectionKind.JOINT, departments=[])
    assert exc.value.messages == [zh(inspections_services.JOINT_NEEDS_DEPARTMENTS)]
    with pytest.raises(inspections_services.InspectionError):
        make_draft_inspection(filed, official, kind=InspectionKind.JOINT, departments=["army"])
    joint = make_draft_inspection(
        filed, official, kind=InspectionKind.JOINT, departments=[MemberDepartment.FIRE, MemberDepartment.MARKET]
    )
    assert joint.departments == [MemberDepartment.MARKET, MemberDepartment.FIRE]  # in the table's order
    routine = make_draft_inspection(filed, official, kind=InspectionKind.ROUTINE, departments=[MemberDepartment.FIRE])
    assert routine.departments == []


def test_an_inspection_opened_from_a_complaint_keeps_the_link(filed, other_filed, official):
    complaint = submit_complaint(category="safety", description="门口无人值守", institution=filed)
    inspection = make_draft_inspection(filed, official, complaint=complaint)
    answer_all(inspection, official)
    inspections_services.finish_inspection(inspection=inspection, by=official)
    inspection.refresh_from_db()
    assert inspection.complaint == complaint
    elsewhere = submit_complaint(category="safety", description="x", institution=other_filed)
    with pytest.raises(inspections_services.InspectionError):
        make_draft_inspection(filed, official, complaint=elsewhere)


def test_the_create_page_offers_only_inspectable_institutions_and_starts_a_draft(
    client, official, filed, other_filed, operator, haibin
):
    draft = make_institution(operator=operator, jurisdiction=haibin)
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
    inspection = make_draft_inspection(filed, official)
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
    inspection = make_draft_inspection(filed, official)
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
    inspection = make_draft_inspection(filed, official)
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
    inspection = make_draft_inspection(filed, official)
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
    inspection = make_draft_inspection(filed, official, inspected_on=timezone.localdate() + datetime.timedelta(days=3))
    answer_all(inspection, official)
    with pytest.raises(inspections_services.InspectionError):
        inspections_services.finish_inspection(inspection=inspection, by=official)


def test_an_all_compliant_inspection_finds_no_problems(official, operator, filed):
    inspection = make_finished_inspection(filed, official, problems=0)
    assert inspection.status == InspectionStatus.FINISHED and inspection.finished_at
    assert inspection.result == InspectionResult.COMPLIANT
    assert not Rectification.objects.exists()
    assert Notification.objects.filter(recipient=operator, url=inspection.get_absolute_url()).exists()


def test_not_applicable_items_do_not_count_as_problems(official, filed):
    inspection = make_draft_inspection(filed, official)
    answer_all(inspection, official, outcome=Outcome.NOT_APPLICABLE)
    inspections_services.finish_inspection(inspection=inspection, by=official)
    assert inspection.result == InspectionResult.COMPLIANT


def test_each_problem_opens_a_rectification_with_its_categorys_deadline(official, operator, filed):
    inspection = make_draft_inspection(filed, official)
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
    inspection = make_finished_inspection(filed, official, problems=1)
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
    inspection = make_draft_inspection(filed, official)
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
    draft = make_draft_inspection(filed, official)
    draft_photo = inspections_services.add_inspection_photo(
        check=draft.checks.first(), by=official, upload=png_upload()
    )
    finished = make_finished_inspection(filed, official, problems=1, photo=True)
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
    draft = make_draft_inspection(filed, official)
    finished = make_finished_inspection(filed, official, problems=0)
    client.force_login(operator)
    listing = client.get(reverse("supervision:inspection_list"))
    assert [i.pk for i in listing.context["inspections"]] == [finished.pk]
    assert client.get(reverse("supervision:inspection_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("supervision:inspection_detail", args=[finished.pk])).status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_inspection_list_query_count_does_not_grow(client, official, filed, rows, django_assert_max_num_queries):
    for _ in range(rows):
        make_draft_inspection(filed, official)
    client.force_login(official)
    # Session, user, the second factor's device, count, inbox badge, jurisdiction choices, rows, session save (and its
    # savepoint).
    with django_assert_max_num_queries(10):
        response = client.get(reverse("supervision:inspection_list"))
    assert response.context["page_obj"].paginator.count == rows


def test_the_detail_page_costs_a_fixed_number_of_queries(client, official, filed, django_assert_max_num_queries):
    inspection = make_finished_inspection(filed, official, problems=3, photo=True)
    client.force_login(official)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("supervision:inspection_detail", args=[inspection.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('data-outcome="non_compliant"') >= 3


def test_the_pages_carry_no_inline_script_or_style(client, official, operator, commission, filed):
    draft = make_draft_inspection(filed, official)
    finished = make_finished_inspection(filed, official, problems=1, photo=True)
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
            assert_no_inline_code(response.content.decode(), url)
