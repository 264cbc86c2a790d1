"""The public pages as parents meet them, without signing in: the register of filed institutions with its search
and filters, an institution's page (filed facts, fees, last inspection), and what is never published
(issue 4 §7)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from institutions.choices import Category, FeeUnit, FilingKind, InstitutionStatus, ServiceForm
from institutions.filings import services as filings_services
from institutions.models import FeeSchedule
from institutions.register import services as register_services
from supervision.choices import InspectionMode
from supervision.public.selectors import PUBLIC_STATUSES
from tests.builders.accounts import make_user, official_of
from tests.builders.complaints import make_complaint_about
from tests.builders.fees import RULES, care_fee, make_published_fees, meal_fee
from tests.builders.filings import make_change_filing, make_draft_filing, make_filed_institution
from tests.builders.inspections import make_draft_inspection, make_finished_inspection
from tests.builders.rectifications import rectify
from tests.builders.register import FAMILY_ADDRESS, STAFF_NAMES, add_member, make_imported_institution
from tests.pages import assert_no_inline_code

pytestmark = pytest.mark.django_db


def register(client, **params) -> list[str]:
    response = client.get(reverse("public:register"), params)
    assert response.status_code == 200
    return [row.name for row in response.context["institutions"]]


def page(client, institution) -> str:
    response = client.get(reverse("public:institution", args=[institution.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def district(public_register, other_operator, baoping):
    """The public register's institutions, and an hourly care point in 宝平 filed in the portal."""
    hourly = make_filed_institution(other_operator, baoping, name="宝平计时托育点", offers_hourly=True)
    return {**public_register, "hourly": hourly}


# --- The register --------------------------------------------------------------------------------


def test_the_register_lists_filed_institutions_only_and_needs_no_sign_in(client, district):
    names = register(client)
    assert sorted(names) == sorted(["海滨普惠托育园", "宝平计时托育点", "海滨小太阳家庭托育点", "宝平导入托育园"])
    for hidden in ("海滨未备案托育园", "海滨暂停托育园", "海滨已注销托育园"):
        assert hidden not in client.get(reverse("public:register")).content.decode()


def test_an_institution_with_a_change_pending_stays_on_the_register(client, operator, district):
    institution = district["inclusive"]
    register_services.update_institution(institution=institution, by=operator, principal_name="新负责人")
    filing = make_draft_filing(institution, operator, kind=FilingKind.CHANGE)
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.CHANGE_PENDING
    assert "海滨普惠托育园" in register(client)
    assert page(client, institution)


def test_a_deregistered_institution_leaves_the_register(client, operator, district):
    institution = district["inclusive"]
    filing = make_draft_filing(institution, operator, kind=FilingKind.DEREGISTRATION)
    filing = filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    filing = filings_services.accept_filing(
        filing=filing, by=official_of(institution.jurisdiction), version=filing.version
    )
    filings_services.acknowledge_filing(filing=filing, by=make_user("commission"), version=filing.version)
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.CLOSED
    assert "海滨普惠托育园" not in register(client)
    assert client.get(reverse("public:institution", args=[institution.pk])).status_code == 404


def test_pages_of_institutions_not_on_the_register_are_404(client, district):
    for key in ("draft", "suspended", "closed"):
        assert client.get(reverse("public:institution", args=[district[key].pk])).status_code == 404
    assert client.get(reverse("public:institution", args=[999999])).status_code == 404


def test_search_by_name(client, district):
    assert register(client, q="普惠") == ["海滨普惠托育园"]
    assert register(client, q="  宝平 ") == ["宝平导入托育园", "宝平计时托育点"]
    assert register(client, q="没有这个") == []


def test_filter_by_jurisdiction_category_inclusive_and_service_form(client, district, haibin, baoping):
    assert sorted(register(client, jurisdiction=haibin.pk)) == ["海滨小太阳家庭托育点", "海滨普惠托育园"]
    assert sorted(register(client, jurisdiction=baoping.pk)) == ["宝平导入托育园", "宝平计时托育点"]
    assert register(client, category=Category.FAMILY) == ["海滨小太阳家庭托育点"]
    assert register(client, inclusive="on") == ["海滨普惠托育园"]
    assert register(client, service_form=ServiceForm.HOURLY) == ["宝平计时托育点"]
    assert register(client, service_form=ServiceForm.HALF_DAY) == ["海滨普惠托育园"]
    assert register(client, jurisdiction=haibin.pk, inclusive="on", service_form=ServiceForm.HOURLY) == []


def test_filter_by_monthly_care_fee(client, district):
    make_published_fees(
        district["inclusive"], items=[care_fee(1800), care_fee(2200, class_type="infant"), meal_fee(15)]
    )
    make_published_fees(district["hourly"], items=[care_fee(3600)])
    # A daily rate is not a monthly fee: the range does not apply to it.
    make_published_fees(district["family"], items=[care_fee(120, unit=FeeUnit.DAY)])
    assert register(client, fee_max=2000) == ["海滨普惠托育园"]
    assert register(client, fee_min=3000) == ["宝平计时托育点"]
    assert sorted(register(client, fee_min=2000, fee_max=4000)) == ["宝平计时托育点", "海滨普惠托育园"]
    assert register(client, fee_min=2500, fee_max=3000) == []
    html = client.get(reverse("public:register")).content.decode()
    assert "¥1800–2200" in html and "¥3600" in html


def test_bad_filter_input_is_ignored_with_a_message_not_a_500(client, district):
    response = client.get(reverse("public:register"), {"fee_min": "abc", "fee_max": "1000", "jurisdiction": "x"})
    assert response.status_code == 200
    # The readable filter still applies; the unreadable ones are marked on the form.
    assert response.context["form"].errors
    response = client.get(reverse("public:register"), {"fee_min": "3000", "fee_max": "1000"})
    assert response.status_code == 200
    assert "fee_max" in response.context["form"].errors


def test_the_register_is_paginated(client, haibin):
    for _ in range(23):
        make_imported_institution(haibin)
    first = client.get(reverse("public:register"))
    assert len(first.context["institutions"]) == 20
    second = client.get(reverse("public:register"), {"page": 2})
    assert len(second.context["institutions"]) == 3


def _register_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("public:register"), params)
    assert response.status_code == 200
    return len(queries)


def test_the_register_runs_a_fixed_number_of_queries(client, operator, haibin, baoping):
    def build(n: int) -> None:
        for i in range(n):
            institution = make_imported_institution(haibin if i % 2 else baoping, is_inclusive=bool(i % 3))
            if i % 4 == 0:
                add_member(institution, operator)
                make_published_fees(institution, operator, items=[care_fee(1500 + i), meal_fee(12)])

    # Sorted first, so that every page 1 below has rows of both kinds: filed in the portal and taken over.
    first = make_filed_institution(operator, haibin, name="一号备案托育园", is_inclusive=True)
    make_published_fees(first, operator, items=[care_fee(2000)])
    searches = [{}, {"q": "园", "inclusive": "on"}, {"fee_max": 5000, "jurisdiction": haibin.pk}]
    build(4)
    small = [_register_queries(client, **params) for params in searches]
    build(46)
    large = [_register_queries(client, **params) for params in searches]
    print(f"public register queries: 5 rows {small}, 50 rows {large}")
    assert small == large
    # count, rows, filed snapshots of the page, classes of the rows taken over, jurisdictions of the filter
    assert max(large) <= 5


# --- An institution's page -----------------------------------------------------------------------


def test_the_page_shows_the_filed_facts_and_seats(client, district):
    html = page(client, district["inclusive"])
    institution = district["inclusive"]
    assert "海滨普惠托育园" in html
    assert institution.uscc in html
    assert institution.address in html
    assert "海滨街道" in html
    assert 'id="complain-button"' in html
    facts = client.get(reverse("public:institution", args=[institution.pk])).context["institution"]
    assert (facts.class_count, facts.total_seats, facts.is_inclusive) == (1, 15, True)
    assert facts.service_forms == ["全日托", "半日托"] or len(facts.service_forms) == 2
    assert facts.filed_on == timezone.localdate()


def test_the_page_shows_what_was_filed_not_unreviewed_edits(client, operator, district):
    institution = district["inclusive"]
    register_services.update_institution(institution=institution, by=operator, address="天津市宝坻区海滨街道新址路1号")
    # A new name waits in the change filing, under review, until the commission acknowledges it.
    change = make_change_filing(institution, operator, name="海滨改名托育园")
    filings_services.submit_filing(filing=change, by=operator, version=change.version)
    html = page(client, institution)
    assert "海滨普惠托育园" in html
    assert "海滨改名托育园" not in html
    assert "新址路1号" not in html
    assert register(client, q="改名") == []


def test_a_family_childcare_point_never_shows_its_address(client, district):
    family = district["family"]
    for html in (page(client, family), client.get(reverse("public:register")).content.decode()):
        assert FAMILY_ADDRESS not in html
        assert "幸福里" not in html
    assert "海滨街道" in page(client, family)


def test_a_family_point_in_the_making_hides_its_address_even_before_its_change_is_filed(client, operator, district):
    institution = district["inclusive"]
    make_change_filing(institution, operator, category=Category.FAMILY)  # a draft, not even submitted
    assert institution.address not in page(client, institution)
    assert institution.address not in b"".join(client.get(reverse("open_data:register_csv")).streaming_content).decode()


def test_public_pages_show_no_personal_data(client, district, staffed):
    institution = staffed
    pages = [page(client, institution), client.get(reverse("public:register")).content.decode()]
    for html in pages:
        for personal in (
            institution.legal_representative, institution.principal_name, institution.contact_phone,
            *STAFF_NAMES, "王举办", "13800000000", "lease", "租赁",
        ):  # fmt: skip
            assert personal not in html, personal


def test_the_page_shows_the_current_fee_disclosure(client, district):
    institution = district["inclusive"]
    html = page(client, institution)
    assert 'id="no-fees"' in html
    make_published_fees(institution, items=[care_fee(1800), meal_fee(15)])
    make_published_fees(
        institution, items=[care_fee(1900), meal_fee(16)], valid_to=timezone.localdate() + datetime.timedelta(days=300)
    )
    html = page(client, institution)
    assert "¥1900.00" in html
    assert RULES["refund_rules"] in html
    assert 'id="fees-stale"' not in html
    # The earlier version is kept, below the current one.
    assert html.index("¥1900.00") < html.index("¥1800.00")


def test_a_stale_disclosure_is_flagged(client, district):
    institution = district["inclusive"]
    make_published_fees(
        institution, items=[care_fee(1800)], valid_from=datetime.date(2024, 1, 1), valid_to=datetime.date(2024, 12, 31)
    )
    assert FeeSchedule.objects.get(institution=institution).is_stale()
    assert 'id="fees-stale"' in page(client, institution)


def test_the_last_inspection_in_plain_words(client, district):
    institution = district["inclusive"]
    assert client.get(reverse("public:institution", args=[institution.pk])).context["inspection"] is None
    earlier = timezone.localdate() - datetime.timedelta(days=40)
    make_finished_inspection(institution, inspected_on=earlier)
    html = page(client, institution)
    assert earlier.isoformat() in html
    rectify(make_finished_inspection(institution, problems=3, inspected_on=timezone.localdate()), 1)
    response = client.get(reverse("public:institution", args=[institution.pk]))
    summary = response.context["inspection"]
    assert (summary.compliant, summary.rectifications, summary.rectified) == (False, 3, 1)
    assert summary.inspected_on == timezone.localdate()
    assert timezone.localdate().isoformat() in response.content.decode()
    assert "消防通道" not in response.content.decode()  # the inspector's notes stay internal


def test_a_draft_inspection_is_not_an_outcome(client, district):
    institution = district["inclusive"]
    make_draft_inspection(institution, mode=InspectionMode.PLANNED)
    response = client.get(reverse("public:institution", args=[institution.pk]))
    assert response.context["inspection"] is None


def test_the_plain_words_in_english(district):
    from django.utils import translation

    from supervision.public.selectors import InspectionSummary

    with translation.override("en"):
        day = datetime.date(2026, 10, 12)
        assert InspectionSummary(day, True).text == "Last inspected on 2026-10-12: no problems found."
        assert InspectionSummary(day, False, 3, 1).text == (
            "Last inspected on 2026-10-12: problems found; rectification ordered — 1 of 3 rectified."
        )


def test_public_statuses_are_filed_and_change_pending():
    assert set(PUBLIC_STATUSES) == {InstitutionStatus.FILED, InstitutionStatus.CHANGE_PENDING}


def test_signed_in_users_see_the_same_public_pages(client, official, district):
    client.force_login(official)
    assert "宝平计时托育点" in register(client)
    assert page(client, district["hourly"])


def test_public_pages_carry_no_inline_script_or_style(client, district):
    complaint = make_complaint_about(district["inclusive"])
    urls = [
        reverse("public:register"),
        reverse("public:institution", args=[district["family"].pk]),
        f"{reverse('public:complaint_create')}?institution={district['inclusive'].pk}",
        f"{reverse('public:complaint_status')}?code={complaint.tracking_code}",
    ]
    for url in urls:
        response = client.get(url)
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert_no_inline_code(response.content.decode(), url)
