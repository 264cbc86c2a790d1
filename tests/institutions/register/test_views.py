"""Registering an institution and keeping its facts, classes and staff, through the operator's pages.

Each test asserts what a user would notice: the page, the message, what was (or was not) saved."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from institutions.choices import ClassType, FilingKind, InstitutionStatus, LegalForm, StaffRole
from institutions.demo import make_uscc
from institutions.models import ClassGroup, Institution, StaffMember
from institutions.register import services as register_services
from tests.builders.filings import deregister_institution, file_institution
from tests.pages import error_beside, messages_of

pytestmark = pytest.mark.django_db

# --- Registration ---------------------------------------------------------------------------------


def test_a_bad_credit_code_is_refused_beside_the_field_and_nothing_is_saved(client, operator, registration_data):
    client.force_login(operator)
    response = client.post(reverse("institutions:create"), registration_data(uscc="91120115MA05L1234X"))
    assert response.status_code == 200
    assert "统一社会信用代码" in error_beside(response.content.decode(), "uscc")
    assert not Institution.objects.exists()


def test_registration_creates_the_institution_with_its_operator_and_invites_classes_and_staff(
    client, operator, registration_data
):
    client.force_login(operator)
    response = client.post(reverse("institutions:create"), registration_data(), follow=True)
    institution = Institution.objects.get()
    assert response.redirect_chain[-1][0] == institution.get_absolute_url()
    assert institution.uscc == make_uscc(LegalForm.FOR_PROFIT, 4242)  # typed in lower case, stored upper
    assert institution.status == InstitutionStatus.DRAFT
    assert (institution.offers_full_day, institution.offers_half_day, institution.offers_hourly) == (True, False, True)
    assert institution.lease_end_date == datetime.date(2031, 6, 30)
    assert list(institution.memberships.values_list("user", flat=True)) == [operator.pk]
    html = response.content.decode()
    assert 'id="next-steps"' in html
    assert reverse("institutions:classes", args=[institution.pk]) in html
    assert reverse("institutions:staff", args=[institution.pk]) in html


def test_the_form_shows_the_registration_authority_of_the_legal_form(client, operator, institution):
    client.force_login(operator)
    html = client.get(reverse("institutions:edit", args=[institution.pk])).content.decode()
    assert 'id="registration-authority"' in html
    assert str(institution.registration_authority) in html


def test_leased_premises_need_a_lease_end_date_and_a_service_form_is_required(client, operator, registration_data):
    client.force_login(operator)
    response = client.post(reverse("institutions:create"), registration_data(lease_end_date="", service_forms=[]))
    html = response.content.decode()
    assert error_beside(html, "lease_end_date")
    assert 'id="section-premises"' in html
    assert not Institution.objects.exists()


def test_only_operators_register_institutions(client, official):
    client.force_login(official)
    assert client.get(reverse("institutions:create")).status_code == 403


def test_editing_the_facts_saves_them_with_history(client, operator, institution, registration_data):
    client.force_login(operator)
    data = registration_data(uscc=institution.uscc, name="海滨小星星托育中心（新址）")
    response = client.post(reverse("institutions:edit", args=[institution.pk]), data)
    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.name == "海滨小星星托育中心（新址）"
    assert institution.history.first().history_user == operator


def test_a_duplicate_credit_code_is_refused(client, operator, institution, other_institution, registration_data):
    client.force_login(operator)
    data = registration_data(uscc=other_institution.uscc)
    response = client.post(reverse("institutions:edit", args=[institution.pk]), data)
    assert response.status_code == 200
    assert error_beside(response.content.decode(), "uscc")
    institution.refresh_from_db()
    assert institution.uscc != other_institution.uscc


# --- Classes and staff ----------------------------------------------------------------------------


def formset_post(formset, rows: list[dict], prefix: str) -> dict:
    """POST data for a formset: its existing rows (as rendered) with the given changes, then new rows."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def test_classes_are_added_changed_and_removed_through_the_formset(client, operator, institution):
    client.force_login(operator)
    url = reverse("institutions:classes", args=[institution.pk])
    formset = client.get(url).context["formset"]
    existing = ClassGroup.objects.get(institution=institution)
    rows = [
        {"id": existing.pk, "name": "托小班", "class_type": ClassType.TODDLER, "seats": "12", "DELETE": ""},
        {"name": "乳儿班", "class_type": ClassType.INFANT, "seats": "8"},
        {"name": "托大班", "class_type": ClassType.SENIOR, "seats": "20"},
        {"name": "", "class_type": "", "seats": ""},  # an untouched extra row
    ]
    response = client.post(url, formset_post(formset, rows, "classes"))
    assert response.status_code == 302
    assert sorted(institution.classes.values_list("name", "seats")) == [("乳儿班", 8), ("托大班", 20), ("托小班", 12)]

    formset = client.get(url).context["formset"]
    rows = [
        {"id": f.instance.pk, "name": f.instance.name, "class_type": f.instance.class_type, "seats": f.instance.seats}
        for f in formset.initial_forms
    ]
    rows[0]["DELETE"] = "on"
    client.post(url, formset_post(formset, rows, "classes"))
    assert institution.classes.count() == 2


def test_staff_are_saved_with_certificates_and_only_this_institutions_classes_are_offered(
    client, operator, institution, other_institution
):
    client.force_login(operator)
    url = reverse("institutions:staff", args=[institution.pk])
    response = client.get(url)
    formset = response.context["formset"]
    own_class = institution.classes.get()
    foreign_class = other_institution.classes.get()
    offered = {value for value, _label in formset.forms[0].fields["class_group"].choices if value}
    assert {str(v) for v in offered} == {str(own_class.pk)}
    assert 'type="date"' in response.content.decode()

    rows = [
        {
            "name": "张保育",
            "role": StaffRole.CAREGIVER,
            "class_group": own_class.pk,
            "education": "high_school",
            "management_years": "0",
            "qualification": "保育师证",
            "qualification_expiry": "2030-01-31",
            "health_certificate_expiry": "2027-03-01",
            "full_time": "on",
        }
    ]
    assert client.post(url, formset_post(formset, rows, "staff")).status_code == 302
    member = StaffMember.objects.get(institution=institution)
    assert (member.class_group, member.health_certificate_expiry) == (own_class, datetime.date(2027, 3, 1))

    rows[0]["class_group"] = foreign_class.pk
    rows[0]["name"] = "另一位"
    response = client.post(url, formset_post(formset, rows, "staff"))
    assert response.status_code == 200
    assert not StaffMember.objects.filter(name="另一位").exists()


def test_the_detail_page_lists_staff_with_expired_certificates_and_the_standards_findings(
    client, operator, institution
):
    register_services.add_staff(
        institution=institution,
        by=operator,
        name="过期保安",
        role=StaffRole.SECURITY,
        qualification="保安员证",
        health_certificate_expiry=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(operator)
    html = client.get(institution.get_absolute_url()).content.decode()
    assert "过期保安" in html
    assert "text-danger fw-semibold expired" in html
    assert 'data-rule="no_principal"' in html
    assert "《托育机构设置标准（试行）》第十八条" in html
    assert reverse("institutions:filing_start", args=[institution.pk, FilingKind.INITIAL]) in html
    assert reverse("institutions:filing_start", args=[institution.pk, FilingKind.CHANGE]) not in html


def test_a_deregistered_institution_can_no_longer_be_edited(client, operator, institution):
    deregister_institution(file_institution(institution, operator), operator)
    client.force_login(operator)
    response = client.get(reverse("institutions:staff", args=[institution.pk]))
    assert response.status_code == 302
    assert messages_of(response) == [str(register_services.INSTITUTION_CLOSED)]
