"""The register import: the sample files, rows with errors (nothing saved), the dry run's create/update/skip, the
export → import round trip."""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from baodi_care.core.spreadsheets import BOM
from institutions.choices import Category, ClassType, InstitutionStatus, LegalForm, Ownership
from institutions.demo import make_uscc
from institutions.imports import messages as imports_messages
from institutions.imports import parser as imports_parser
from institutions.imports import plan as imports_plan
from institutions.imports import readers as imports_readers
from institutions.imports import services as imports_services
from institutions.models import INVALID_USCC, Institution, RegisterImport
from institutions.register import services as register_services
from tests.builders.register import make_imported_institution

# What these tests read back of an institution already on the register: its phone, and its two classes.
from tests.institutions.imports.register_files import HEADER, bad_file, csv_bytes, row, sample

ON_THE_REGISTER = {
    "contact_phone": "022-22008888",
    "classes": [
        {"name": "乳儿班", "class_type": ClassType.INFANT, "seats": 10},
        {"name": "托大班", "class_type": ClassType.SENIOR, "seats": 20},
    ],
}


def plan_for(data: bytes, file_name: str, by) -> imports_plan.ImportPlan:
    return imports_plan.plan_import(rows=imports_readers.read_table(data=data, file_name=file_name), by=by)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def same_row(institution: Institution, **over) -> list[str]:
    """The row of an institution as it is on the register (in HEADER's columns), with `over` changed."""
    values = {
        "地址": institution.address,
        "法定代表人": institution.legal_representative,
        "负责人": institution.principal_name,
        "联系电话": institution.contact_phone,
        **over,
    }
    return row(institution.name, institution.uscc, **values)


# --- The sample files -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sample_register.csv", "sample_register.xlsx"])
def test_sample_file_imports_cleanly(commission, name):
    plan = plan_for(sample(name), name, commission)
    assert plan.file_errors == []
    assert plan.ignored_columns == []
    assert [r.errors for r in plan.rows if r.errors] == []
    assert plan.counts == {"create": 10, "update": 0, "skip": 0, "error": 0}

    record = imports_services.run_import(data=sample(name), file_name=name, by=commission)
    assert (record.created, record.updated, record.skipped) == (10, 0, 0)
    assert Institution.objects.count() == 10

    kindergarten = Institution.objects.get(name="天津市宝坻区第一幼儿园托班")
    assert kindergarten.category == Category.KINDERGARTEN_CLASS
    assert kindergarten.legal_form == LegalForm.PUBLIC_INSTITUTION
    assert kindergarten.jurisdiction.code == "120115003000"
    assert kindergarten.status == InstitutionStatus.FILED
    # 40 seats of 托大班 become two classes within the cap of 20 (设置标准 Art. 19).
    assert sorted(kindergarten.classes.values_list("name", "seats")) == [("托大班1", 20), ("托大班2", 20)]
    family = Institution.objects.get(category=Category.FAMILY)
    assert family.provides_meals is False
    assert list(family.classes.values_list("class_type", "seats")) == [(ClassType.MIXED, 5)]
    assert Institution.objects.get(name__contains="蒲公英").status == InstitutionStatus.SUSPENDED
    assert Institution.objects.get(name__contains="一米阳光").status == InstitutionStatus.DRAFT
    hemiao = Institution.objects.get(name__contains="禾苗")
    assert (hemiao.offers_full_day, hemiao.offers_half_day, hemiao.offers_hourly) == (True, True, False)
    assert str(hemiao.lease_end_date) == "2029-08-31"
    # Recorded in the history, with who and which import.
    entry = hemiao.history.latest()
    assert entry.history_user == commission
    assert entry.history_change_reason == f"register import #{record.pk}"
    assert hemiao.classes.first().history.latest().history_change_reason == f"register import #{record.pk}"


def test_importing_the_same_file_again_changes_nothing(commission):
    imports_services.run_import(data=sample("sample_register.csv"), file_name="sample_register.csv", by=commission)
    plan = plan_for(sample("sample_register.xlsx"), "sample_register.xlsx", commission)
    assert plan.counts == {"create": 0, "update": 0, "skip": 10, "error": 0}


def test_bad_rows_are_reported_row_by_row_and_nothing_is_saved(commission):
    with translation.override("zh-hans"):
        plan = plan_for(bad_file(), "register.csv", commission)
        errors = {r.line: r.errors for r in plan.rows if r.action == imports_plan.ERROR}
        assert set(errors) == {3, 4, 5, 6, 7, 8}
        assert errors[3] == [str(INVALID_USCC)]
        assert errors[4] == [str(imports_messages.UNKNOWN_JURISDICTION) % {"value": "120115999000"}]
        assert errors[5] == [str(imports_messages.DUPLICATE_USCC) % {"uscc": plan.rows[0].uscc, "line": 2}]
        assert errors[6] == [str(imports_messages.REQUIRED_MISSING) % {"column": translation.gettext("Name")}]
        assert "托管班" in errors[7][0] and "独立托育机构" in errors[7][0]
        assert errors[8] == [str(imports_messages.JURISDICTION_MISMATCH) % {"code": "120115001000", "name": "宝平街道"}]
        assert plan.rows[0].action == imports_plan.CREATE
        assert not plan.is_valid

    with pytest.raises(ValidationError) as raised:
        imports_services.run_import(data=bad_file(), file_name="register.csv", by=commission)
    assert "6" in raised.value.messages[0]
    assert Institution.objects.count() == 0
    assert RegisterImport.objects.count() == 0


def test_jurisdiction_by_name_or_short_code(commission):
    data = csv_bytes(
        [
            HEADER,
            row("按名称", make_uscc(LegalForm.FOR_PROFIT, 830011), code="", jurisdiction="宝平街道"),
            row("按短代码", make_uscc(LegalForm.FOR_PROFIT, 830012), code="101", jurisdiction=""),
        ]
    )
    plan = plan_for(data, "register.csv", commission)
    assert plan.is_valid
    assert [r.values["jurisdiction"].code for r in plan.rows] == ["120115002000", "120115101000"]


def test_codes_and_english_labels_are_accepted(commission):
    data = csv_bytes(
        [
            ["name", "Credit code", "Jurisdiction code", "Legal form", "Ownership", "Category", "Address",
             "Legal representative", "Person in charge", "Contact phone", "Service forms", "Inclusive (普惠)"],
            ["Code row", make_uscc(LegalForm.SOCIAL_SERVICE, 830021), "120115001000", "social_service", "private",
             "community", "天津市宝坻区海滨街道1号", "王", "李", "022-1", "full_day, hourly", "yes"],
            ["Label row", make_uscc(LegalForm.FOR_PROFIT, 830022), "120115001000", "For-profit enterprise (营利性)",
             "Privately run", "Family childcare point", "天津市宝坻区海滨街道2号", "王", "李", "022-2",
             "Temporary care", "No"],
        ]
    )  # fmt: skip
    plan = plan_for(data, "register.csv", commission)
    assert plan.is_valid, [r.errors for r in plan.rows]
    first, second = (r.values for r in plan.rows)
    assert (first["legal_form"], first["category"]) == ("social_service", "community")
    # 普惠 is granted by the commission, never imported: the row says the file's "yes" is not taken.
    assert "is_inclusive" not in first
    assert any("普惠" in w or "Inclusive" in w for w in plan.rows[0].warnings)
    assert (first["offers_full_day"], first["offers_hourly"], first["offers_half_day"]) == (True, True, False)
    assert (second["legal_form"], second["category"], second["offers_temporary"]) == ("for_profit", "family", True)


def test_missing_columns_and_unreadable_files(commission):
    plan = plan_for(csv_bytes([["名称", "地址"], ["x", "y"]]), "register.csv", commission)
    assert plan.file_errors and not plan.is_valid
    with pytest.raises(ValidationError):
        imports_readers.read_table(data=b"PK\x03\x04 not really a workbook", file_name="register.xlsx")
    with pytest.raises(ValidationError):
        imports_readers.read_table(data=b"name\n", file_name="register.txt")
    assert plan_for(csv_bytes([HEADER]), "register.csv", commission).file_errors == [str(imports_messages.IMPORT_EMPTY)]


def test_csv_saved_by_excel_in_gb18030_is_read(commission):
    data = csv_bytes([HEADER, row("国标编码托育园", make_uscc(LegalForm.FOR_PROFIT, 830031))], encoding="gb18030")
    plan = plan_for(data, "register.csv", commission)
    assert plan.is_valid
    assert plan.rows[0].name == "国标编码托育园"


def test_only_the_commission_imports(official, haibin):
    with pytest.raises(PermissionDenied):
        plan_for(sample("sample_register.csv"), "sample_register.csv", official)
    with pytest.raises(PermissionDenied):
        imports_services.run_import(data=sample("sample_register.csv"), file_name="sample_register.csv", by=official)


def test_an_error_while_saving_leaves_nothing_saved(commission, monkeypatch):
    from institutions.register import services

    calls = {"n": 0}
    real = services.import_institution

    def failing(**kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise ValidationError("boom")
        return real(**kwargs)

    monkeypatch.setattr(register_services, "import_institution", failing)
    with pytest.raises(ValidationError):
        imports_services.run_import(data=sample("sample_register.csv"), file_name="sample_register.csv", by=commission)
    assert Institution.objects.count() == 0
    assert RegisterImport.objects.count() == 0


# --- Updates: which fields change; status and seats are kept -------------------------------------------------------


def test_update_lists_the_fields_that_change(commission, haibin):
    institution = make_imported_institution(haibin, by=commission, **ON_THE_REGISTER)
    data = csv_bytes(
        [
            HEADER,
            same_row(institution, 联系电话="022-29990000"),
        ]
    )
    plan = plan_for(data, "register.csv", commission)
    (planned,) = plan.rows
    assert planned.action == imports_plan.UPDATE
    assert planned.values == {"contact_phone": "022-29990000"}
    assert planned.changes == [
        {"label": str(translation.gettext("Contact phone")), "before": "022-22008888", "after": "022-29990000"}
    ]
    record = imports_services.run_import(data=data, file_name="register.csv", by=commission)
    institution.refresh_from_db()
    assert institution.contact_phone == "022-29990000"
    assert record.updated == 1
    entry = institution.history.latest()
    assert (entry.history_user, entry.history_change_reason) == (commission, f"register import #{record.pk}")


def test_status_and_seats_of_a_known_institution_are_kept_with_a_warning(commission, haibin):
    institution = make_imported_institution(haibin, by=commission, **ON_THE_REGISTER)
    header = [*HEADER, "状态", "乳儿班托位", "托大班托位"]
    data = csv_bytes([header, [*same_row(institution), "已注销", "5", "20"]])
    (planned,) = plan_for(data, "register.csv", commission).rows
    assert planned.action == imports_plan.SKIP
    assert len(planned.warnings) == 2
    imports_services.run_import(data=data, file_name="register.csv", by=commission)
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.FILED
    assert institution.classes.count() == 2


def test_a_filed_institutions_name_and_jurisdiction_are_kept_with_a_warning(commission, haibin, baoping):
    """Its 街镇, name, legal form and category change through its change filing (变更备案), not an import (issue 10)."""
    institution = make_imported_institution(haibin, by=commission, **ON_THE_REGISTER)
    new_address = "天津市宝坻区宝平街道新址1号"
    moved = same_row(institution, code=baoping.code, jurisdiction=baoping.name, 机构类型="社区托育点", 地址=new_address)
    moved[0] = "改名托育园"
    data = csv_bytes([HEADER, moved])
    (planned,) = plan_for(data, "register.csv", commission).rows
    assert planned.action == imports_plan.UPDATE
    assert planned.values == {"address": new_address}
    labels = "、".join(imports_plan._field_label(name) for name in ("name", "category", "jurisdiction"))
    assert planned.warnings == [str(imports_messages.IDENTITY_KEPT) % {"fields": labels}]
    imports_services.run_import(data=data, file_name="register.csv", by=commission)
    institution.refresh_from_db()
    assert (institution.name, institution.jurisdiction, institution.category) != ("改名托育园", baoping, "community")
    assert (institution.jurisdiction, institution.category) == (haibin, Category.INDEPENDENT)
    assert institution.address == new_address
    # The service refuses it too, whatever calls it.
    with pytest.raises(ValidationError):
        register_services.import_update_institution(
            institution=institution, by=commission, changes={"jurisdiction": baoping}, reason="test"
        )


def test_a_draft_institutions_identity_is_the_imports_to_correct(commission, haibin, baoping):
    institution = make_imported_institution(haibin, by=commission, status=InstitutionStatus.DRAFT, **ON_THE_REGISTER)
    data = csv_bytes([HEADER, same_row(institution, code=baoping.code, jurisdiction=baoping.name)])
    (planned,) = plan_for(data, "register.csv", commission).rows
    assert planned.values == {"jurisdiction": baoping} and not planned.warnings


def test_a_closed_institution_cannot_be_changed(commission, haibin):
    institution = make_imported_institution(
        haibin, by=commission, status=InstitutionStatus.CLOSED, **ON_THE_REGISTER
    )  # closed on the register it came from
    data = csv_bytes([HEADER, same_row(institution, 联系电话="022-1")])
    (planned,) = plan_for(data, "register.csv", commission).rows
    assert planned.action == imports_plan.ERROR
    assert planned.errors == [str(register_services.INSTITUTION_CLOSED)]


def test_an_update_goes_through_the_register_service(commission, haibin, monkeypatch):
    """The import changes the register only through institutions.register.services (issue 8)."""
    institution = make_imported_institution(haibin, by=commission, **ON_THE_REGISTER)
    calls = []
    real = register_services.import_update_institution

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(register_services, "import_update_institution", spy)
    data = csv_bytes([HEADER, same_row(institution, 联系电话="022-29990000")])
    record = imports_services.run_import(data=data, file_name="register.csv", by=commission)
    [call] = calls
    assert (call["institution"].pk, call["by"], call["changes"]) == (
        institution.pk,
        commission,
        {"contact_phone": "022-29990000"},
    )
    assert call["reason"] == f"register import #{record.pk}"


# --- Export → import round trip ---------------------------------------------------------------------------------


def _change_phone_csv(data: bytes, uscc: str, phone: str) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    column = next(
        i
        for i, h in enumerate(header)
        if imports_parser._header_lookup().get(imports_readers._normal(h)) == "contact_phone"
    )
    for r in rows[1:]:
        if r[2] == uscc:
            r[column] = phone
    return csv_bytes(rows)


def _change_phone_xlsx(data: bytes, uscc: str, phone: str) -> bytes:
    source = load_workbook(io.BytesIO(data))
    sheet = source.worksheets[0]
    header = [c.value for c in sheet[1]]
    column = next(
        i
        for i, h in enumerate(header)
        if imports_parser._header_lookup().get(imports_readers._normal(h)) == "contact_phone"
    )
    for cells in sheet.iter_rows(min_row=2):
        if cells[2].value == uscc:
            cells[column].value = phone
    out = io.BytesIO()
    source.save(out)
    return out.getvalue()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_round_trip(client, commission, haibin, baoping, fmt, language):
    on_register = {"by": commission, **ON_THE_REGISTER}
    institutions = [
        make_imported_institution(haibin, **on_register, is_inclusive=True, offers_half_day=True,
                                  lease_end_date="2030-01-31", building_area="650.0", contact_email="a@example.cn"),
        make_imported_institution(baoping, **{**on_register, "classes": []}, category=Category.FAMILY,
                                  provides_meals=False, floor=3, address="天津市宝坻区宝平街道某小区1号楼101室"),
        make_imported_institution(haibin, **on_register, name="=公式一样的名字",
                                  legal_form=LegalForm.PUBLIC_INSTITUTION, ownership=Ownership.PUBLIC,
                                  category=Category.KINDERGARTEN_CLASS),
    ]  # fmt: skip
    client.force_login(commission)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("supervision:export_register"), {"format": fmt})
    assert response.status_code == 200
    data = body(response)
    if fmt == "csv":
        assert data.startswith(BOM.encode())

    with translation.override(language):
        plan = plan_for(data, f"register.{fmt}", commission)
    assert plan.file_errors == [] and plan.ignored_columns == []
    assert plan.counts == {"create": 0, "update": 0, "skip": 3, "error": 0}, [(r.errors, r.changes) for r in plan.rows]

    target = institutions[1]
    changed = (_change_phone_csv if fmt == "csv" else _change_phone_xlsx)(data, target.uscc, "13800138000")
    plan = plan_for(changed, f"register.{fmt}", commission)
    assert plan.counts == {"create": 0, "update": 1, "skip": 2, "error": 0}
    (update,) = plan.by_action(imports_plan.UPDATE)
    assert update.uscc == target.uscc
    assert update.values == {"contact_phone": "13800138000"}
    imports_services.run_import(data=changed, file_name=f"register.{fmt}", by=commission)
    target.refresh_from_db()
    assert target.contact_phone == "13800138000"
