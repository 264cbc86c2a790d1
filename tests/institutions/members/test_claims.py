"""Claiming an institution the register already holds: by its credit code and a one-time code sent to the contact
on record, or approved by an official of its 街镇. Nobody becomes a member otherwise."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from baodi_care.accounts import sms
from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Notification
from institutions.choices import ClaimMethod, ClaimStatus
from institutions.members import services
from institutions.models import InstitutionClaim, Membership
from tests.builders.accounts import make_user
from tests.builders.register import make_imported_institution

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """start(institution, method, by): a claim started, its code (if any) sent once the transaction commits."""

    def started(institution, method, by):
        with django_capture_on_commit_callbacks(execute=True):
            return services.start_claim(uscc=institution.uscc, method=method, by=by)

    return started


@pytest.fixture
def imported(haibin):
    return make_imported_institution(haibin, contact_phone="13900002222")


@pytest.fixture
def claimant(db):
    return make_user(Role.OPERATOR, username="newop", full_name="孙新")


def sms_code() -> str:
    return re.search(r"\b(\d{6})\b", sms.outbox[-1][1]).group(1)


def is_member(user, institution) -> bool:
    return Membership.objects.filter(user=user, institution=institution).exists()


def test_the_code_goes_to_the_mobile_on_record_and_makes_the_claimant_owner(
    client, claimant, imported, django_capture_on_commit_callbacks
):
    client.force_login(claimant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("institutions:claim_start"), {"uscc": imported.uscc.lower(), "method": "code"})
    claim = InstitutionClaim.objects.get()
    assert response["Location"] == claim.get_absolute_url()
    assert sms.outbox[-1][0] == "13900002222"
    assert claim.sent_to == "139****2222"
    assert sms_code() not in claim.code_hash  # only the hash is kept
    assert not is_member(claimant, imported)
    response = client.post(reverse("institutions:claim_code", args=[claim.pk]), {"code": sms_code()})
    assert response["Location"] == imported.get_absolute_url()
    membership = Membership.objects.get(user=claimant, institution=imported)
    assert membership.is_owner
    assert InstitutionClaim.objects.get().status == ClaimStatus.APPROVED


def test_without_a_mobile_the_code_goes_to_the_email_on_record(claimant, haibin, django_capture_on_commit_callbacks):
    institution = make_imported_institution(haibin, contact_phone="022-22001234", contact_email="yuan@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        claim = services.start_claim(uscc=institution.uscc, method=ClaimMethod.CODE, by=claimant)
    assert sms.outbox == []
    assert mail.outbox[-1].to == ["yuan@example.cn"]
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    services.enter_claim_code(claim=claim, code=code, by=claimant)
    assert is_member(claimant, institution)


def test_no_contact_on_record_means_an_official_must_approve(claimant, haibin):
    institution = make_imported_institution(haibin, contact_phone="022-22001234", contact_email="")
    with pytest.raises(ValidationError) as exc:
        services.start_claim(uscc=institution.uscc, method=ClaimMethod.CODE, by=claimant)
    assert str(services.NO_CONTACT) in exc.value.messages


@override_settings(CLAIM_CODE_MAX_ATTEMPTS=3)
def test_wrong_codes_are_counted_and_the_claim_fails_after_the_last_try(start, claimant, imported):
    claim = start(imported, ClaimMethod.CODE, claimant)
    for expected in (services.WRONG_CODE, services.WRONG_CODE, services.CODE_EXPIRED):
        with pytest.raises(ValidationError) as exc:
            services.enter_claim_code(claim=claim, code="000000" if sms_code() != "000000" else "111111", by=claimant)
        assert str(expected) in exc.value.messages
    claim.refresh_from_db()
    assert (claim.attempts, claim.status) == (3, ClaimStatus.FAILED)
    with pytest.raises(ValidationError):
        services.enter_claim_code(claim=claim, code=sms_code(), by=claimant)
    assert not is_member(claimant, imported)


def test_an_expired_code_is_refused(start, claimant, imported):
    with override_settings(CLAIM_CODE_MINUTES=0):
        claim = start(imported, ClaimMethod.CODE, claimant)
    with pytest.raises(ValidationError) as exc:
        services.enter_claim_code(claim=claim, code=sms_code(), by=claimant)
    assert str(services.CODE_EXPIRED) in exc.value.messages
    assert not is_member(claimant, imported)


def test_an_unknown_code_or_an_owned_institution_cannot_be_claimed(client, claimant, institution):
    client.force_login(claimant)
    response = client.post(reverse("institutions:claim_start"), {"uscc": "91120115MA00000000", "method": "code"})
    assert response.status_code == 200
    assert str(services.NO_SUCH_INSTITUTION) in response.context["form"].errors["uscc"]
    response = client.post(reverse("institutions:claim_start"), {"uscc": institution.uscc, "method": "official"})
    assert str(services.HAS_OWNER) in response.content.decode()
    assert not InstitutionClaim.objects.exists()


def test_another_operator_cannot_use_the_claimants_code(start, client, claimant, other_operator, imported):
    claim = start(imported, ClaimMethod.CODE, claimant)
    client.force_login(other_operator)
    response = client.post(reverse("institutions:claim_code", args=[claim.pk]), {"code": sms_code()})
    assert response.status_code == 404  # not their claim
    assert not Membership.objects.filter(institution=imported).exists()


def test_an_official_of_its_jurisdiction_approves_a_claim(
    start, client, claimant, imported, official, other_official, django_capture_on_commit_callbacks
):
    claim = start(imported, ClaimMethod.OFFICIAL, claimant)
    assert not is_member(claimant, imported)
    assert Notification.objects.filter(recipient=official, url=claim.get_absolute_url()).exists()
    assert not Notification.objects.filter(recipient=other_official).exists()
    client.force_login(official)
    assert claim.institution.name in client.get(reverse("institutions:claim_list")).content.decode()
    response = client.post(reverse("institutions:claim_decide", args=[claim.pk]), {"action": "approve", "note": ""})
    assert response.status_code == 302
    assert Membership.objects.get(user=claimant, institution=imported).is_owner
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == (ClaimStatus.APPROVED, official)
    assert Notification.objects.filter(recipient=claimant).exists()


def test_an_official_refuses_a_claim_with_a_note(start, client, claimant, imported, official):
    claim = start(imported, ClaimMethod.OFFICIAL, claimant)
    client.force_login(official)
    client.post(reverse("institutions:claim_decide", args=[claim.pk]), {"action": "refuse", "note": "非本机构人员"})
    claim.refresh_from_db()
    assert (claim.status, claim.note) == (ClaimStatus.REFUSED, "非本机构人员")
    assert not is_member(claimant, imported)


def test_an_official_of_another_jurisdiction_cannot_decide(start, client, claimant, imported, other_official):
    claim = start(imported, ClaimMethod.OFFICIAL, claimant)
    client.force_login(other_official)
    assert client.post(reverse("institutions:claim_decide", args=[claim.pk]), {"action": "approve"}).status_code == 404
    with pytest.raises(ValidationError):
        services.decide_claim(claim=claim, by=other_official, approve=True)
    assert not is_member(claimant, imported)


def test_the_claimant_cannot_approve_their_own_claim(start, claimant, imported):
    claim = start(imported, ClaimMethod.OFFICIAL, claimant)
    with pytest.raises(ValidationError):
        services.decide_claim(claim=claim, by=claimant, approve=True)
    assert not is_member(claimant, imported)


def test_the_claim_shows_in_the_institution_history(start, client, claimant, imported, official):
    claim = start(imported, ClaimMethod.OFFICIAL, claimant)
    services.decide_claim(claim=claim, by=official, approve=True)
    client.force_login(official)
    page = client.get(imported.get_absolute_url()).content.decode()
    assert "孙新" in page


@override_settings(CLAIM_CODES_PER_DAY=2)
def test_codes_a_day_are_limited_per_claimant_and_per_institution(start, claimant, other_operator, imported):
    start(imported, ClaimMethod.CODE, claimant)
    start(imported, ClaimMethod.CODE, claimant)
    with pytest.raises(ValidationError) as exc:
        start(imported, ClaimMethod.CODE, claimant)
    assert str(services.TOO_MANY_CODES) in exc.value.messages
    # Another operator cannot have more texts sent to the same contact either.
    with pytest.raises(ValidationError):
        start(imported, ClaimMethod.CODE, other_operator)
    assert len(sms.outbox) == 2
    # Approval by the sub-district/town stays open.
    assert start(imported, ClaimMethod.OFFICIAL, claimant).is_pending
