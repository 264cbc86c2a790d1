"""Exports: who gets which, scope, formats (csv with a BOM, xlsx that opens), constant query counts, and no
personal data where there must be none."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from baodi_care.accounts.choices import Role
from baodi_care.core.spreadsheets import BOM
from institutions.choices import Category, ClassType
from supervision.exports.views import EXPORTS
from supervision.statistics.registry import FIGURES

# Two classes: 15 toddlers and 20 older children, 35 seats in the export.
from tests.builders.complaints import make_complaint_about
from tests.builders.fees import make_published_fees
from tests.builders.filings import make_submitted_filing
from tests.builders.inspections import make_finished_inspection
from tests.builders.register import make_imported_institution, make_institution
from tests.builders.reports import make_report

TWO_CLASSES = [
    {"name": "托小班", "class_type": ClassType.TODDLER, "seats": 15},
    {"name": "托大班", "class_type": ClassType.SENIOR, "seats": 20},
]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    data = body(response)
    assert data.startswith(BOM.encode("utf-8")), "CSV must start with a UTF-8 BOM"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(body(response)), read_only=True)
    rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    return rows


def export(client, key: str, fmt: str = "csv", **params):
    return client.get(reverse(f"supervision:export_{key}"), {"format": fmt, **params})


# --- The exports page ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.OFFICIAL, set(EXPORTS)),
        (Role.COMMISSION, set(EXPORTS)),
        (Role.DEPARTMENT, {"register"}),
    ],
)
def test_exports_page_lists_what_the_role_may_export(client, users, role, expected):
    client.force_login(users[role])
    response = client.get(reverse("supervision:export_list"))
    assert response.status_code == 200
    assert {card["spec"].key for card in response.context["cards"]} == expected
    html = response.content.decode()
    for key in expected:
        assert reverse(f"supervision:export_{key}") in html
    assert (response.context["statistics"] is not None) == (role != Role.DEPARTMENT)
    assert ('id="import-link"' in html) == (role == Role.COMMISSION)


@pytest.mark.parametrize("key", sorted(set(EXPORTS) - {"register"}))
def test_departments_export_the_register_only(client, department, key):
    client.force_login(department)
    assert export(client, key).status_code == 403
    assert export(client, "register").status_code == 200


def test_operators_have_no_exports(client, operator):
    client.force_login(operator)
    assert client.get(reverse("supervision:export_list")).status_code == 403
    assert export(client, "register").status_code == 403


# --- The register: scope, formats, columns --------------------------------------------------------------------


def test_official_register_export_holds_only_their_jurisdiction(client, official, haibin, baoping):
    mine = make_imported_institution(haibin)
    theirs = make_imported_institution(baoping)
    client.force_login(official)
    for fmt, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
        rows = read(export(client, "register", fmt))
        usccs = {row[2] for row in rows[1:]}
        assert mine.uscc in usccs
        assert theirs.uscc not in usccs
        assert all(row[3] == haibin.code for row in rows[1:])


def test_commission_exports_the_district_and_can_filter(client, commission, haibin, baoping):
    here, there = (
        make_imported_institution(haibin),
        make_imported_institution(baoping),
    )
    client.force_login(commission)
    usccs = {row[2] for row in csv_rows(export(client, "register"))[1:]}
    assert {here.uscc, there.uscc} <= usccs
    filtered = {row[2] for row in csv_rows(export(client, "register", jurisdiction=baoping.pk))[1:]}
    assert filtered == {there.uscc}


def test_register_csv_has_bom_chinese_headers_and_every_column(client, commission, haibin):
    institution = make_imported_institution(haibin, classes=TWO_CLASSES, is_inclusive=True, offers_half_day=True)
    client.force_login(commission)
    response = export(client, "register")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="register-' in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    # The default language is Chinese: headers that are translated already come out in Chinese.
    with translation.override("zh-hans"):
        assert header[2] == str(translation.gettext("Credit code"))
    assert "统一社会信用代码" in header
    row = next(r for r in rows if r[2] == institution.uscc)
    cells = dict(zip(header, row, strict=True))
    assert cells["统一社会信用代码"] == institution.uscc
    assert cells["所属街镇"] == haibin.name
    assert cells["普惠性"] == "是"
    assert "全日托" in cells["服务形式"] and "半日托" in cells["服务形式"]
    assert cells["托位"] == "35"


def test_register_xlsx_opens_with_openpyxl(client, commission, haibin):
    institution = make_imported_institution(haibin, classes=TWO_CLASSES)
    client.force_login(commission)
    response = export(client, "register", "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="register-')
    header, *rows = xlsx_rows(response)
    assert "统一社会信用代码" in header
    row = next(r for r in rows if r[2] == institution.uscc)
    assert row[1] == institution.name
    assert row[header.index("托位")] == 35  # numbers stay numbers


def test_family_point_address_is_in_the_staff_export(client, commission, haibin):
    home = "天津市宝坻区海滨街道幸福里3号楼1单元202室"
    make_imported_institution(haibin, category=Category.FAMILY, address=home)
    client.force_login(commission)
    assert home in body(export(client, "register")).decode("utf-8-sig")


def test_formulas_are_neutralised(client, commission, haibin):
    make_imported_institution(haibin, name='=HYPERLINK("http://evil.example","点我")')
    client.force_login(commission)
    text = body(export(client, "register")).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    rows = xlsx_rows(export(client, "register", "xlsx"))
    # Stored as text, not as a formula.
    assert any(r[1] == '=HYPERLINK("http://evil.example","点我")' for r in rows[1:])
    workbook = load_workbook(io.BytesIO(body(export(client, "register", "xlsx"))))
    cell = next(c for c in workbook.active["B"] if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"


def test_unreadable_filters_make_no_export(client, commission):
    client.force_login(commission)
    response = export(client, "register", jurisdiction="not-a-number")
    assert response.status_code == 302
    assert response["Location"] == reverse("supervision:export_list")


def test_unknown_format_is_404(client, commission):
    client.force_login(commission)
    assert export(client, "register", "pdf").status_code == 404


# --- The other exports ----------------------------------------------------------------------------------------


@pytest.fixture
def supervised(operator, official, haibin, baoping, other_operator):
    """A bit of everything in 海滨 (the official's) and in 宝平 (outside it)."""
    made = {}
    for key, jurisdiction, owner in (("here", haibin, operator), ("there", baoping, other_operator)):
        institution = make_imported_institution(jurisdiction, operator=owner)
        make_finished_inspection(institution, problems=1)  # by the jurisdiction's official
        make_published_fees(institution, owner)
        make_report(institution, owner)
        make_complaint_about(institution)
        draft_filing_institution = make_institution(operator=owner, jurisdiction=jurisdiction)
        make_submitted_filing(draft_filing_institution, owner)
        made[key] = institution
        made[f"{key}_filing"] = draft_filing_institution
    return made


@pytest.mark.parametrize("key", ["filings", "inspections", "rectifications", "fees", "reports", "complaints"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_official_exports_only_their_jurisdiction(client, official, supervised, key, fmt):
    client.force_login(official)
    response = export(client, key, fmt)
    assert response.status_code == 200
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    text = "\n".join(",".join(str(c) for c in row if c is not None) for row in rows)
    here = supervised["here_filing"] if key == "filings" else supervised["here"]
    there = supervised["there_filing"] if key == "filings" else supervised["there"]
    assert len(rows) > 1
    assert here.uscc in text
    assert there.uscc not in text and there.name not in text


def test_inspection_export_has_one_row_per_checked_item(client, official, supervised):
    client.force_login(official)
    header, *rows = csv_rows(export(client, "inspections"))
    inspection = supervised["here"].inspections.get()
    assert len(rows) == inspection.checks.count()
    outcomes = [row[header.index(str(translation.gettext("Outcome")))] for row in rows]
    assert sum(1 for o in outcomes if o == str(translation.gettext("Non-compliant"))) == 1


def test_rectification_export_has_deadline_status_and_overdue(client, official, supervised):
    client.force_login(official)
    header, *rows = csv_rows(export(client, "rectifications"))
    assert len(rows) == 1
    rectification = supervised["here"].rectifications.get()
    assert rectification.deadline.isoformat() in rows[0]
    assert str(translation.gettext("Overdue")) in header


def test_fee_export_has_one_row_per_item_of_published_disclosures(client, official, operator, supervised):
    from institutions.fees.services import start_fee_schedule

    start_fee_schedule(institution=supervised["here"], by=operator, copy_current=True)  # a draft: not exported
    client.force_login(official)
    _header, *rows = csv_rows(export(client, "fees"))
    assert len(rows) == 2  # the published disclosure's two items


def test_complaint_export_never_holds_the_complainant(client, official, supervised):
    client.force_login(official)
    for fmt in ("csv", "xlsx"):
        data = body(export(client, "complaints", fmt))
        text = data.decode("utf-8-sig") if fmt == "csv" else str(xlsx_rows(export(client, "complaints", fmt)))
        assert "午睡时无人看护" in text
        assert "陈家长" not in text and "13700001111" not in text


def test_filing_export_adds_the_jurisdiction_code(client, official, supervised):
    client.force_login(official)
    header, *rows = csv_rows(export(client, "filings"))
    assert len(rows) == 1
    assert str(translation.gettext("Jurisdiction code")) in header
    assert supervised["here_filing"].jurisdiction.code in rows[0]


# --- Constant query counts ---------------------------------------------------------------------------------------


def _queries(client, key: str, fmt: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = export(client, key, fmt)
        body(response)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def add_rows(operator, official, haibin):
    """add_rows(kind, n): n more of what one export lists (an inspection lists a row per checked item)."""

    def add(kind: str, n: int) -> None:
        for _ in range(n):
            if kind == "filings":
                make_submitted_filing(make_institution(operator=operator, jurisdiction=haibin), operator)
                continue
            institution = make_imported_institution(haibin, operator=operator)
            if kind == "inspections":
                make_finished_inspection(institution, official, problems=1)
            elif kind == "fees":
                make_published_fees(institution, operator)
            elif kind == "reports":
                make_report(institution, operator)
            elif kind == "complaints":
                make_complaint_about(institution)

    return add


@pytest.mark.parametrize(
    ("kind", "keys"),
    [
        ("register", ["register"]),
        ("filings", ["filings"]),
        ("inspections", ["inspections", "rectifications"]),
        ("fees", ["fees"]),
        ("reports", ["reports"]),
        ("complaints", ["complaints"]),
    ],
)
def test_query_count_does_not_grow_from_5_to_50(client, commission, add_rows, kind, keys):
    """Every export, csv and xlsx, takes as many queries for 50 institutions (filings, inspections …) as for 5."""
    add_rows(kind, 5)
    client.force_login(commission)
    few = {(key, fmt): _queries(client, key, fmt) for key in keys for fmt in ("csv", "xlsx")}
    rows = {key: len(csv_rows(export(client, key))) - 1 for key in keys}
    add_rows(kind, 45)
    assert {(key, fmt): _queries(client, key, fmt) for key in keys for fmt in ("csv", "xlsx")} == few
    assert {key: len(csv_rows(export(client, key))) - 1 for key in keys} == {key: 10 * n for key, n in rows.items()}


# --- Statistics tables ------------------------------------------------------------------------------------------


def test_statistics_workbook_has_a_sheet_per_table(client, commission, haibin):
    make_imported_institution(haibin)
    client.force_login(commission)
    response = client.get(reverse("supervision:export_statistics"), {"date_from": "2020-01-01"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(body(response)), read_only=True)
    assert len(workbook.sheetnames) == len(FIGURES)
    workbook.close()


def test_one_statistics_table_as_csv(client, official, haibin):
    make_imported_institution(haibin)
    client.force_login(official)
    response = client.get(reverse("supervision:export_statistics"), {"figure": "provision", "format": "csv"})
    header, *rows = csv_rows(response)
    assert len(header) == len(FIGURES["provision"].columns)
    # An official's table covers their jurisdiction (and its total row).
    assert rows[0][0] == haibin.code


def test_statistics_csv_needs_one_table(client, commission):
    client.force_login(commission)
    response = client.get(reverse("supervision:export_statistics"), {"format": "csv"})
    assert response.status_code == 302
