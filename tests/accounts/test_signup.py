"""Operators sign themselves up: the account works only once the link in its verification e-mail is followed;
sign-up is limited per client address and reveals no existing account."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.backends import ModelBackend
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User
from baodi_care.accounts.signup import services, tokens
from baodi_care.accounts.signup.forms import INVALID_MOBILE, PASSWORDS_DIFFER
from baodi_care.accounts.signup.views import SIGNUP_RATE_LIMITED
from tests.builders.accounts import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "Gentle-Harbour-Lantern-47"


def form(**overrides) -> dict:
    return {
        "full_name": "孙举办", "phone": "13800001234", "email": "Sun@Example.cn",
        "password1": PASSWORD, "password2": PASSWORD, **overrides,
    }  # fmt: skip


def link_in(message) -> str:
    """The path of the verification link in an e-mail."""
    return re.search(r"https?://[^/\s]+(/accounts/signup/verify/[^\s]+/)", message.body).group(1)


def test_sign_up_makes_an_inactive_operator_and_mails_the_link(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), form())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_sent")
    user = User.objects.get(email="sun@example.cn")
    assert (user.username, user.role, user.is_active, user.phone) == (
        "sun@example.cn",
        Role.OPERATOR,
        False,
        "13800001234",
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sun@example.cn"]
    assert "/accounts/signup/verify/" in mail.outbox[0].body
    # Not usable before the link is followed.
    assert ModelBackend().authenticate(None, username="sun@example.cn", password=PASSWORD) is None


def test_the_link_activates_the_account_once(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), form())
    path = link_in(mail.outbox[0])
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    user = User.objects.get(email="sun@example.cn")
    assert user.is_active
    assert user.history.first().history_user == user
    # Used once: the same link no longer works.
    page = client.get(path)
    assert page.context["valid"] is False
    user.is_active = False
    user.save()
    client.post(path)
    assert not User.objects.get(pk=user.pk).is_active


def test_a_forged_or_expired_link_activates_nothing(client):
    user = services.sign_up(full_name="孙", phone="13800001234", email="a@example.cn", password=PASSWORD)
    token = tokens.verification_token(user)
    assert client.get(reverse("accounts:signup_verify", args=[token + "x"])).context["valid"] is False
    with override_settings(SIGNUP_VERIFY_HOURS=0):
        client.post(reverse("accounts:signup_verify", args=[token]))
    assert not User.objects.get(pk=user.pk).is_active
    assert tokens.user_for_verification(token) == user


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"phone": "022-2200123"}, "phone", INVALID_MOBILE),
        ({"password2": "Other-Harbour-Lantern-47"}, "password2", PASSWORDS_DIFFER),
        ({"password1": "short", "password2": "short"}, "password1", None),
        ({"password1": "password1234", "password2": "password1234"}, "password1", None),
        ({"email": "not-an-address"}, "email", None),
    ],
)
def test_bad_input_is_refused_beside_its_field(client, overrides, field, message):
    response = client.post(reverse("accounts:signup"), form(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert str(message) in errors[field]
    assert not User.objects.filter(email="sun@example.cn").exists()


def test_the_password_validators_know_the_future_account(client):
    """Django's similarity validator sees the name and address the sign-up gives."""
    response = client.post(reverse("accounts:signup"), form(password1="sun@example.cn1", password2="sun@example.cn1"))
    assert "password1" in response.context["form"].errors


def test_an_address_in_use_gets_a_note_and_no_second_account(client, django_capture_on_commit_callbacks):
    make_user(Role.OPERATOR, email="sun@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), form())
    assert response["Location"] == reverse("accounts:signup_sent")  # the same answer as for a new address
    assert User.objects.filter(email__iexact="sun@example.cn").count() == 1
    assert len(mail.outbox) == 1 and "/accounts/signup/verify/" not in mail.outbox[0].body


@override_settings(SIGNUP_RATE_LIMIT_PER_HOUR=2)
def test_sign_up_is_limited_per_client_address(client):
    for n in range(2):
        assert client.post(reverse("accounts:signup"), form(email=f"u{n}@example.cn")).status_code == 302
    response = client.post(reverse("accounts:signup"), form(email="u9@example.cn"))
    assert response.status_code == 429
    assert str(SIGNUP_RATE_LIMITED) in response.content.decode()
    # Another address is not affected.
    other = client.post(reverse("accounts:signup"), form(email="u8@example.cn"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


@override_settings(SIGNUP_RATE_LIMIT_PER_HOUR=1, TRUSTED_PROXY_COUNT=1)
def test_the_limit_keys_on_the_address_the_trusted_proxy_reports(client):
    assert (
        client.post(reverse("accounts:signup"), form(email="a@example.cn"), HTTP_X_FORWARDED_FOR="1.1.1.1").status_code
        == 302
    )
    # Another client behind the same proxy (REMOTE_ADDR the same) still signs up.
    assert (
        client.post(reverse("accounts:signup"), form(email="b@example.cn"), HTTP_X_FORWARDED_FOR="2.2.2.2").status_code
        == 302
    )
    # A spoofed left-hand entry does not make a new client.
    spoofed = client.post(
        reverse("accounts:signup"), form(email="c@example.cn"), HTTP_X_FORWARDED_FOR="9.9.9.9, 2.2.2.2"
    )
    assert spoofed.status_code == 429


def test_the_login_page_links_to_sign_up(client):
    assert reverse("accounts:signup") in client.get(reverse("accounts:login")).content.decode()


def test_signed_in_users_are_sent_home(client, operator):
    client.force_login(operator)
    response = client.get(reverse("accounts:signup"))
    assert response.status_code == 302, response.status_code
    assert response["Location"] == reverse("home")
