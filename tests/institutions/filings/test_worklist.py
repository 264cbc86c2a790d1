"""The reviewers' work list and its export (issue 3 §5, §11–12): scope, filters, tabs, deadlines and overdue
filings, sorting, constant query counts, csv and xlsx."""

from __future__ import annotations

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from institutions.choices import FilingKind, FilingStatus
from institutions.filings import services as filings_services
from institutions.models import Filing
from tests.builders.calendar import make_calendar_day
from tests.builders.filings import make_accepted_filing, make_draft_filing, make_filed_filing, make_submitted_filing
from tests.builders.register import make_institution

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2025, 3, 3)


def rows_of(response) -> list[Filing]:
    return list(response.context["filings"])


# --- Work list ----------------------------------------------------------------------------------


def test_official_sees_only_filings_of_their_jurisdiction(client, official, operator, institution, other_institution):
    own = make_submitted_filing(institution, operator)
    make_submitted_filing(other_institution, other_institution.memberships.get().user)
    client.force_login(official)
    response = client.get(reverse("supervision:filing_worklist"))
    assert response.status_code == 200
    assert rows_of(response) == [own]
    assert other_institution.name not in response.content.decode()


def test_drafts_are_not_in_the_work_list(client, official, operator, institution):
    make_draft_filing(institution, operator)
    client.force_login(official)
    assert rows_of(client.get(reverse("supervision:filing_worklist"))) == []


def test_filters_by_status_kind_and_search_by_name_or_credit_code(client, official, operator, haibin, institution):
    a = make_submitted_filing(institution, operator)
    b_institution = make_institution(operator=operator, jurisdiction=haibin, name="海滨彩虹托育园")
    b = make_submitted_filing(b_institution, operator)
    filings_services.accept_filing(filing=b, by=official, version=b.version)
    client.force_login(official)
    url = reverse("supervision:filing_worklist")

    assert rows_of(client.get(url, {"status": FilingStatus.SUBMITTED})) == [a]
    assert rows_of(client.get(url, {"status": FilingStatus.ACCEPTED})) == [b]
    assert rows_of(client.get(url, {"kind": FilingKind.CHANGE})) == []
    assert rows_of(client.get(url, {"q": b_institution.uscc.lower()})) == [b]
    assert rows_of(client.get(url, {"q": "彩虹"})) == [b]
    assert set(rows_of(client.get(url, {"category": institution.category}))) == {a, b}
    today = timezone.localdate().isoformat()
    assert set(rows_of(client.get(url, {"submitted_from": today, "submitted_to": today}))) == {a, b}
    assert rows_of(client.get(url, {"submitted_to": "2020-01-01"})) == []


def test_status_tabs_count_filings_in_one_row(client, official, operator, haibin, institution):
    make_submitted_filing(institution, operator)
    other = make_institution(operator=operator, jurisdiction=haibin)
    accepted = make_submitted_filing(other, operator)
    filings_services.accept_filing(filing=accepted, by=official, version=accepted.version)
    client.force_login(official)
    response = client.get(reverse("supervision:filing_worklist"))
    counts = {tab["value"]: tab["count"] for tab in response.context["tabs"]}
    assert counts[""] == 2
    assert counts[FilingStatus.SUBMITTED] == 1
    assert counts[FilingStatus.ACCEPTED] == 1
    assert counts[FilingStatus.FILED] == 0


def test_bad_filter_values_do_not_break_the_list(client, official, operator, institution):
    make_submitted_filing(institution, operator)
    client.force_login(official)
    response = client.get(
        reverse("supervision:filing_worklist"),
        {"submitted_from": "not-a-date", "status": "nonsense", "ordering": "password", "page": "x"},
    )
    assert response.status_code == 200


def test_overdue_filings_are_highlighted_and_can_be_filtered(client, official, operator, haibin, institution):
    late = make_submitted_filing(institution, operator, today=LONG_AGO)
    fresh = make_submitted_filing(make_institution(operator=operator, jurisdiction=haibin), operator)
    assert late.receipt_due < timezone.localdate()
    client.force_login(official)
    url = reverse("supervision:filing_worklist")

    response = client.get(url)
    html = response.content.decode()
    row = re.search(rf'<tr class="([^"]*)" data-filing="{late.pk}"', html)
    assert row and "overdue" in row.group(1) and "table-warning" in row.group(1)
    assert not re.search(rf'<tr class="[^"]*overdue[^"]*" data-filing="{fresh.pk}"', html)
    assert "overdue-badge" in html
    # The most urgent comes first.
    assert rows_of(response) == [late, fresh]
    assert response.context["counts"]["overdue"] == 1

    assert rows_of(client.get(url, {"overdue": "yes"})) == [late]
    assert rows_of(client.get(url, {"overdue": "no"})) == [fresh]


def test_rows_show_working_days_left(client, official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(official)
    (row,) = rows_of(client.get(reverse("supervision:filing_worklist")))
    receipt, answer = row.clocks
    assert (receipt.due, answer.due) == (filing.receipt_due, filing.answer_due)
    assert 0 < receipt.days_left < answer.days_left
    assert not row.overdue


def test_sorting_by_institution_name(client, official, operator, haibin):
    b = make_submitted_filing(make_institution(operator=operator, jurisdiction=haibin, name="乙托育"), operator)
    a = make_submitted_filing(make_institution(operator=operator, jurisdiction=haibin, name="甲托育"), operator)
    client.force_login(official)
    url = reverse("supervision:filing_worklist")
    names = [f.institution.name for f in rows_of(client.get(url, {"ordering": "institution"}))]
    assert names == sorted(names)
    assert rows_of(client.get(url, {"ordering": "-institution"})) == list(
        reversed(rows_of(client.get(url, {"ordering": "institution"})))
    )
    assert {a, b} == set(rows_of(client.get(url)))


def test_commission_sees_the_whole_district_and_opens_on_the_accepted_tab(
    client, commission, official, operator, institution, other_institution, other_official
):
    make_submitted_filing(institution, operator)
    other_operator = other_institution.memberships.get().user
    accepted = make_accepted_filing(other_institution, other_operator, other_official)
    client.force_login(commission)
    url = reverse("supervision:filing_worklist")
    response = client.get(url)
    assert response.context["current_tab"] == FilingStatus.ACCEPTED
    assert rows_of(response) == [accepted]
    assert len(rows_of(client.get(url, {"status": ""}))) == 2
    # The export link carries the tab in effect.
    assert f"{reverse('supervision:filing_export')}?status=accepted" in response.content.decode()


@pytest.fixture
def many_filings(request, operator, haibin):
    def build(n: int) -> None:
        for _ in range(n):
            make_submitted_filing(make_institution(operator=operator, jurisdiction=haibin), operator)

    return build


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize("name", ["supervision:filing_worklist", "supervision:filing_export"])
def test_query_count_does_not_grow_with_rows(client, official, many_filings, rows, name, django_assert_max_num_queries):
    many_filings(rows)
    # An overdue filing and a holiday in range make the deadline arithmetic do its real work.
    make_calendar_day(timezone.localdate() + datetime.timedelta(days=3))
    client.force_login(official)
    # Session, user, inbox badge, count, tab counts, rows, calendar overrides, jurisdiction choices, session save.
    with django_assert_max_num_queries(12):
        response = client.get(reverse(name))
        # A streamed export runs its queries while the body is read: read it inside the count.
        body = response.getvalue() if name != "supervision:filing_worklist" else b""
    assert response.status_code == 200
    if name == "supervision:filing_worklist":
        assert response.context["page_obj"].paginator.count == rows
    else:
        assert len(body.decode("utf-8-sig").strip().splitlines()) == rows + 1


# --- Export -------------------------------------------------------------------------------------


def test_csv_export_has_a_bom_all_columns_and_only_rows_in_scope(
    client, official, operator, institution, other_institution
):
    make_submitted_filing(institution, operator)
    make_submitted_filing(other_institution, other_institution.memberships.get().user)
    client.force_login(official)
    response = client.get(reverse("supervision:filing_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.getvalue()  # a streamed body can be read once
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 2
    header, row = rows
    assert len(header) == 13  # the receipt date and the two Art. 9 dates
    assert institution.name in row and institution.uscc in row
    assert other_institution.name not in body.decode("utf-8-sig")


def test_export_follows_the_filters(client, official, operator, haibin, institution):
    make_submitted_filing(institution, operator)
    accepted_institution = make_institution(operator=operator, jurisdiction=haibin)
    make_accepted_filing(accepted_institution, operator, official)
    client.force_login(official)
    response = client.get(reverse("supervision:filing_export"), {"status": FilingStatus.ACCEPTED})
    text = response.getvalue().decode("utf-8-sig")
    assert accepted_institution.name in text
    assert institution.name not in text
    # The work list's export link carries the filters in effect.
    page = client.get(reverse("supervision:filing_worklist"), {"status": FilingStatus.ACCEPTED})
    assert f"{reverse('supervision:filing_export')}?status=accepted" in page.content.decode()


def test_xlsx_export_opens_with_openpyxl(client, commission, official, operator, institution):
    filing = make_filed_filing(institution, operator, official, commission)
    client.force_login(commission)
    response = client.get(reverse("supervision:filing_export"), {"status": FilingStatus.FILED, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2
    assert values[1][0] == filing.receipt_number
    assert institution.uscc in values[1]
