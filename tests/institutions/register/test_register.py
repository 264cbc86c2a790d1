"""The register: who sees which institutions, the credit code (GB 32100), registering, the register list and its
filters, and the only fields a write may change."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from baodi_care.accounts.models import User
from institutions.choices import InstitutionStatus, LegalForm
from institutions.demo import make_uscc
from institutions.models import Institution, validate_uscc
from tests.builders.filings import deregister_institution, file_institution
from tests.builders.register import make_institution

pytestmark = pytest.mark.django_db


def test_operator_sees_only_their_own_institutions(operator, institution, other_institution):
    assert list(Institution.objects.for_user(operator)) == [institution]


def test_official_sees_only_their_jurisdiction(official, institution, other_institution):
    assert list(Institution.objects.for_user(official)) == [institution]


def test_district_roles_see_the_whole_district(commission, department, institution, other_institution):
    assert Institution.objects.for_user(commission).count() == 2
    assert Institution.objects.for_user(department).count() == 2


def test_anonymous_inactive_and_unknown_roles_see_nothing(institution, official):
    from django.contrib.auth.models import AnonymousUser

    assert not Institution.objects.for_user(AnonymousUser()).exists()
    official.is_active = False
    assert not Institution.objects.for_user(official).exists()
    stranger = User(role="visitor", is_active=True)
    assert not Institution.objects.for_user(stranger).exists()


def test_a_chain_operator_sees_every_institution_they_run(operator, haibin, baoping):
    first = make_institution(operator=operator, jurisdiction=haibin)
    second = make_institution(operator=operator, jurisdiction=baoping)
    assert set(Institution.objects.for_user(operator)) == {first, second}


@pytest.mark.parametrize(
    "code",
    ["91120115MA05L1234X", "12345", "91120115MA05L12345Z0", "9112011SMA05L1234X"],
)
def test_invalid_credit_codes_are_refused_with_a_clear_message(code):
    with pytest.raises(ValidationError) as exc:
        validate_uscc(code)
    assert "统一社会信用代码" in str(exc.value.messages[0])


@given(serial=st.integers(min_value=0, max_value=99_999_999), form=st.sampled_from(list(LegalForm)))
def test_generated_demo_codes_pass_the_gb32100_check(serial, form):
    validate_uscc(make_uscc(form, serial))


def test_a_real_published_code_passes():
    validate_uscc("91110000600037341L")


def test_registering_records_history_and_the_operator_membership(operator, haibin):
    institution = make_institution(operator=operator, jurisdiction=haibin)
    assert institution.status == InstitutionStatus.DRAFT
    assert institution.memberships.get().user == operator
    assert institution.history.get().history_user == operator


def test_registration_authority_follows_the_legal_form(institution):
    assert "市场监管部门" in str(institution.registration_authority)


@pytest.mark.parametrize("rows", [5, 50])
def test_register_list_query_count_does_not_grow(
    client, commission, operator, haibin, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        make_institution(operator=operator, jurisdiction=haibin)
    client.force_login(commission)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("institutions:list"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == rows


def test_register_search_and_filters(client, commission, institution, other_institution):
    client.force_login(commission)
    response = client.get(reverse("institutions:list"), {"q": "海滨"})
    assert list(response.context["institutions"]) == [institution]
    response = client.get(reverse("institutions:list"), {"q": other_institution.uscc.lower()})
    assert list(response.context["institutions"]) == [other_institution]
    response = client.get(reverse("institutions:list"), {"jurisdiction": other_institution.jurisdiction_id})
    assert list(response.context["institutions"]) == [other_institution]


def test_official_is_offered_only_their_jurisdiction_as_a_filter(client, official):
    client.force_login(official)
    response = client.get(reverse("institutions:list"))
    choices = list(response.context["filter"].form.fields["jurisdiction"].queryset)
    assert choices == [official.jurisdiction]


def test_a_bad_filter_value_is_not_a_500(client, commission, institution):
    client.force_login(commission)
    response = client.get(reverse("institutions:list"), {"jurisdiction": "abc", "page": "zzz"})
    assert response.status_code == 200


def test_detail_page_shows_the_classes_and_seats(client, operator, institution):
    client.force_login(operator)
    html = client.get(institution.get_absolute_url()).content.decode()
    assert institution.name in html
    assert institution.uscc in html
    assert "托小班" in html


@pytest.mark.parametrize(
    "field, value",
    [("status", InstitutionStatus.FILED), ("id", 999), ("created_at", None), ("no_such_field", "x")],
)
def test_an_operators_update_refuses_anything_but_the_institutions_facts(field, value, operator, institution):
    from institutions.register import services

    with pytest.raises(ValueError, match=field):
        services.update_institution(institution=institution, by=operator, name="改名托育中心", **{field: value})
    stored = Institution.objects.get(pk=institution.pk)
    assert (stored.name, stored.status) == (institution.name, InstitutionStatus.DRAFT)
    assert stored.history.count() == 1


def test_the_register_form_offers_only_fields_the_update_takes():
    from institutions.register.forms import InstitutionForm
    from institutions.register.services import INSTITUTION_FIELDS, SERVICE_FORM_FIELDS

    assert set(InstitutionForm._meta.fields) | set(SERVICE_FORM_FIELDS.values()) == set(INSTITUTION_FIELDS)


def test_the_import_update_is_the_commissions_and_keeps_closed_institutions_closed(commission, official, institution):
    from django.core.exceptions import PermissionDenied

    from institutions.register import services

    def update(institution, by, **changes):
        return services.import_update_institution(
            institution=institution, by=by, changes=changes, reason="register import #1"
        )

    with pytest.raises(PermissionDenied):
        update(institution, official, contact_phone="022-1")
    with pytest.raises(ValueError, match="status"):
        update(institution, commission, status=InstitutionStatus.FILED)
    update(institution, commission, contact_phone="022-29990000")
    entry = Institution.objects.get(pk=institution.pk).history.latest()
    assert (entry.contact_phone, entry.history_user, entry.history_change_reason) == (
        "022-29990000",
        commission,
        "register import #1",
    )
    deregister_institution(file_institution(institution))
    with pytest.raises(ValidationError) as exc:
        update(Institution.objects.get(pk=institution.pk), commission, contact_phone="022-1")
    assert exc.value.messages == [str(services.INSTITUTION_CLOSED)]
    assert Institution.objects.get(pk=institution.pk).contact_phone == "022-29990000"
