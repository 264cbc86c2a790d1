"""The audit administrator's pages: the security log and the audit trails with filters and exports, read only, for
the audit administrator alone (the system administrator gets a 403 like everyone else), each view and export itself
in the log, in a fixed number of queries (等保 三级 8.1.10.2 审计管理; ASVS 5.0 16.2)."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from baodi_care.accounts.choices import Role
from baodi_care.accounts.security_log.choices import SecurityAction as A
from baodi_care.accounts.security_log.choices import SecurityOutcome as O
from baodi_care.accounts.security_log.models import SecurityLog
from baodi_care.accounts.security_log.recorder import record
from baodi_care.core.spreadsheets import BOM
from institutions.register import services as register_services
from supervision.audit.trails import TRAILS
from tests.builders.accounts import make_auditor, make_user
from tests.builders.complaints import make_complaint_about
from tests.builders.filings import make_submitted_filing
from tests.builders.inspections import make_finished_inspection
from tests.builders.register import make_imported_institution, make_institution, make_staff_compliant
from tests.pages import assert_no_inline_code

pytestmark = pytest.mark.django_db

LOG = reverse("audit:security_log")
LOG_EXPORT = reverse("audit:security_log_export")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    data = body(response)
    assert data.startswith(BOM.encode("utf-8"))
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def listed(response) -> list:
    return list(response.context["listing"].object_list)


@pytest.fixture
def audit_client(client, auditor):
    client.force_login(auditor)
    return client


@pytest.fixture
def trail_data(operator, official, commission, institution, haibin):
    """A row in every trail: a submitted filing (events), an inspection with a rectification, a complaint, classes,
    staff, a membership and a change of the institution (history)."""
    compliant = make_staff_compliant(institution)
    make_submitted_filing(compliant, operator)
    inspected = make_imported_institution(haibin, operator=operator, name="海滨检查托育园")
    make_finished_inspection(inspected, official, problems=1)
    make_complaint_about(institution)
    register_services.update_institution(institution=institution, by=operator, principal_name="孙负责")
    return institution


# --- The security log -----------------------------------------------------------------------------------------


def test_the_auditor_reads_the_security_log_with_who_when_where_what_and_outcome(audit_client, operator):
    record(A.SIGN_IN, outcome=O.FAILURE, user=operator, username="op_wang", detail="typed")
    response = audit_client.get(LOG)
    assert response.status_code == 200
    html = response.content.decode()
    assert_no_inline_code(html)
    entry = next(e for e in listed(response) if e.action == A.SIGN_IN and e.username == "op_wang")
    assert entry.outcome == O.FAILURE
    assert 'id="security-log"' in html and "op_wang" in html


def test_the_filters_choose_by_date_user_action_outcome_and_address(audit_client, operator, official):
    record(A.SIGN_IN, user=operator, username="op_wang")
    record(A.SIGN_IN, outcome=O.FAILURE, username="intruder")
    record(A.FILE_DOWNLOAD, user=official, username="off_haibin")

    def names(**params) -> set[str]:
        return {e.username for e in listed(audit_client.get(LOG, params)) if e.action != A.AUDIT_VIEW}

    assert names(user="op_") == {"op_wang"}
    assert names(action=A.FILE_DOWNLOAD) == {"off_haibin"}
    assert names(outcome=O.FAILURE) == {"intruder"}
    assert names(address="127.0.0.1") == set()  # recorded outside a request: no address
    today = timezone.localdate()
    assert "op_wang" in names(start=today.isoformat(), end=today.isoformat())
    assert names(end=(today - datetime.timedelta(days=1)).isoformat()) == set()
    assert names(start="not-a-date") >= {"op_wang", "intruder"}  # a bad filter is left out, never a 500


def test_the_address_filter(audit_client):
    audit_client.get(LOG)  # this view is logged from 127.0.0.1
    response = audit_client.get(LOG, {"address": "127.0.", "action": A.AUDIT_VIEW})
    assert listed(response) and {e.address for e in listed(response)} == {"127.0.0.1"}


def test_every_view_and_export_of_the_auditor_is_in_the_log(audit_client, auditor):
    audit_client.get(LOG, {"action": A.SIGN_IN})
    audit_client.get(LOG_EXPORT, {"format": "csv", "action": A.SIGN_IN})
    audit_client.get(reverse("audit:trail", args=["filings"]))
    viewed = SecurityLog.objects.filter(action=A.AUDIT_VIEW, user=auditor).order_by("pk")
    assert [(e.object_id, e.detail) for e in viewed] == [("security_log", "action=sign_in"), ("filings", "")]
    (exported,) = SecurityLog.objects.filter(action=A.AUDIT_EXPORT, user=auditor)
    assert (exported.object_id, exported.detail) == ("security_log", "csv: format=csv&action=sign_in")


def test_the_export_is_the_filtered_log_as_csv_and_xlsx(audit_client, operator):
    record(A.SIGN_IN, user=operator, username="op_wang", detail="=cmd|' /C calc'!A0")
    rows = csv_rows(audit_client.get(LOG_EXPORT, {"format": "csv", "user": "op_wang"}))
    assert rows[0][:3] == ["时间", "用户名", "地址"]
    (row,) = rows[1:]
    assert row[1] == "op_wang" and row[3] == "登录" and row[4] == "成功"
    assert row[-1].startswith("'=")  # no formula runs when the file is opened
    response = audit_client.get(LOG_EXPORT, {"format": "xlsx", "user": "op_wang"})
    assert "no-store" in response["Cache-Control"]
    workbook = load_workbook(io.BytesIO(body(response)), read_only=True)
    sheet = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    assert [r[1] for r in sheet[1:]] == ["op_wang"]


@pytest.mark.parametrize("rows", [5, 40])
def test_the_log_page_costs_the_same_queries_however_many_rows(
    audit_client, operator, rows, django_assert_max_num_queries
):
    for n in range(rows):
        record(A.SIGN_IN, user=operator if n % 2 else None, username=f"user{n}")
    with django_assert_max_num_queries(14):
        response = audit_client.get(LOG)
    assert len([e for e in listed(response) if e.username.startswith("user")]) == rows


# --- The audit trails -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(TRAILS))
def test_each_trail_lists_its_rows_with_who_and_the_institution(audit_client, trail_data, key):
    response = audit_client.get(reverse("audit:trail", args=[key]))
    assert response.status_code == 200
    assert_no_inline_code(response.content.decode())
    rows = listed(response)
    assert rows, f"the {key} trail is empty"
    assert all(row.when for row in rows)
    assert any(row.institution_name for row in rows)
    rows = csv_rows(audit_client.get(reverse("audit:trail_export", args=[key]), {"format": "csv"}))
    assert rows[0][:4] == ["时间", "操作人", "类型", "托育机构"]
    assert len(rows) > 1


def test_a_trail_filters_by_institution_type_user_and_date(audit_client, trail_data, operator, official):
    url = reverse("audit:trail", args=["filings"])
    assert {r.institution_name for r in listed(audit_client.get(url, {"institution": "小星星"}))} == {trail_data.name}
    assert listed(audit_client.get(url, {"institution": "没有这家"})) == []
    assert listed(audit_client.get(url, {"institution": trail_data.uscc}))
    submitted = listed(audit_client.get(url, {"type": "submit"}))
    assert submitted and {r.action for r in submitted} == {"submit"}
    assert {r.by_id for r in listed(audit_client.get(url, {"user": operator.username}))} == {operator.pk}
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert listed(audit_client.get(url, {"start": tomorrow})) == []
    assert listed(audit_client.get(url, {"type": "no-such-type"}))  # an invalid choice is left out


def test_history_rows_say_which_fields_changed(audit_client, trail_data):
    rows = listed(audit_client.get(reverse("audit:trail", args=["register"]), {"type": "~"}))
    changed = [r for r in rows if "负责人" in r.changes]
    assert changed, [r.changes for r in rows]


def test_an_unknown_trail_is_a_404(audit_client):
    assert audit_client.get(reverse("audit:trail", args=["nothing"])).status_code == 404


@pytest.mark.parametrize("rows", [5, 40])
def test_a_history_trail_costs_the_same_queries_however_many_rows(
    audit_client, operator, haibin, rows, django_assert_max_num_queries
):
    institution = make_institution(operator=operator, jurisdiction=haibin)
    for n in range(rows):
        register_services.update_institution(institution=institution, by=operator, principal_name=f"负责人{n}")
    with django_assert_max_num_queries(14):
        response = audit_client.get(reverse("audit:trail", args=["register"]))
    assert len(listed(response)) == rows + 1


# --- Nobody else --------------------------------------------------------------------------------------------------


def test_the_system_administrator_may_not_read_the_log(client, sysadmin):
    client.force_login(sysadmin)
    for url in (LOG, LOG_EXPORT, reverse("audit:trail", args=["filings"])):
        assert client.get(url).status_code == 403
    assert SecurityLog.objects.filter(action=A.ACCESS_REFUSED, user=sysadmin).count() == 3


def test_an_auditor_with_admin_rights_is_a_system_administrator_and_refused(client):
    """Roles are separate duties: an account that can open the Django admin may not also read its own audit."""
    both = make_user(Role.AUDITOR, username="both", is_staff=True, is_superuser=True)
    client.force_login(both)
    assert client.get(LOG).status_code == 403


def test_the_auditor_changes_nothing_else(audit_client, institution):
    for url in (
        reverse("institutions:list"),
        reverse("institutions:detail", args=[institution.pk]),
        reverse("supervision:export_list"),
        reverse("staff:list"),
        reverse("admin:index"),
    ):
        assert audit_client.get(url).status_code == 403, url
    assert audit_client.post(reverse("institutions:create")).status_code == 403


def test_the_auditors_home_page_leads_to_the_audit_pages(audit_client):
    html = audit_client.get(reverse("home")).content.decode()
    assert LOG in html
    for key in TRAILS:
        assert reverse("audit:trail", args=[key]) in html


def test_the_commission_makes_auditor_accounts(commission):
    auditor = make_auditor(by=commission)
    assert (auditor.role, auditor.is_staff, auditor.is_superuser) == (Role.AUDITOR, False, False)
    assert auditor.history.first().history_user == commission
