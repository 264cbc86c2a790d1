"""The owner of an institution invites colleagues by e-mail (the link works 7 days, once, for that address) and
removes them; every change shows in the institution's history."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from baodi_care.accounts.choices import Role
from institutions.members import selectors, services
from institutions.models import Invitation, Membership
from tests.builders.accounts import make_user
from tests.builders.register import add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(db):
    return make_user(Role.OPERATOR, username="colleague", full_name="周同事", email="zhou@example.cn")


def accept_path() -> str:
    return re.search(r"https?://[^/\s]+(/institutions/invitations/accept/[^\s]+/)", mail.outbox[-1].body).group(1)


def test_the_registering_operator_owns_the_institution(institution, operator):
    assert Membership.objects.get(institution=institution, user=operator).is_owner


def test_the_owner_invites_a_colleague_who_accepts(
    client, institution, operator, colleague, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("institutions:members", args=[institution.pk]), {"email": "Zhou@Example.cn"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["zhou@example.cn"]
    path = accept_path()
    client.force_login(colleague)
    assert client.get(path).context["invitation"] is not None
    response = client.post(path)
    assert response["Location"] == institution.get_absolute_url()
    membership = Membership.objects.get(institution=institution, user=colleague)
    assert not membership.is_owner
    # Once only.
    assert client.get(path).context["invitation"] is None


def test_an_invitation_works_for_its_address_only(
    institution, operator, other_operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_member(institution=institution, email="zhou@example.cn", by=operator)
    token = services.invitation_token(invitation)
    with pytest.raises(ValidationError) as exc:
        services.accept_invitation(token=token, by=other_operator)
    assert str(services.INVITATION_OTHER_ADDRESS) in exc.value.messages
    assert not Membership.objects.filter(institution=institution, user=other_operator).exists()


def test_an_invitation_expires_after_seven_days(institution, operator, colleague):
    invitation = services.invite_member(institution=institution, email=colleague.email, by=operator)
    token = services.invitation_token(invitation)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=7, minutes=1)
    )
    with pytest.raises(ValidationError):
        services.accept_invitation(token=token, by=colleague)
    assert not Membership.objects.filter(user=colleague).exists()


def test_a_withdrawn_invitation_no_longer_works(client, institution, operator, colleague):
    invitation = services.invite_member(institution=institution, email=colleague.email, by=operator)
    client.force_login(operator)
    client.post(reverse("institutions:invitation_withdraw", args=[invitation.pk]))
    with pytest.raises(ValidationError):
        services.accept_invitation(token=services.invitation_token(invitation), by=colleague)


def test_a_member_who_is_not_the_owner_can_neither_invite_nor_remove(institution, operator, colleague, other_operator):
    add_member(institution, colleague)
    with pytest.raises(PermissionDenied):
        services.invite_member(institution=institution, email="x@example.cn", by=colleague)
    owner = Membership.objects.get(institution=institution, user=operator)
    with pytest.raises(PermissionDenied):
        services.remove_member(membership=owner, by=colleague)


def test_the_owner_removes_a_member_and_the_history_says_so(client, institution, operator, colleague):
    add_member(institution, colleague)
    membership = Membership.objects.get(institution=institution, user=colleague)
    client.force_login(operator)
    response = client.post(reverse("institutions:member_remove", args=[membership.pk]))
    assert response["Location"] == reverse("institutions:members", args=[institution.pk])
    assert not Membership.objects.filter(institution=institution, user=colleague).exists()
    history = selectors.institution_history(institution)
    changes = [getattr(h, "what", "") for h in history]
    assert any("周同事" in c for c in changes)
    removed = next(h for h in history if getattr(h, "history_type", "") == "-")
    assert removed.history_user == operator
    page = client.get(institution.get_absolute_url()).content.decode()
    assert "周同事" in page


def test_the_owner_cannot_be_removed(institution, operator):
    owner = Membership.objects.get(institution=institution, user=operator)
    with pytest.raises(ValidationError):
        services.remove_member(membership=owner, by=operator)


def test_the_members_page_is_for_the_institutions_operators(client, institution, other_operator, official):
    client.force_login(other_operator)
    assert client.get(reverse("institutions:members", args=[institution.pk])).status_code == 404
    client.force_login(official)
    assert client.get(reverse("institutions:members", args=[institution.pk])).status_code == 403
