"""The dashboard's downloads: a table as csv or xlsx, in the page's filters and the user's scope, in a fixed
number of queries."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext, override

from baodi_care.accounts.models import Jurisdiction
from institutions.choices import Category
from supervision.statistics.registry import FIGURES

# --- Downloads ------------------------------------------------------------------------------------------------------
from tests.builders.register import make_imported_institution
from tests.supervision.statistics.district import QUERY_2025, care, publish_fees, report


def test_csv_download_has_a_bom_and_the_tables_rows(client, district, commission):
    client.force_login(commission)
    response = client.get(reverse("supervision:dashboard_download", args=["institutions", "csv"]), QUERY_2025)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="institutions-20250101-20251231.csv"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(lines) == 1 + 5 + 1  # header, five groups, total
    with override("zh-hans"):
        assert lines[1][1:] == ["海滨街道", str(Category.INDEPENDENT.label), gettext("Yes"), "1", "35"]
    assert lines[-1][-2:] == ["5", "110"]


def test_csv_columns_follow_the_language(client, district, commission):
    client.force_login(commission)
    url = reverse("supervision:dashboard_download", args=["provision", "csv"])
    client.cookies["django_language"] = "en"
    header = next(csv.reader(io.StringIO(b"".join(client.get(url, QUERY_2025).streaming_content).decode("utf-8-sig"))))
    assert header[:4] == ["Statistics code", "Jurisdiction", "Population", "Seats"]


def test_xlsx_download_opens_with_openpyxl(client, district, commission):
    client.force_login(commission)
    response = client.get(reverse("supervision:dashboard_download", args=["enrolment", "xlsx"]), QUERY_2025)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 1 + Jurisdiction.objects.filter(is_active=True).count() + 1
    haibin = next(v for v in values if v[1] == "海滨街道")
    assert haibin[2:] == (2, 42, 45, 93.3, 1)  # numbers stay numbers
    assert values[-1][2:5] == (3, 58, 65)


def test_an_officials_download_holds_only_their_jurisdiction(client, district, official):
    client.force_login(official)
    response = client.get(reverse("supervision:dashboard_download", args=["provision", "csv"]), QUERY_2025)
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [line[1] for line in lines[1:-1]] == ["海滨街道"]
    assert "宝平街道" not in "".join(",".join(line) for line in lines)


@pytest.mark.parametrize("figure, fmt", [("nonsense", "csv"), ("institutions", "pdf"), ("institutions", "CSV")])
def test_unknown_figure_or_format_is_404(client, commission, figure, fmt):
    client.force_login(commission)
    assert client.get(reverse("supervision:dashboard_download", args=[figure, fmt])).status_code == 404


def test_every_figure_downloads_in_both_formats(client, district, commission):
    client.force_login(commission)
    for slug in FIGURES:
        for fmt in ("csv", "xlsx"):
            response = client.get(reverse("supervision:dashboard_download", args=[slug, fmt]), QUERY_2025)
            assert response.status_code == 200, (slug, fmt)


# --- Query counts ---------------------------------------------------------------------------------------------------


@pytest.fixture
def many_institutions(haibin, baoping, operator):
    def build(n: int) -> None:
        for i in range(n):
            place = haibin if i % 2 else baoping
            institution = make_imported_institution(place, operator=operator, is_inclusive=bool(i % 3))
            report(institution, operator, "2025-05-01", enrolled_toddler=i % 15)
            publish_fees(institution, operator, [care("", str(1000 + i))])

    return build


@pytest.mark.parametrize("n", [5, 50])
def test_query_count_does_not_grow_with_institutions(
    client, commission, many_institutions, n, django_assert_max_num_queries
):
    many_institutions(n)
    client.force_login(commission)
    # Session and user, inbox badge and the commission's waiting designations, then a fixed handful per figure, the
    # jurisdiction choices and their populations' sources.
    with django_assert_max_num_queries(32):
        response = client.get(reverse("supervision:dashboard"), QUERY_2025)
    assert response.status_code == 200
    figure = next(f for f in response.context["figures"] if f["slug"] == "institutions")
    assert figure["rows"][-1]["cells"][-2]["text"] == str(n)
    with django_assert_max_num_queries(10):
        assert (
            client.get(reverse("supervision:dashboard_download", args=["fees", "xlsx"]), QUERY_2025).status_code == 200
        )


def test_download_query_counts_do_not_grow_from_5_to_50_institutions(client, commission, many_institutions):
    """Every table as csv and xlsx, and the workbook of all tables, in as many queries for 50 institutions as for 5."""

    def counts() -> dict:
        downloads = {
            (slug, fmt): (reverse("supervision:dashboard_download", args=[slug, fmt]), QUERY_2025)
            for slug in FIGURES
            for fmt in ("csv", "xlsx")
        }
        downloads["all"] = (reverse("supervision:export_statistics"), {**QUERY_2025, "format": "xlsx"})
        result = {}
        for key, (url, params) in downloads.items():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, params)
                b"".join(response.streaming_content)
            assert response.status_code == 200, key
            result[key] = len(queries)
        return result

    many_institutions(5)
    client.force_login(commission)
    few = counts()
    many_institutions(45)
    assert counts() == few
