"""Registers as the registering departments and clerks send them (登记和备案办法 Art. 6): a title above the header,
their own header names, messy values, GB18030 CSV, missing columns (imported as incomplete), some refused rows
(the valid ones imported, the refused ones downloadable), a column mapping corrected and remembered, and the
command line."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from baodi_care.accounts.choices import Role
from institutions.choices import Category, InstitutionStatus, LegalForm, Ownership
from institutions.demo import make_uscc
from institutions.imports import mapping as imports_mapping
from institutions.imports import messages as imports_messages
from institutions.imports import plan as imports_plan
from institutions.imports import readers as imports_readers
from institutions.imports import services as imports_services
from institutions.imports import stash as imports_stash
from institutions.members import services as members_services
from institutions.models import ColumnMapping, Institution, RegisterImport
from institutions.register import services as register_services
from institutions.register.selectors import missing_fields
from tests.builders.accounts import make_user
from tests.institutions.imports.register_files import (
    CLERK_HEADER,
    CLERK_USCC,
    clerk_gb18030_csv,
    clerk_xlsx,
    csv_bytes,
    some_bad_rows_csv,
)


def plan_for(data: bytes, name: str, by, mapping=None) -> imports_plan.ImportPlan:
    rows = imports_readers.read_table(data=data, file_name=name)
    return imports_plan.plan_import(rows=rows, by=by, mapping=mapping)


def upload(client, name: str, data: bytes):
    return client.post(reverse("institutions:import"), {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize(("name", "data"), [("list.xlsx", clerk_xlsx), ("list.csv", clerk_gb18030_csv)])
def test_a_clerks_list_is_read_under_its_title_with_its_own_headers_and_values(commission, name, data):
    plan = plan_for(data(), name, commission)
    assert plan.file_errors == []
    assert plan.layout.header_line == 3
    read = {c.header: c.key for c in plan.layout.columns}
    assert read == {
        "序号": "id",
        "机构注册登记名称": "name",
        "统一社会信用代码": "uscc",
        "所属街道（镇）": "jurisdiction",
        "机构住所": "registered_address",
        "机构性质": "legal_form",  # its values are legal forms
        "举办方": "ownership",  # its values are 公办/民办
        "托位数": "seats",
        "备案通过时间": "filed_on",
    }
    assert [r.action for r in plan.rows] == ["create"] * 3, [r.errors for r in plan.rows]
    assert [r.line for r in plan.rows] == [4, 5, 6]
    first, second, third = plan.rows
    assert first.values["name"] == "宝坻 阳光托育中心"  # the full-width space is a space
    assert second.values["name"] == "大口屯小太阳托育园"
    assert [r.values["jurisdiction"].name for r in plan.rows] == ["宝平街道", "大口屯镇", "海滨街道"]
    assert [r.seat_total for r in plan.rows] == [0, 0, 0]  # a total alone creates no classes (and says so)
    assert str(imports_messages.SEATS_WITHOUT_TYPES) in first.warnings
    assert first.registration["filed_on"].isoformat() == "2024-10-01"
    assert second.registration["filed_on"].isoformat() == "2024-11-05"
    # A filing date means the list lists filed institutions; without one, a registration not (yet) filed.
    assert (first.status, third.status) == (InstitutionStatus.FILED, InstitutionStatus.DRAFT)
    assert third.values["ownership"] == Ownership.PUBLIC
    assert {c.key for c in first.missing} == {
        "category",
        "address",
        "legal_representative",
        "principal_name",
        "contact_phone",
    }  # fmt: skip  (住所 is not where the children are cared for)


def test_numbers_with_units_are_read_and_bad_numbers_refused(commission):
    header = ["名称", "统一社会信用代码", "街镇", "托大班托位数", "建筑面积"]
    data = csv_bytes(
        [
            header,
            ["甲", make_uscc(LegalForm.FOR_PROFIT, 840101), "宝平", "45个", "1,200 平方米"],
            ["乙", make_uscc(LegalForm.FOR_PROFIT, 840102), "宝平", "四十五", "120㎡"],
        ]
    )
    with translation.override("zh-hans"):
        plan = plan_for(data, "x.csv", commission)
        good, bad = plan.rows
        assert good.seat_total == 45 and str(good.values["building_area"]) == "1200"
        assert bad.action == imports_plan.ERROR
        assert "四十五" in bad.errors[0]


def test_an_incomplete_institution_is_claimed_and_completed_by_its_operator(client, commission, operator):
    record = imports_services.run_import(data=clerk_xlsx(), file_name="list.xlsx", by=commission)
    assert (record.created, record.refused) == (3, 0)
    institution = Institution.objects.get(uscc=CLERK_USCC[0])
    assert institution.status == InstitutionStatus.FILED
    assert institution.legal_form == LegalForm.FOR_PROFIT
    assert institution.registration.filed_on.isoformat() == "2024-10-01"
    # The list gives the 住所 (机构住所), not where the children are cared for: the service address is wanted too.
    assert set(missing_fields(institution)) == {
        "category", "address", "legal_representative", "principal_name", "contact_phone",
    }  # fmt: skip

    # The official of its 街镇 sees it marked incomplete.
    official = make_user(Role.OFFICIAL, jurisdiction=institution.jurisdiction)
    client.force_login(official)
    page = client.get(institution.get_absolute_url()).content.decode()
    assert 'id="incomplete"' in page
    with translation.override("zh-hans"):
        listing = client.get(reverse("institutions:list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        row = listing.split(institution.get_absolute_url())[1].split("</tr>")[0]
        assert translation.gettext("Incomplete") in row

    # Its operator claims it (approved by the 街镇: the register holds no contact) and completes it.
    claim = members_services.start_claim(uscc=institution.uscc, method="official", by=operator)
    members_services.decide_claim(claim=claim, by=official, approve=True)
    register_services.update_institution(
        institution=institution,
        by=operator,
        category=Category.INDEPENDENT,  # a fact the list lacked: completed, not a change of identity
        address="天津市宝坻区宝平街道服务路1号",
        legal_representative="王一",
        principal_name="李二",
        contact_phone="13800001111",
    )
    institution.refresh_from_db()
    assert missing_fields(institution) == []
    client.force_login(operator)
    assert 'id="incomplete"' not in client.get(institution.get_absolute_url()).content.decode()


def test_a_known_institution_keeps_what_the_file_lacks(commission):
    imports_services.run_import(data=clerk_xlsx(), file_name="list.xlsx", by=commission)
    institution = Institution.objects.get(uscc=CLERK_USCC[2])
    register_services.import_update_institution(
        institution=institution, by=commission, changes={"principal_name": "李二"}, reason="test"
    )
    plan = plan_for(clerk_xlsx(), "list.xlsx", commission)
    assert [r.action for r in plan.rows] == ["skip"] * 3


def test_some_bad_rows_are_refused_and_the_valid_ones_imported(commission):
    with translation.override("zh-hans"):
        plan = plan_for(some_bad_rows_csv(), "list.csv", commission)
        assert [r.action for r in plan.rows] == ["create", "error", "error", "create"]
        assert plan.can_import_valid_rows and not plan.is_valid
        assert plan.rows[1].errors == [str(imports_messages.UNKNOWN_JURISDICTION) % {"value": "火星镇"}]

    # Without saying so, a file with refused rows imports nothing.
    with pytest.raises(imports_services.ValidationError):
        imports_services.run_import(data=some_bad_rows_csv(), file_name="list.csv", by=commission)
    assert Institution.objects.count() == 0

    record = imports_services.run_import(
        data=some_bad_rows_csv(), file_name="list.csv", by=commission, valid_rows_only=True
    )
    assert (record.created, record.updated, record.skipped, record.refused) == (2, 0, 0, 2)
    assert sorted(Institution.objects.values_list("name", flat=True)) == ["好托育一园", "好托育二园"]


def test_a_row_that_fails_while_written_takes_the_whole_import_back(commission, monkeypatch):
    real = register_services.import_institution
    calls = []

    def failing(**kwargs):
        calls.append(kwargs["uscc"])
        if len(calls) == 2:
            raise imports_services.ValidationError("boom")
        return real(**kwargs)

    monkeypatch.setattr(register_services, "import_institution", failing)
    with pytest.raises(imports_services.ValidationError):
        imports_services.run_import(data=some_bad_rows_csv(), file_name="list.csv", by=commission, valid_rows_only=True)
    assert Institution.objects.count() == 0 and RegisterImport.objects.count() == 0


def test_the_preview_offers_the_valid_rows_and_the_refused_rows_as_a_file(client, commission):
    client.force_login(commission)
    upload(client, "list.csv", some_bad_rows_csv())
    html = client.get(reverse("institutions:import_preview")).content.decode()
    assert 'id="confirm-valid"' in html and 'id="confirm"' not in html
    assert html.count('data-outcome="error"') == 2 and html.count('data-outcome="create"') == 2

    response = client.get(reverse("institutions:import_refused"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(cell for cell in rows if cell and "机构注册登记名称" in cell)
    assert header[1:-1] == CLERK_HEADER
    refused = rows[rows.index(header) + 1 :]
    assert [(r[0], r[2]) for r in refused] == [(3, "坏街镇托育园"), (4, "坏代码托育园")]
    assert "火星镇" in refused[0][-1]

    sha = client.session[imports_stash.SESSION_KEY]["sha256"]
    client.post(reverse("institutions:import_confirm"), {"sha256": sha, "valid_rows_only": "True"})
    assert Institution.objects.count() == 2
    assert RegisterImport.objects.get().refused == 2


def test_the_clerk_corrects_a_column_and_the_mapping_is_remembered(client, commission):
    other_clerk = make_user(Role.COMMISSION)
    header = ["机构名称", "统一社会信用代码", "街镇", "备注"]
    data = csv_bytes([header, ["丙托育园", make_uscc(LegalForm.FOR_PROFIT, 840201), "宝平", "负责人张三"]])
    client.force_login(commission)
    upload(client, "a.csv", data)
    preview = client.get(reverse("institutions:import_preview"))
    assert preview.context["plan"].ignored_columns == ["备注"]
    # 备注 holds the person in charge in this clerk's file: they say so.
    client.post(reverse("institutions:import_mapping"), {"col_0": "name", "col_1": "uscc", "col_2": "jurisdiction",
                                                         "col_3": "principal_name"})  # fmt: skip
    plan = client.get(reverse("institutions:import_preview")).context["plan"]
    assert plan.rows[0].values["principal_name"] == "负责人张三"
    assert ColumnMapping.objects.get(saved_by=commission).mapping["备注"] == "principal_name"
    # The import job reads the file with the mapping the preview showed.
    client.post(reverse("institutions:import_confirm"), {"sha256": client.session[imports_stash.SESSION_KEY]["sha256"]})
    assert Institution.objects.get(name="丙托育园").principal_name == "负责人张三"

    # The next file with these headers (in another order) is read the same way, by a colleague too.
    again = csv_bytes([header[::-1], ["负责人李四", "宝平", make_uscc(LegalForm.FOR_PROFIT, 840202), "丁托育园"]])
    plan = plan_for(again, "b.csv", other_clerk)
    assert plan.rows[0].values["principal_name"] == "负责人李四"
    assert {c.header: c.how for c in plan.layout.columns}["备注"] == imports_mapping.BY_SAVED


def test_a_weak_header_is_not_read_when_its_values_do_not_fit(commission):
    header = ["机构名称", "统一社会信用代码", "街镇", "机构性质"]
    data = csv_bytes(
        [header, ["戊托育园", make_uscc(LegalForm.FOR_PROFIT, 840301), "宝平", "天津某某教育科技有限公司"]]
    )
    plan = plan_for(data, "c.csv", commission)
    assert plan.ignored_columns == ["机构性质"]  # neither a legal form nor 公办/民办
    assert plan.rows[0].action == "create"


def test_a_mapping_naming_one_field_twice_is_refused(commission):
    data = csv_bytes(
        [["机构名称", "统一社会信用代码", "街镇", "备注"], ["己", make_uscc(LegalForm.FOR_PROFIT, 840401), "宝平", "x"]]
    )
    plan = plan_for(data, "d.csv", commission, mapping={"机构名称": "name", "备注": "name"})
    assert plan.file_errors and not plan.rows


def test_missing_identifying_columns_are_named(commission):
    with translation.override("zh-hans"):
        plan = plan_for(csv_bytes([["机构名称", "所属街道（镇）"], ["庚", "宝平"]]), "e.csv", commission)
        assert plan.file_errors and translation.gettext("Credit code") in plan.file_errors[0]


# --- manage.py import_register -----------------------------------------------------------------------------------


def test_command_dry_run_prints_each_row_and_the_summary(commission, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(some_bad_rows_csv())
    out = io.StringIO()
    call_command("import_register", str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "header: line 1" in text
    assert "line 2\tcreate" in text and "line 3\trefused" in text and "火星镇" in text
    assert text.strip().endswith("dry run: created 2 / updated 0 / unchanged 0 / refused 2")
    assert Institution.objects.count() == 0


def test_command_imports_with_a_map_and_valid_rows_only(commission, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(some_bad_rows_csv())
    with pytest.raises(CommandError):
        call_command("import_register", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command(
        "import_register", str(path), "--valid-rows-only", "--map", "序号=", "--map", "机构住所=负责人", stdout=out
    )
    assert out.getvalue().strip().endswith("created 2 / updated 0 / unchanged 0 / refused 2")
    institution = Institution.objects.get(name="好托育一园")
    assert institution.principal_name == "宝平街道1号" and institution.address == ""
    with pytest.raises(CommandError):
        call_command("import_register", str(path), "--map", "机构住所=no_such_field", stdout=io.StringIO())


def test_an_incomplete_institution_cannot_submit_its_filing_until_completed(commission, operator, official, haibin):
    from institutions.filings import services as filings_services
    from institutions.filings.services import FILING_INSTITUTION_INCOMPLETE
    from institutions.register.selectors import missing_labels
    from tests.builders.filings import make_draft_filing
    from tests.builders.register import FILING_FORM_FACTS, make_unfiled_registration

    institution = make_unfiled_registration(haibin)
    claim = members_services.start_claim(uscc=institution.uscc, method="official", by=operator)
    members_services.decide_claim(claim=claim, by=official, approve=True)
    filing = make_draft_filing(institution, operator)
    with translation.override("zh-hans"), pytest.raises(imports_services.ValidationError) as refused:
        filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    with translation.override("zh-hans"):
        fields = "、".join(missing_labels(institution))
        assert refused.value.messages == [str(FILING_INSTITUTION_INCOMPLETE) % {"fields": fields}]

    register_services.update_institution(
        institution=institution,
        by=operator,
        ownership=Ownership.PRIVATE,
        category=Category.INDEPENDENT,
        address="天津市宝坻区海滨街道服务路1号",
        legal_representative="王一",
        principal_name="李二",
        contact_phone="13800001111",
    )
    # Then the 备案书's own facts, which no register gives (举办者, registration certificate, premises, hours).
    with translation.override("zh-hans"), pytest.raises(imports_services.ValidationError) as refused:
        filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    assert "举办者" in refused.value.messages[0]
    register_services.update_institution(
        institution=institution, by=operator, **FILING_FORM_FACTS, registered_address=institution.registered_address,
        sponsor_id_number=make_uscc(LegalForm.FOR_PROFIT, 840999),
    )  # fmt: skip
    register_services.add_class(institution=institution, by=operator, name="托小班", class_type="toddler", seats=15)
    filing.refresh_from_db()
    submitted = filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    assert submitted.status == "submitted"


def test_a_sponsor_column_of_names_is_read_as_the_sponsor_and_the_domicile_apart_from_the_service_address(commission):
    header = ["机构名称", "统一社会信用代码", "所属街道（镇）", "举办方", "机构住所", "实际服务地址"]
    rows = [
        ["宝坻举办者托育园", make_uscc(LegalForm.FOR_PROFIT, 5151), "海滨街道", "天津童乐教育科技有限公司",
         "天津市宝坻区钰华街道登记路1号", "天津市宝坻区海滨街道服务路2号"],
    ]  # fmt: skip
    plan = plan_for(csv_bytes([header, *rows]), "list.csv", commission)
    read = {c.header: c.key for c in plan.layout.columns}
    assert (read["举办方"], read["机构住所"], read["实际服务地址"]) == ("sponsor_name", "registered_address", "address")
    values = plan.rows[0].values
    assert values["sponsor_name"] == "天津童乐教育科技有限公司"
    assert (values["registered_address"], values["address"]) == (
        "天津市宝坻区钰华街道登记路1号",
        "天津市宝坻区海滨街道服务路2号",
    )
