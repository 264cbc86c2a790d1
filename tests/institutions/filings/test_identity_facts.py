"""The facts that decide who supervises an institution or identify it (its 街镇, name, credit code, legal form and
category) change only through an acknowledged 变更备案 (issue 10 item 1). Until the commission acknowledges it, scope,
routing and the public pages follow the filed facts; the operator's edit form, the register import and the Django
admin cannot change them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from baodi_care.accounts.models import Notification
from institutions.choices import Category, FilingKind, InstitutionStatus
from institutions.filings import services as filings_services
from institutions.models import Filing, Institution
from institutions.register import services as register_services
from institutions.register.selectors import IDENTITY_NEEDS_CHANGE_FILING, IDENTITY_UNDER_REVIEW
from tests.builders.filings import correction, make_change_filing, make_submitted_filing, propose_change
from tests.builders.rectifications import make_open_rectification

pytestmark = pytest.mark.django_db

NEW_NAME = "宝平新址托育中心"


@pytest.fixture
def supervised(filed, operator, official):
    """The filed institution in 海滨 with its initial filing, and an inspection that ordered a rectification."""
    rectification = make_open_rectification(filed, official)
    return {
        "institution": filed,
        "filing": filed.filings.get(kind=FilingKind.INITIAL),
        "inspection": rectification.item_check.inspection,
        "rectification": rectification,
    }


def pages(supervised) -> list[str]:
    """The institution's pages an official of its 街镇 opens: itself, its filing, inspection and rectification."""
    institution = supervised["institution"]
    return [
        reverse("institutions:detail", args=[institution.pk]),
        reverse("institutions:filing_detail", args=[supervised["filing"].pk]),
        reverse("supervision:filing_review", args=[supervised["filing"].pk]),
        reverse("supervision:inspection_detail", args=[supervised["inspection"].pk]),
        reverse("supervision:rectification_detail", args=[supervised["rectification"].pk]),
        reverse("supervision:institution_ledger", args=[institution.pk]),
    ]


def answers(client, user, urls) -> set[int]:
    client.force_login(user)
    return {client.get(url).status_code for url in urls}


def public_names(client) -> list[str]:
    return [row.name for row in client.get(reverse("public:register")).context["institutions"]]


def test_the_operators_edit_cannot_move_a_filed_institution(
    client, operator, official, other_official, supervised, registration_data, baoping
):
    institution = supervised["institution"]
    client.force_login(operator)
    form = client.get(reverse("institutions:edit", args=[institution.pk])).context["form"]
    assert all(form.fields[name].disabled for name in ("name", "uscc", "legal_form", "category", "jurisdiction"))
    data = registration_data(name=NEW_NAME, uscc=institution.uscc, jurisdiction=baoping.pk, principal_name="新园长")
    response = client.post(reverse("institutions:edit", args=[institution.pk]), data)
    assert response.status_code == 302

    stored = Institution.objects.get(pk=institution.pk)
    assert (stored.jurisdiction, stored.name, stored.principal_name) == (
        institution.jurisdiction,
        institution.name,
        "新园长",
    )
    assert answers(client, official, pages(supervised)) == {200}
    assert answers(client, other_official, pages(supervised)) == {404}
    assert institution.name in public_names(client) and NEW_NAME not in public_names(client)


def test_the_service_refuses_a_direct_change_beside_the_field(operator, supervised, baoping):
    institution = supervised["institution"]
    with pytest.raises(ValidationError) as refused:
        register_services.update_institution(
            institution=institution, by=operator, jurisdiction=baoping, category=Category.COMMUNITY
        )
    assert set(refused.value.error_dict) == {"jurisdiction", "category"}
    assert refused.value.messages[0] == str(IDENTITY_NEEDS_CHANGE_FILING)
    assert Institution.objects.get(pk=institution.pk).jurisdiction_id != baoping.pk


def test_the_acknowledged_change_filing_moves_the_institution_and_its_supervision(
    client, operator, official, other_official, commission, supervised, baoping
):
    institution = supervised["institution"]
    filed_name = institution.name
    change = make_change_filing(institution, operator, jurisdiction=baoping, name=NEW_NAME)
    change = filings_services.submit_filing(filing=change, by=operator, version=change.version)

    # Under review the old 街镇 keeps the institution and reviews the move; the new one sees nothing yet.
    assert Institution.objects.get(pk=institution.pk).jurisdiction == official.jurisdiction
    assert Notification.objects.filter(recipient=official, url__contains=f"/filings/{change.pk}/").exists()
    assert not Notification.objects.filter(recipient=other_official).exists()
    review = reverse("supervision:filing_review", args=[change.pk])
    assert answers(client, official, [*pages(supervised), review]) == {200}
    assert answers(client, other_official, [*pages(supervised), review]) == {404}
    assert filed_name in public_names(client) and NEW_NAME not in public_names(client)

    change = filings_services.accept_filing(filing=change, by=official, version=change.version)
    filings_services.acknowledge_filing(filing=change, by=commission, version=change.version)

    moved = Institution.objects.get(pk=institution.pk)
    assert (moved.jurisdiction, moved.name, moved.status) == (baoping, NEW_NAME, InstitutionStatus.FILED)
    assert moved.history.filter(history_change_reason__startswith="变更备案").exists()
    assert answers(client, other_official, pages(supervised)) == {200}
    assert answers(client, official, pages(supervised)) == {404}
    assert Notification.objects.filter(recipient=other_official, url=moved.get_absolute_url()).exists()
    assert NEW_NAME in public_names(client) and filed_name not in public_names(client)


def test_a_rejected_change_filing_changes_nothing(operator, official, supervised, baoping):
    institution = supervised["institution"]
    change = make_change_filing(institution, operator, jurisdiction=baoping, name=NEW_NAME)
    change = filings_services.submit_filing(filing=change, by=operator, version=change.version)
    filings_services.reject_filing(filing=change, by=official, version=change.version, reason="新址不在宝平")
    stored = Institution.objects.get(pk=institution.pk)
    assert (stored.jurisdiction, stored.name, stored.status) == (
        official.jurisdiction,
        institution.name,
        InstitutionStatus.FILED,
    )


def test_the_change_filing_form_carries_the_new_facts(client, operator, supervised, baoping, other_institution):
    institution = supervised["institution"]
    change = filings_services.start_filing(institution=institution, kind=FilingKind.CHANGE, by=operator)
    url = reverse("institutions:filing_edit", args=[change.pk])
    client.force_login(operator)
    form = client.get(url).context["form"]
    assert (form["name"].value(), form["jurisdiction"].value()) == (institution.name, institution.jurisdiction_id)
    data = {
        "applicant_name": "王举办", "applicant_phone": "13800000000", "change_date": "2026-03-02",
        "change_description": "迁址", "pledge_accepted": "on", "name": NEW_NAME, "uscc": institution.uscc.lower(),
        "legal_form": institution.legal_form, "category": institution.category, "jurisdiction": baoping.pk,
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    change.refresh_from_db()
    assert change.proposed_facts == {"name": NEW_NAME, "jurisdiction": baoping.code}
    assert Institution.objects.get(pk=institution.pk).name == institution.name
    html = client.get(reverse("institutions:filing_detail", args=[change.pk])).content.decode()
    assert NEW_NAME in html and baoping.name in html  # the diff against the filed data

    # Another institution's credit code is refused beside the field; nothing is proposed.
    response = client.post(url, {**data, "uscc": other_institution.uscc})
    assert response.status_code == 200 and response.context["form"].errors["uscc"]
    change.refresh_from_db()
    assert "uscc" not in change.proposed_facts


def test_the_edit_form_sends_the_operator_to_the_change_filing(client, operator, supervised):
    institution = supervised["institution"]
    client.force_login(operator)
    html = client.get(reverse("institutions:edit", args=[institution.pk])).content.decode()
    assert str(IDENTITY_NEEDS_CHANGE_FILING) in html
    assert reverse("institutions:filing_start", args=[institution.pk, FilingKind.CHANGE]) in html
    change = make_change_filing(institution, operator, name=NEW_NAME)
    html = client.get(reverse("institutions:edit", args=[institution.pk])).content.decode()
    assert reverse("institutions:filing_edit", args=[change.pk]) in html


def test_a_never_filed_registration_edits_its_facts_until_a_reviewer_has_them(
    operator, other_official, compliant, baoping, haibin
):
    # Nothing is supervised yet: the operator corrects the 街镇 and the name freely.
    register_services.update_institution(institution=compliant, by=operator, jurisdiction=baoping, name="改名托育园")
    compliant.refresh_from_db()
    filing = make_submitted_filing(compliant, operator)
    # With the reviewer of 宝平, the facts stay as submitted: the filing cannot be moved to another reviewer.
    with pytest.raises(ValidationError) as refused:
        register_services.update_institution(institution=compliant, by=operator, jurisdiction=haibin)
    assert refused.value.messages == [str(IDENTITY_UNDER_REVIEW)]
    # Returned for correction, they may be corrected again (the resubmission is a new round).
    filings_services.return_filing(filing=filing, by=other_official, version=filing.version, reviews=correction())
    register_services.update_institution(institution=compliant, by=operator, jurisdiction=haibin)
    assert Institution.objects.get(pk=compliant.pk).jurisdiction == haibin


def test_only_a_change_filing_carries_new_facts(operator, compliant, baoping):
    filing = filings_services.start_filing(institution=compliant, kind=FilingKind.INITIAL, by=operator)
    with pytest.raises(ValueError):
        filings_services.update_filing(filing=filing, by=operator, pledge_accepted=False, proposed={"name": "X"})


def test_an_inactive_jurisdiction_is_refused(operator, supervised, baoping):
    change = filings_services.start_filing(institution=supervised["institution"], kind=FilingKind.CHANGE, by=operator)
    type(baoping).objects.filter(pk=baoping.pk).update(is_active=False)
    baoping.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        propose_change(change, operator, jurisdiction=baoping)
    assert "jurisdiction" in refused.value.error_dict
    assert Filing.objects.get(pk=change.pk).proposed_facts == {}
