"""Fee disclosures (收费公示): versions, publishing, staleness, the pages and the official's list."""

from __future__ import annotations

import datetime
import re
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from baodi_care.core import dates as core_dates
from institutions.choices import FeeScheduleStatus, FeeType
from institutions.fees import selectors as selectors_fees
from institutions.fees import services as fees_services
from institutions.fees.services import (
    FEE_NEGATIVE_AMOUNT,
    FEE_NO_CARE_ITEM,
    FEE_NO_ITEMS,
    FEE_NOT_EDITABLE,
    FEE_VALID_TO_BEFORE_FROM,
)
from institutions.models import FeeItem, FeeSchedule
from tests.builders.accounts import make_user
from tests.builders.fees import CARE_ITEM, MEALS_ITEM, RULES, make_published_fees
from tests.builders.filings import deregister_institution
from tests.builders.register import make_imported_institution
from tests.pages import assert_no_inline_code, feedback_after, messages_of, zh

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def filed(operator, haibin):
    return make_imported_institution(haibin, operator=operator, name="海滨收费托育园")


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def form_data(schedule_fields: dict, items: list[dict], *, publish: bool = False) -> dict:
    """The POST of the edit page: the version's fields and the items formset (prefix "items")."""
    data = {
        "valid_from": schedule_fields.get("valid_from", "2026-01-01"),
        "valid_to": schedule_fields.get("valid_to", ""),
        "review_months": schedule_fields.get("review_months", 12),
        "refund_rules": schedule_fields.get("refund_rules", RULES["refund_rules"]),
        "advance_payment_rules": schedule_fields.get("advance_payment_rules", RULES["advance_payment_rules"]),
        "items-TOTAL_FORMS": len(items),
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 100,
    }
    for i, item in enumerate(items):
        for name, value in item.items():
            data[f"items-{i}-{name}"] = value
    data["publish" if publish else "save"] = "1"
    return data


# --- Versioning ------------------------------------------------------------------------------------


def test_a_first_version_starts_empty_and_is_published(filed, operator):
    draft, created = fees_services.start_fee_schedule(institution=filed, by=operator, copy_current=True)
    assert created and draft.version == 1 and draft.status == FeeScheduleStatus.DRAFT
    assert not draft.items.exists()
    fees_services.save_fee_schedule(
        schedule=draft, by=operator, items=[CARE_ITEM, MEALS_ITEM], valid_from=datetime.date(2026, 1, 1),
        valid_to=None, review_months=12, **RULES,
    )  # fmt: skip
    fees_services.publish_fee_schedule(schedule=draft, by=operator)
    draft.refresh_from_db()
    assert draft.status == FeeScheduleStatus.PUBLISHED
    assert draft.published_at is not None and draft.published_by == operator
    assert draft.items.count() == 2


def test_a_second_click_finds_the_open_draft(filed, operator):
    first, created = fees_services.start_fee_schedule(institution=filed, by=operator)
    again, created_again = fees_services.start_fee_schedule(institution=filed, by=operator)
    assert created and not created_again and again.pk == first.pk
    assert FeeSchedule.objects.filter(institution=filed).count() == 1


def test_a_new_version_copies_the_current_one_and_publishing_supersedes_it(filed, operator):
    v1 = make_published_fees(filed, operator, valid_to=datetime.date(2030, 12, 31))
    v2, _ = fees_services.start_fee_schedule(institution=filed, by=operator)
    assert v2.version == 2 and v2.status == FeeScheduleStatus.DRAFT
    assert v2.refund_rules == v1.refund_rules and v2.advance_payment_rules == v1.advance_payment_rules
    assert v2.valid_to == datetime.date(2030, 12, 31)
    assert sorted(v2.items.values_list("name", flat=True)) == sorted(v1.items.values_list("name", flat=True))
    # While v2 is a draft, v1 stays the published version.
    assert selectors_fees.current_fee_schedule(filed).pk == v1.pk
    fees_services.publish_fee_schedule(schedule=v2, by=operator)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert v1.status == FeeScheduleStatus.SUPERSEDED and v2.status == FeeScheduleStatus.PUBLISHED
    assert FeeSchedule.objects.filter(institution=filed, status=FeeScheduleStatus.PUBLISHED).count() == 1
    v3 = make_published_fees(filed, operator)
    assert v3.version == 3
    history = selectors_fees.fee_history(user=operator, institution=filed)
    assert [v.version for v in history] == [3, 2, 1]
    by_version = {v.version: v for v in history}
    assert by_version[1].superseded_on == by_version[2].published_at
    assert by_version[2].superseded_on == by_version[3].published_at
    assert by_version[3].superseded_on is None
    # History of every version is kept (django-simple-history).
    assert v1.history.filter(status=FeeScheduleStatus.SUPERSEDED).exists()


def test_an_empty_new_version_does_not_copy(filed, operator):
    make_published_fees(filed, operator)
    v2, _ = fees_services.start_fee_schedule(institution=filed, by=operator, copy_current=False)
    assert v2.version == 2 and not v2.items.exists() and v2.refund_rules == ""


def test_versions_are_numbered_per_institution(filed, operator, haibin):
    other = make_imported_institution(haibin, operator=operator)
    make_published_fees(filed, operator)
    make_published_fees(filed, operator)
    assert make_published_fees(other, operator).version == 1


def test_a_published_version_is_never_changed(filed, operator):
    v1 = make_published_fees(filed, operator)
    items_before = list(v1.items.values_list("name", "amount"))
    with pytest.raises(ValidationError) as exc:
        fees_services.save_fee_schedule(
            schedule=v1, by=operator, items=[CARE_ITEM], valid_from=v1.valid_from, valid_to=None,
            review_months=6, refund_rules="改了", advance_payment_rules="改了",
        )  # fmt: skip
    assert exc.value.messages == [str(FEE_NOT_EDITABLE) % {"version": 1, "status": v1.get_status_display()}]
    with pytest.raises(ValidationError):
        fees_services.publish_fee_schedule(schedule=v1, by=operator)
    v1.refresh_from_db()
    assert v1.refund_rules == RULES["refund_rules"] and v1.review_months == 12
    assert list(v1.items.values_list("name", "amount")) == items_before


def test_the_edit_page_of_a_published_version_sends_the_operator_back(client, filed, operator):
    v1 = make_published_fees(filed, operator)
    client.force_login(operator)
    response = client.get(reverse("institutions:fee_edit", args=[v1.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("institutions:fee_detail", args=[v1.pk])
    response = client.post(
        reverse("institutions:fee_edit", args=[v1.pk]), form_data({"refund_rules": "改了"}, [CARE_ITEM])
    )
    assert response.status_code == 302
    expected = zh(FEE_NOT_EDITABLE, version=1, status=FeeScheduleStatus.PUBLISHED.label)
    assert expected in messages_of(response)
    v1.refresh_from_db()
    assert v1.refund_rules == RULES["refund_rules"]


def test_only_the_institutions_operators_may_prepare_its_fees(filed, other_operator, official):
    for user in (other_operator, official):
        with pytest.raises(PermissionDenied):
            fees_services.start_fee_schedule(institution=filed, by=user)


def test_a_closed_institution_keeps_its_last_disclosure(filed, operator):
    make_published_fees(filed, operator)
    deregister_institution(filed, operator)
    with pytest.raises(ValidationError):
        fees_services.start_fee_schedule(institution=filed, by=operator)


# --- Validation -----------------------------------------------------------------------------------------


def test_publishing_needs_items_and_a_childcare_fee(filed, operator):
    draft, _ = fees_services.start_fee_schedule(institution=filed, by=operator)
    fields = {"valid_from": datetime.date(2026, 1, 1), "valid_to": None, "review_months": 12, **RULES}
    with pytest.raises(ValidationError) as exc:
        fees_services.save_fee_schedule(schedule=draft, by=operator, items=[], publish=True, **fields)
    assert str(FEE_NO_ITEMS) in exc.value.messages
    with pytest.raises(ValidationError) as exc:
        fees_services.save_fee_schedule(schedule=draft, by=operator, items=[MEALS_ITEM], publish=True, **fields)
    assert str(FEE_NO_CARE_ITEM) in exc.value.messages
    # The refused publish took its save with it: the draft is as it was.
    draft.refresh_from_db()
    assert draft.status == FeeScheduleStatus.DRAFT and draft.refund_rules == "" and not draft.items.exists()


def test_services_refuse_negative_amounts_and_reversed_dates(filed, operator):
    draft, _ = fees_services.start_fee_schedule(institution=filed, by=operator)
    fields = {"valid_from": datetime.date(2026, 1, 1), "valid_to": None, "review_months": 12, **RULES}
    with pytest.raises(ValidationError) as exc:
        fees_services.save_fee_schedule(
            schedule=draft, by=operator, items=[{**CARE_ITEM, "amount": Decimal("-1")}], **fields
        )
    assert exc.value.message_dict["amount"] == [str(FEE_NEGATIVE_AMOUNT)]
    with pytest.raises(ValidationError) as exc:
        fees_services.save_fee_schedule(
            schedule=draft, by=operator, items=[CARE_ITEM], **{**fields, "valid_to": datetime.date(2025, 12, 31)}
        )
    assert exc.value.message_dict["valid_to"] == [str(FEE_VALID_TO_BEFORE_FROM)]
    assert not FeeItem.objects.filter(schedule=draft).exists()


@pytest.mark.parametrize(
    ("fields", "items", "publish", "field", "message"),
    [
        ({}, [{**CARE_ITEM, "amount": "-5"}], False, "items-0-amount", FEE_NEGATIVE_AMOUNT),
        (
            {"valid_from": "2026-03-01", "valid_to": "2026-02-01"},
            [CARE_ITEM],
            False,
            "valid_to",
            FEE_VALID_TO_BEFORE_FROM,
        ),
    ],
)
def test_errors_are_shown_beside_their_fields_and_nothing_is_saved(
    client, filed, operator, fields, items, publish, field, message
):
    draft, _ = fees_services.start_fee_schedule(institution=filed, by=operator)
    client.force_login(operator)
    response = client.post(reverse("institutions:fee_edit", args=[draft.pk]), form_data(fields, items, publish=publish))
    assert response.status_code == 200
    assert feedback_after(response, field) == str(message)
    draft.refresh_from_db()
    assert draft.refund_rules == "" and draft.status == FeeScheduleStatus.DRAFT
    assert not draft.items.exists()


def test_publishing_without_a_childcare_fee_is_shown_above_the_items(client, filed, operator):
    draft, _ = fees_services.start_fee_schedule(institution=filed, by=operator)
    client.force_login(operator)
    response = client.post(reverse("institutions:fee_edit", args=[draft.pk]), form_data({}, [MEALS_ITEM], publish=True))
    assert response.status_code == 200
    html = response.content.decode()
    errors = re.search(r'id="items-errors">(.*?)</div>\s*</div>', html, re.S).group(1)
    assert str(FEE_NO_CARE_ITEM) in errors
    draft.refresh_from_db()
    assert draft.status == FeeScheduleStatus.DRAFT and draft.refund_rules == "" and not draft.items.exists()


def test_saving_a_draft_keeps_it_private_until_published(client, filed, operator, official):
    draft, _ = fees_services.start_fee_schedule(institution=filed, by=operator)
    client.force_login(operator)
    response = client.post(reverse("institutions:fee_edit", args=[draft.pk]), form_data({}, [CARE_ITEM, MEALS_ITEM]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == FeeScheduleStatus.DRAFT and draft.items.count() == 2
    assert selectors_fees.current_fee_schedule(filed) is None
    client.force_login(official)
    assert client.get(reverse("institutions:fee_detail", args=[draft.pk])).status_code == 404
    history = client.get(reverse("institutions:fee_history", args=[filed.pk]))
    assert f'data-version="{draft.version}"' not in history.content.decode()
    # The operator publishes from the draft's page.
    client.force_login(operator)
    response = client.post(reverse("institutions:fee_publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == FeeScheduleStatus.PUBLISHED
    assert selectors_fees.current_fee_schedule(filed).pk == draft.pk


def test_the_whole_path_through_the_pages(client, filed, operator):
    client.force_login(operator)
    response = client.post(reverse("institutions:fee_new", args=[filed.pk]), {"copy": "1"})
    draft = FeeSchedule.objects.get(institution=filed)
    assert response["Location"] == reverse("institutions:fee_edit", args=[draft.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'data-formset-add="items"' in page.content.decode()
    items = [CARE_ITEM, {**MEALS_ITEM, "DELETE": ""}, {**MEALS_ITEM, "name": "不要的", "DELETE": "on"}]
    response = client.post(response["Location"], form_data({}, items, publish=True))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == FeeScheduleStatus.PUBLISHED
    assert sorted(draft.items.values_list("name", flat=True)) == ["全日托保育费", "膳食费"]
    detail = client.get(reverse("institutions:fee_detail", args=[draft.pk])).content.decode()
    assert "2800.00" in detail and RULES["refund_rules"] in detail


# --- Staleness ----------------------------------------------------------------------------------------


def test_stale_once_past_valid_to(filed, operator):
    schedule = make_published_fees(
        filed, operator, valid_from=datetime.date(2026, 1, 1), valid_to=datetime.date(2026, 6, 30),
        now=at(datetime.date(2026, 1, 1)),
    )  # fmt: skip
    assert not schedule.is_stale(datetime.date(2026, 6, 30))
    assert schedule.is_stale(datetime.date(2026, 7, 1))
    assert selectors_fees.stale_reason(schedule, datetime.date(2026, 7, 1)) == "expired"


def test_stale_once_older_than_its_review_period_exactly(filed, operator):
    schedule = make_published_fees(
        filed, operator, valid_from=datetime.date(2025, 1, 15), review_months=12, now=at(datetime.date(2025, 1, 15))
    )
    assert not schedule.is_stale(datetime.date(2026, 1, 14))
    assert schedule.is_stale(datetime.date(2026, 1, 15))  # exactly review_months later
    assert selectors_fees.stale_reason(schedule, datetime.date(2026, 1, 15)) == "review"


def test_superseded_and_draft_versions_are_never_stale(filed, operator):
    old = make_published_fees(filed, operator, now=at(datetime.date(2020, 1, 1)))
    make_published_fees(filed, operator)
    old.refresh_from_db()
    assert not old.is_stale(datetime.date(2030, 1, 1))


@pytest.mark.parametrize(
    ("published", "months"),
    [
        (datetime.date(2025, 1, 15), 12),
        (datetime.date(2025, 1, 31), 1),  # a month-end start: February has no 31st
        (datetime.date(2024, 2, 29), 12),
        (datetime.date(2025, 3, 1), 6),
    ],
)
def test_the_database_agrees_with_is_stale(filed, operator, published, months):
    """The official's list filters in SQL; it must call stale exactly what FeeSchedule.is_stale does."""
    schedule = make_published_fees(
        filed, operator, valid_from=published, review_months=months, now=at(published, hour=23)
    )
    start = core_dates.add_months(published, months) - datetime.timedelta(days=3)
    for offset in range(7):
        today = start + datetime.timedelta(days=offset)
        row = selectors_fees.fee_status_list(user=operator_scope_official(filed), today=today).get(pk=filed.pk)
        expected = "stale" if schedule.is_stale(today) else "current"
        assert row.fee_state == expected, today


def operator_scope_official(institution):
    return make_user("official", jurisdiction=institution.jurisdiction)


def test_the_operator_is_told_on_the_institution_page_and_at_home(client, filed, operator):
    make_published_fees(filed, operator, valid_to=timezone.localdate() - datetime.timedelta(days=1),
                            valid_from=timezone.localdate() - datetime.timedelta(days=30),
                            now=timezone.now() - datetime.timedelta(days=30))  # fmt: skip
    fresh = make_imported_institution(filed.jurisdiction, operator=operator, name="尚未公示托育园")
    client.force_login(operator)
    page = client.get(filed.get_absolute_url()).content.decode()
    assert 'id="fees-reports-card"' in page and 'data-fee-state="stale"' in page and 'id="fee-stale-reason"' in page
    home = client.get(reverse("home")).content.decode()
    alerts = home[home.index('id="fee-report-alerts"') :]
    assert f'href="{reverse("institutions:fee_history", args=[filed.pk])}"' in alerts
    assert f'href="{reverse("institutions:fee_history", args=[fresh.pk])}"' in alerts
    assert 'data-fee-state="stale"' in alerts and 'data-fee-state="none"' in alerts


# --- The official's list --------------------------------------------------------------------------------


def test_the_official_sees_the_fee_state_of_their_filed_institutions_only(
    client, official, operator, other_operator, haibin, baoping, institution
):
    current = make_imported_institution(haibin, operator=operator, name="现行公示园")
    make_published_fees(current, operator)
    stale = make_imported_institution(haibin, operator=operator, name="过期公示园")
    make_published_fees(stale, operator, valid_to=timezone.localdate() - datetime.timedelta(days=1),
                            valid_from=timezone.localdate() - datetime.timedelta(days=60))  # fmt: skip
    none = make_imported_institution(haibin, operator=operator, name="未公示园")
    elsewhere = make_imported_institution(baoping, operator=other_operator, name="宝平公示园")
    client.force_login(official)
    html = client.get(reverse("institutions:fee_status")).content.decode()
    states = dict(re.findall(r'data-institution="(\d+)".*?data-fee-state="(\w+)"', html, re.S))
    assert states == {str(current.pk): "current", str(stale.pk): "stale", str(none.pk): "none"}
    assert elsewhere.name not in html and institution.name not in html  # other jurisdiction; a draft
    html = client.get(reverse("institutions:fee_status"), {"state": "stale"}).content.decode()
    assert stale.name in html and current.name not in html and none.name not in html
    # Asking for another jurisdiction does not widen an official's scope.
    html = client.get(reverse("institutions:fee_status"), {"jurisdiction": baoping.pk}).content.decode()
    assert elsewhere.name not in html


# --- Public selectors ---------------------------------------------------------------------------------


def test_public_selectors_return_only_the_published_version(filed, operator, haibin, django_assert_num_queries):
    other = make_imported_institution(haibin, operator=operator)
    v1 = make_published_fees(filed, operator)
    fees_services.start_fee_schedule(institution=filed, by=operator)  # a draft v2 is not public
    with django_assert_num_queries(2):
        current = selectors_fees.current_fee_schedule(filed)
        assert [i.fee_type for i in current.items.all()] == [FeeType.CARE, FeeType.MEALS]
    assert current.pk == v1.pk
    assert selectors_fees.current_fee_schedule(other) is None
    with django_assert_num_queries(2):
        found = selectors_fees.published_fee_schedules_for([filed, other])
        assert len(found[filed.pk].items.all()) == 2
    assert set(found) == {filed.pk}
    qs = selectors_fees.with_care_fee_range(type(filed).objects.filter(pk__in=[filed.pk, other.pk]))
    ranges = {i.pk: (i.care_fee_min, i.care_fee_max) for i in qs}
    assert ranges == {filed.pk: (Decimal("2800.00"), Decimal("2800.00")), other.pk: (None, None)}
    assert list(selectors_fees.with_care_fee_range(type(filed).objects.all()).filter(care_fee_min__lte=3000)) == [filed]


def test_pages_carry_no_inline_script_or_style(client, filed, operator, official):
    schedule = make_published_fees(filed, operator)
    draft, _ = fees_services.start_fee_schedule(institution=filed, by=operator)
    client.force_login(operator)
    urls = [
        reverse("institutions:fee_history", args=[filed.pk]),
        reverse("institutions:fee_detail", args=[schedule.pk]),
        reverse("institutions:fee_edit", args=[draft.pk]),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert_no_inline_code(html, url)
    client.force_login(official)
    html = client.get(reverse("institutions:fee_status")).content.decode()
    assert_no_inline_code(html)
