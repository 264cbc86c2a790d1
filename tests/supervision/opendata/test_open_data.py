"""Open data: the public register as CSV and JSON, without sign-in, without personal data, with stable ids and
jurisdiction codes, documented, in a fixed number of queries."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baodi_care.core.spreadsheets import BOM
from supervision.opendata.records import FIELD_KEYS, FIELDS
from tests.builders.fees import care_fee, make_published_fees
from tests.builders.filings import make_change_filing
from tests.builders.register import FAMILY_ADDRESS, STAFF_NAMES, make_imported_institution

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def open_csv(client) -> list[dict]:
    response = client.get(reverse("open_data:register_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = body(response)
    assert data.startswith(BOM.encode("utf-8"))
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    assert reader.fieldnames == FIELD_KEYS
    return list(reader)


def open_json(client) -> dict:
    response = client.get(reverse("open_data:register_json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(body(response))


def test_open_data_needs_no_sign_in_and_lists_filed_institutions_only(client, public_register):
    rows = open_csv(client)
    assert sorted(r["name"] for r in rows) == sorted(["海滨普惠托育园", "海滨小太阳家庭托育点", "宝平导入托育园"])
    data = open_json(client)
    assert data["count"] == 3
    assert sorted(r["name"] for r in data["institutions"]) == sorted(r["name"] for r in rows)
    assert client.get(reverse("open_data:index")).status_code == 200


def test_stable_ids_and_jurisdiction_codes(client, public_register, haibin, baoping):
    by_id = {int(r["id"]): r for r in open_csv(client)}
    inclusive = public_register["inclusive"]
    assert by_id[inclusive.pk]["uscc"] == inclusive.uscc
    assert by_id[inclusive.pk]["jurisdiction_code"] == haibin.code
    assert by_id[public_register["imported"].pk]["jurisdiction_code"] == baoping.code
    assert by_id[inclusive.pk]["url"].endswith(reverse("public:institution", args=[inclusive.pk]))
    record = next(r for r in open_json(client)["institutions"] if r["id"] == inclusive.pk)
    assert (record["uscc"], record["jurisdiction_code"]) == (inclusive.uscc, haibin.code)
    assert record["is_inclusive"] is True
    assert record["category"] == "independent"
    assert record["service_forms"] == ["full_day", "half_day"]
    assert record["seats"] == 15 and record["seats_toddler"] == 15
    assert record["filed_on"] and record["receipt_number"]


def test_no_personal_data_and_no_home_address(client, public_register, staffed):
    institution = staffed
    texts = [body(client.get(reverse("open_data:register_csv"))).decode("utf-8-sig")]
    texts.append(json.dumps(open_json(client), ensure_ascii=False))
    for text in texts:
        for personal in (
            institution.legal_representative, institution.principal_name, institution.contact_phone, "王举办",
            *STAFF_NAMES, "13800000000", "@example", FAMILY_ADDRESS, "幸福里",
        ):  # fmt: skip
            assert personal not in text, personal
    family = next(r for r in open_csv(client) if r["id"] == str(public_register["family"].pk))
    assert family["address"] == ""
    assert family["category"] == "family"


def test_the_files_hold_what_was_filed(client, operator, public_register):
    institution = public_register["inclusive"]
    make_change_filing(institution, operator, name="海滨改名托育园")
    names = [r["name"] for r in open_csv(client)]
    assert "海滨普惠托育园" in names and "海滨改名托育园" not in names


def test_published_care_fees_are_in_the_files(client, public_register):
    make_published_fees(public_register["inclusive"], items=[care_fee(1800), care_fee(2600)])
    row = next(r for r in open_csv(client) if r["id"] == str(public_register["inclusive"].pk))
    assert (row["care_fee_min"], row["care_fee_max"]) == ("1800.00", "2600.00")


def test_every_field_is_documented(client, public_register):
    html = client.get(reverse("open_data:index")).content.decode()
    for field in FIELDS:
        assert f">{field.key}<" in html
    data = open_json(client)
    assert set(data["fields"]) == set(FIELD_KEYS)
    assert all(set(record) == set(FIELD_KEYS) for record in data["institutions"])
    assert data["documentation"].endswith(reverse("open_data:index"))


def test_labels_stay_chinese_whatever_the_visitor_language(client, public_register):
    client.cookies["django_language"] = "en"
    row = next(r for r in open_csv(client) if r["id"] == str(public_register["inclusive"].pk))
    assert row["category_label"] == "独立托育机构"


@pytest.mark.parametrize("name", ["open_data:register_csv", "open_data:register_json"])
def test_query_count_does_not_grow_with_rows(client, haibin, name):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            body(client.get(reverse(name)))
        return len(queries)

    for _ in range(5):
        make_imported_institution(haibin)
    few = count()
    for _ in range(45):
        make_imported_institution(haibin)
    assert count() == few
    assert len(open_csv(client)) == 50
