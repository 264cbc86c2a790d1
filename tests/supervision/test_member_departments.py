"""Member departments (成员单位) read the register and the inspections they take part in, nothing more (DESIGN §1;
issue 10 item 2): no fee history, operating reports (incident notes), rectifications (answers, evidence), ledgers,
checklists or dashboard; no other rows through a list page or an export."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baodi_care.accounts.choices import MemberDepartment, Role
from baodi_care.accounts.models import User
from supervision.choices import InspectionKind
from supervision.models import EvidenceFile, Inspection
from tests.builders.accounts import make_user
from tests.builders.fees import make_published_fees
from tests.builders.inspections import make_finished_inspection
from tests.builders.rectifications import answer
from tests.builders.reports import make_report

pytestmark = pytest.mark.django_db

INCIDENT = "户外活动时一名幼儿膝部擦伤"
ANSWER = "已更换灭火器并张贴检查记录"


def joint(*departments: str) -> dict:
    return {"kind": InspectionKind.JOINT, "departments": list(departments)}


@pytest.fixture
def inspections(filed, other_filed, official, other_official):
    """A joint inspection with the education bureau (the `department` user's unit) and fire and rescue, one with
    fire and rescue only, a routine one, each with a problem and a photo; and one with education in 宝平."""
    return {
        "joined": make_finished_inspection(
            filed, official, problems=1, photo=True, **joint(MemberDepartment.EDUCATION, MemberDepartment.FIRE)
        ),
        "fire_only": make_finished_inspection(filed, official, problems=1, photo=True, **joint(MemberDepartment.FIRE)),
        "routine": make_finished_inspection(filed, official, problems=1, photo=True),
        "joined_elsewhere": make_finished_inspection(other_filed, other_official, **joint(MemberDepartment.EDUCATION)),
    }


def test_a_department_sees_only_the_inspections_it_took_part_in(client, department, inspections):
    client.force_login(department)
    listed = client.get(reverse("supervision:inspection_list")).context["inspections"]
    assert {i.pk for i in listed} == {inspections["joined"].pk, inspections["joined_elsewhere"].pk}
    for key, status in (("joined", 200), ("joined_elsewhere", 200), ("fire_only", 404), ("routine", 404)):
        url = reverse("supervision:inspection_detail", args=[inspections[key].pk])
        assert client.get(url).status_code == status, key


def test_the_fire_brigade_sees_its_own_joint_inspections(client, inspections):
    fire = make_user(Role.DEPARTMENT, username="xfzd", department=MemberDepartment.FIRE)
    assert set(Inspection.objects.for_user(fire)) == {inspections["joined"], inspections["fire_only"]}


def test_a_department_user_without_a_unit_sees_no_inspection(inspections, department):
    # Possible only for an account of before its unit was chosen (the migration could not match its free text).
    User.objects.filter(pk=department.pk).update(department="")
    department.refresh_from_db()
    assert not Inspection.objects.for_user(department).exists()


def test_a_joined_inspection_shows_its_items_and_photos_but_not_the_rectifications(client, department, inspections):
    inspection = inspections["joined"]
    rectification = answer(inspection.checks.get(outcome="non_compliant").rectification)
    client.force_login(department)
    html = client.get(reverse("supervision:inspection_detail", args=[inspection.pk])).content.decode()
    assert "消防通道堆放杂物" in html  # the inspector's note on the problem
    assert rectification.get_absolute_url() not in html
    assert reverse("supervision:institution_ledger", args=[inspection.institution_id]) not in html
    assert ANSWER not in html
    photo = EvidenceFile.objects.get(item_check__inspection=inspection)
    assert client.get(reverse("supervision:evidence_preview", args=[photo.pk])).status_code == 200
    evidence = EvidenceFile.objects.get(rectification=rectification)
    assert client.get(reverse("supervision:evidence_download", args=[evidence.pk])).status_code == 404
    assert client.get(rectification.get_absolute_url()).status_code == 403
    other_photo = EvidenceFile.objects.get(item_check__inspection=inspections["routine"])
    assert client.get(reverse("supervision:evidence_preview", args=[other_photo.pk])).status_code == 404


def test_the_institution_page_shows_the_register_without_fees_reports_or_supervision(
    client, department, filed, operator, inspections
):
    make_published_fees(filed, operator)
    report = make_report(filed, operator, incidents=1, incident_notes=INCIDENT)
    client.force_login(department)
    response = client.get(filed.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert filed.name in html and filed.uscc in html  # the register
    assert 'id="fees-reports-card"' not in html
    for url in (
        reverse("institutions:fee_history", args=[filed.pk]),
        reverse("institutions:report_list", args=[filed.pk]),
        reverse("institutions:report_detail", args=[report.pk]),
        reverse("institutions:fee_status"),
        reverse("institutions:report_status"),
        reverse("supervision:institution_ledger", args=[filed.pk]),
        reverse("supervision:rectification_ledger"),
        reverse("supervision:checklist_list"),
        reverse("supervision:dashboard"),
    ):
        assert url not in html
        assert client.get(url).status_code == 403, url
    assert INCIDENT not in html


def test_the_menu_offers_a_department_only_what_it_may_open(client, department):
    client.force_login(department)
    html = client.get(reverse("home")).content.decode()
    assert reverse("institutions:list") in html and reverse("supervision:inspection_list") in html
    for name in ("fee_status", "report_status", "claim_list"):
        assert reverse(f"institutions:{name}") not in html
    for name in ("rectification_ledger", "coverage", "checklist_list", "dashboard"):
        assert reverse(f"supervision:{name}") not in html


def test_exports_and_figures_give_a_department_the_register_only(client, department, filed, operator, inspections):
    make_report(filed, operator, incidents=1, incident_notes=INCIDENT)
    client.force_login(department)
    cards = client.get(reverse("supervision:export_list")).context["cards"]
    assert [card["spec"].key for card in cards] == ["register"]
    for key in ("inspections", "rectifications", "reports", "fees", "filings", "complaints"):
        assert client.get(reverse(f"supervision:export_{key}"), {"format": "csv"}).status_code == 403, key
    assert client.get(reverse("supervision:export_statistics"), {"format": "xlsx"}).status_code == 403
    assert client.get(reverse("supervision:dashboard_download", args=["institutions", "csv"])).status_code == 403
    response = client.get(reverse("supervision:export_register"), {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert filed.name in text and INCIDENT not in text


@pytest.mark.parametrize("rows", [5, 50])
def test_the_department_inspection_list_costs_the_same_for_5_or_50_rows(
    client, department, official, filed, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        make_finished_inspection(filed, official, **joint(MemberDepartment.EDUCATION))
    client.force_login(department)
    # Session, user, the second factor's device, count, inbox badge, jurisdiction choices, rows, session save (and its
    # savepoint).
    with django_assert_max_num_queries(10):
        response = client.get(reverse("supervision:inspection_list"))
    assert response.context["page_obj"].paginator.count == rows


def test_a_department_account_names_its_unit(commission, client):
    from django.core.exceptions import ValidationError

    from baodi_care.accounts.staff import services as staff_services

    with pytest.raises(ValidationError) as refused:
        staff_services.create_staff_user(
            by=commission, role=Role.DEPARTMENT, username="mzj", full_name="民政", email="mzj@example.cn",
            department="区民政局",  # free text is not a unit
        )  # fmt: skip
    assert "department" in refused.value.error_dict
    user = staff_services.create_staff_user(
        by=commission, role=Role.DEPARTMENT, username="mzj", full_name="民政", email="mzj@example.cn",
        department=MemberDepartment.CIVIL_AFFAIRS,
    )  # fmt: skip
    assert user.department_label == str(MemberDepartment.CIVIL_AFFAIRS.label)
    client.force_login(commission)
    html = client.get(reverse("staff:detail", args=[user.pk])).content.decode()
    assert str(MemberDepartment.CIVIL_AFFAIRS.label) in html


def test_the_migration_turns_the_free_text_units_into_codes(department):
    from django.apps import apps
    from django.utils.module_loading import import_string

    to_codes = import_string("supervision.migrations.0004_member_department_codes.to_codes")
    User.objects.filter(pk=department.pk).update(department="区教育局")
    unknown = make_user(Role.DEPARTMENT, username="unknown", department=MemberDepartment.FIRE)
    User.objects.filter(pk=unknown.pk).update(department="某某办公室")
    to_codes(apps, None)
    assert User.objects.get(pk=department.pk).department == MemberDepartment.EDUCATION
    assert User.objects.get(pk=unknown.pk).department == ""
