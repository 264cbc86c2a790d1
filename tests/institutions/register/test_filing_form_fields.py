"""The 备案书's facts the register keeps: the 举办者 (unit or person, with a number shown masked to all but the
commission), the registered 住所 beside the service address, the registration certificate, the premises' lease,
house use and fire-resistance rating, opening hours and meals, and each staff member's ID number and 无犯罪记录
declaration.

Each test asserts what a user would notice: the form's message, what a page shows, what a filing carries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from institutions.choices import ChangeSubject, LegalForm, SponsorType
from institutions.demo import make_id_number, make_uscc
from institutions.filings import snapshots, standards
from institutions.filings.selectors import change_subjects
from institutions.models import Institution, StaffMember
from institutions.register import services as register_services
from tests.builders.filings import make_submitted_filing
from tests.builders.register import operator_of
from tests.pages import error_beside

pytestmark = pytest.mark.django_db

PERSON_ID = make_id_number(7, born=datetime.date(1988, 6, 15))  # valid check digit, birth date and region
MASKED_PERSON_ID = PERSON_ID[:3] + "*" * 11 + PERSON_ID[-4:]


def _person_sponsor(institution: Institution) -> Institution:
    return register_services.update_institution(
        institution=institution,
        by=operator_of(institution),
        sponsor_type=SponsorType.PERSON,
        sponsor_name="王举办",
        sponsor_id_number=PERSON_ID,
    )


# --- The form asks for what the 备案书 asks ------------------------------------------------------------------------


def test_the_registration_form_asks_for_the_sponsor_the_registration_and_both_addresses(
    client, operator, registration_data
):
    client.force_login(operator)
    wanted = (
        "sponsor_type", "sponsor_name", "sponsor_id_number", "sponsor_contact", "registered_address",
        "registration_certificate_number", "registration_authority_name", "house_use", "opening_hours",
    )  # fmt: skip
    response = client.post(reverse("institutions:create"), registration_data(**dict.fromkeys(wanted, "")))
    html = response.content.decode()
    assert response.status_code == 200
    assert not Institution.objects.exists()
    for name in wanted:
        assert error_beside(html, name), name
    for section in ("section-sponsor", "section-registration", "section-address", "section-premises"):
        assert f'id="{section}"' in html


def test_a_registration_keeps_the_registered_domicile_and_the_service_address_apart(
    client, operator, registration_data
):
    client.force_login(operator)
    client.post(
        reverse("institutions:create"),
        registration_data(registered_address="天津市宝坻区钰华街道登记路1号", address="天津市宝坻区海滨街道服务路2号"),
    )
    institution = Institution.objects.get()
    assert (institution.registered_address, institution.address) == (
        "天津市宝坻区钰华街道登记路1号",
        "天津市宝坻区海滨街道服务路2号",
    )
    assert (institution.sponsor_type, institution.sponsor_name) == (SponsorType.UNIT, "天津新苗教育科技有限公司")
    assert institution.registration_authority_name == "天津市宝坻区市场监督管理局"
    assert institution.lessor == "天津新苗置业有限公司"
    assert institution.lease_start_date == datetime.date(2026, 7, 1)


@pytest.mark.parametrize(
    ("sponsor_type", "number", "words"),
    [
        ("unit", "91120115MA05L1234X", "统一社会信用代码"),  # a unit's number is a credit code
        ("person", "120115198802301234", "居民身份证号码"),  # 30 February is no birth date
        ("person", make_uscc(LegalForm.FOR_PROFIT, 4343), "居民身份证号码"),  # a credit code is no person's number
    ],
)
def test_the_sponsors_number_must_fit_its_type(client, operator, registration_data, sponsor_type, number, words):
    client.force_login(operator)
    data = registration_data(sponsor_type=sponsor_type, sponsor_id_number=number)
    response = client.post(reverse("institutions:create"), data)
    assert words in error_beside(response.content.decode(), "sponsor_id_number")
    assert not Institution.objects.exists()


def test_a_person_sponsor_is_registered_with_a_resident_id_number(client, operator, registration_data):
    client.force_login(operator)
    data = registration_data(sponsor_type="person", sponsor_name="王举办", sponsor_id_number=PERSON_ID.lower())
    assert client.post(reverse("institutions:create"), data).status_code == 302
    assert Institution.objects.get().sponsor_id_number == PERSON_ID


def test_a_lease_needs_its_start_and_lessor_and_meals_say_how_they_are_provided(client, operator, registration_data):
    client.force_login(operator)
    data = registration_data(lease_start_date="", lessor="", meals_source="")
    html = client.post(reverse("institutions:create"), data).content.decode()
    assert "租赁" in error_beside(html, "lease_start_date")
    assert "出租" in error_beside(html, "lessor")
    assert error_beside(html, "meals_source")
    assert not Institution.objects.exists()
    # Owned premises and no meals ask for neither.
    owned = registration_data(premises_tenure="owned", lease_start_date="", lease_end_date="", lessor="")
    owned.pop("provides_meals")
    owned["meals_source"] = ""
    assert client.post(reverse("institutions:create"), owned).status_code == 302


# --- Identity numbers: in full for the commission, masked for everyone else ------------------------------------


def test_the_sponsors_number_is_masked_on_the_institution_page_except_for_the_commission(
    client, operator, official, commission, compliant
):
    _person_sponsor(compliant)
    url = reverse("institutions:detail", args=[compliant.pk])
    for reader in (operator, official):
        client.force_login(reader)
        html = client.get(url).content.decode()
        assert MASKED_PERSON_ID in html and PERSON_ID not in html, reader
    client.force_login(commission)
    assert PERSON_ID in client.get(url).content.decode()


def test_the_edit_form_never_sends_the_number_back_and_an_empty_answer_keeps_it(
    client, operator, compliant, registration_data
):
    _person_sponsor(compliant)
    client.force_login(operator)
    url = reverse("institutions:edit", args=[compliant.pk])
    html = client.get(url).content.decode()
    assert PERSON_ID not in html
    assert MASKED_PERSON_ID in html  # the help text says which number is on record
    data = registration_data(
        uscc=compliant.uscc, name=compliant.name, sponsor_type="person", sponsor_name="王举办", sponsor_id_number=""
    )
    assert client.post(url, data).status_code == 302
    compliant.refresh_from_db()
    assert compliant.sponsor_id_number == PERSON_ID
    other = make_id_number(8)
    client.post(url, {**data, "sponsor_id_number": other})
    compliant.refresh_from_db()
    assert compliant.sponsor_id_number == other


def test_staff_id_numbers_are_masked_on_the_review_page_for_the_official_and_shown_to_the_commission(
    client, operator, official, commission, compliant
):
    filing = make_submitted_filing(compliant, operator)
    number = StaffMember.objects.filter(institution=compliant).order_by("pk").first().id_number
    assert number and number in str(filing.snapshot["staff"])  # the filing keeps the number in full
    url = reverse("supervision:filing_review", args=[filing.pk])
    client.force_login(official)
    html = client.get(url).content.decode()
    assert number not in html and number[:3] + "*" * 11 + number[-4:] in html
    assert "已声明" in html  # the 无犯罪记录 declarations the builder's staff made
    client.force_login(commission)
    assert number in client.get(url).content.decode()


def test_the_staff_form_shows_the_number_on_record_masked_and_keeps_it(client, operator, compliant):
    member = StaffMember.objects.filter(institution=compliant).order_by("pk").first()
    client.force_login(operator)
    html = client.get(reverse("institutions:staff", args=[compliant.pk])).content.decode()
    assert member.id_number not in html
    assert member.id_number[:3] + "*" * 11 + member.id_number[-4:] in html


def test_a_staff_member_without_the_declaration_is_marked_for_the_reviewer(client, operator, official, compliant):
    member = StaffMember.objects.filter(institution=compliant).order_by("pk").first()
    StaffMember.objects.filter(pk=member.pk).update(no_criminal_record_declared=False)  # as an older row has it
    filing = make_submitted_filing(compliant, operator)
    client.force_login(official)
    html = client.get(reverse("supervision:filing_review", args=[filing.pk])).content.decode()
    assert "未声明" in html


# --- The fire-resistance rating decides the highest floor (GB 50016—2014 5.4.4) ------------------------------


@pytest.mark.parametrize(
    ("rating", "floor", "finding"),
    [("2", 3, False), ("3", 2, False), ("3", 3, True), ("4", 1, False), ("4", 2, True), ("", 3, False)],
)
def test_the_highest_floor_follows_the_fire_resistance_rating(compliant, rating, floor, finding):
    snapshot = snapshots.build_snapshot(compliant)
    snapshot["institution"].update(fire_resistance_rating=rating, floor=floor)
    rules = {f["rule"] for f in standards.check(snapshot, datetime.date(2026, 12, 1))}
    assert ("premises_floor_rating" in rules) is finding
    assert "premises_floor" not in rules


def test_the_floor_finding_names_the_rating_and_its_limit(compliant):
    snapshot = snapshots.build_snapshot(compliant)
    snapshot["institution"].update(fire_resistance_rating="3", floor=3)
    finding = next(f for f in standards.check(snapshot, datetime.date(2026, 12, 1)) if f["rule"] != "lease_term")
    described = standards.describe(finding)
    assert "3" in described["message"] and "2" in described["message"]
    assert "GB 50016" in described["source"]


# --- Filings carry the facts; a change of them is a change -------------------------------------------------------


def test_the_filing_snapshot_carries_the_filing_form_facts(operator, compliant):
    filing = make_submitted_filing(compliant, operator)
    facts = filing.snapshot["institution"]
    for name in (
        "sponsor_type", "sponsor_name", "sponsor_id_number", "registered_address", "registration_certificate_number",
        "registration_authority_name", "lease_start_date", "lessor", "house_use", "fire_resistance_rating",
        "opening_hours", "meals_source",
    ):  # fmt: skip
        assert facts.get(name), name
    assert all("no_criminal_record_declared" in row for row in filing.snapshot["staff"])


def test_a_snapshot_taken_before_these_facts_existed_does_not_read_as_a_change(compliant):
    before = snapshots.build_snapshot(compliant)
    for name in ("sponsor_type", "lessor", "scope_names_childcare", "lease_start_date"):
        before["institution"].pop(name)
    after = snapshots.build_snapshot(compliant)
    for name in ("sponsor_type", "lessor", "lease_start_date"):
        after["institution"][name] = ""
    after["institution"]["scope_names_childcare"] = False
    assert snapshots.diff(before, after)["changed"] is False


def test_a_change_of_sponsor_or_domicile_is_a_change_of_what_the_documents_follow(operator, compliant):
    before = snapshots.build_snapshot(compliant)
    register_services.update_institution(
        institution=compliant, by=operator, sponsor_name="天津另一家教育科技有限公司", registered_address="新住所1号"
    )
    subjects = change_subjects(before, snapshots.build_snapshot(compliant))
    assert {ChangeSubject.SPONSOR, ChangeSubject.ADDRESS} <= set(subjects)


def test_the_filing_form_pdf_masks_identity_numbers_for_the_operator(client, operator, commission, compliant):
    pypdf = pytest.importorskip("pypdf")
    import io

    _person_sponsor(compliant)
    filing = make_submitted_filing(compliant, operator)
    url = reverse("institutions:filing_form_pdf", args=[filing.pk])

    def text(reader) -> str:
        client.force_login(reader)
        pdf = pypdf.PdfReader(io.BytesIO(client.get(url).content))
        return "".join(page.extract_text() for page in pdf.pages)

    assert PERSON_ID not in text(operator) and PERSON_ID[-4:] in text(operator)
    assert PERSON_ID in text(commission)


def test_a_filing_is_not_submitted_while_the_institution_lacks_a_filing_form_fact(operator, compliant):
    from django.utils import translation

    from institutions.filings import services as filings_services
    from tests.builders.filings import make_draft_filing

    register_services.update_institution(institution=compliant, by=operator, sponsor_name="", lessor="")
    filing = make_draft_filing(compliant, operator)
    with translation.override("zh-hans"), pytest.raises(filings_services.TransitionError) as refused:
        filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    with translation.override("zh-hans"):
        assert "举办者" in refused.value.messages[0] and "出租方" in refused.value.messages[0]
    filing.refresh_from_db()
    assert filing.status == "draft"
    register_services.update_institution(institution=compliant, by=operator, sponsor_name="王举办", lessor="出租人")
    filing.refresh_from_db()
    assert filings_services.submit_filing(filing=filing, by=operator, version=filing.version).status == "submitted"
