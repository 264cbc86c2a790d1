"""After a change of an authentication factor the account's other sessions end (ASVS 5.0 7.4.3) and its owner gets
an e-mail, in Chinese, at their address (6.3.7): a password changed or reset, a second factor set up, renewed,
turned off or reset by the commission."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import totp

from baodi_care.accounts import passwords
from baodi_care.accounts.second_factor import services
from baodi_care.accounts.signup.tokens import staff_password_token
from tests.builders.accounts import PASSWORD, give_authenticator, unverified_login, verified_login
from tests.pages import zh

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Quiet-Meadow-Compass-83"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def signed_in(user, *, verified: bool = True) -> Client:
    """A browser with a session of its own (a UserSession row, as after the sign-in form)."""
    client = Client()
    (verified_login if verified else unverified_login)(client, user)
    return client


def is_signed_in(client) -> bool:
    return client.get(reverse("accounts:profile")).status_code == 200


def client_home_opens(client) -> bool:
    """Signed in and past the second factor."""
    return client.get(reverse("home")).status_code == 200


def mails_to(user) -> list[str]:
    return [m.body for m in mail.outbox if m.to == [user.email]]


def set_up_through_the_page(client) -> None:
    html = client.get(reverse("accounts:second_factor_enrol")).content.decode()
    secret = html.split('id="second-factor-secret">')[1].split("<")[0].replace(" ", "")
    response = client.post(reverse("accounts:second_factor_enrol"), {"code": str(totp(b32decode(secret))).zfill(6)})
    assert response.status_code == 302, response.content.decode()[:300]


# --- The other sessions end ---------------------------------------------------------------------------------------


def test_setting_up_an_authenticator_ends_the_other_sessions_and_mails_the_user(
    operator, django_capture_on_commit_callbacks
):
    desk, phone = signed_in(operator), signed_in(operator)
    with django_capture_on_commit_callbacks(execute=True):
        set_up_through_the_page(desk)
    assert is_signed_in(desk) and not is_signed_in(phone)
    assert any(zh(services.ENROLLED) in body for body in mails_to(operator))


def test_a_new_authenticator_in_place_of_the_old_one_ends_the_other_sessions(official):
    give_authenticator(official)
    desk, phone = signed_in(official), signed_in(official)
    set_up_through_the_page(desk)
    assert is_signed_in(desk) and not is_signed_in(phone)
    assert client_home_opens(desk)


def test_new_recovery_codes_end_the_other_sessions(official, django_capture_on_commit_callbacks):
    give_authenticator(official)
    desk, phone = signed_in(official), signed_in(official)
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(reverse("accounts:second_factor_recovery_codes"))
    assert client_home_opens(desk) and not is_signed_in(phone)
    assert any(zh(services.CODES_REISSUED) in body for body in mails_to(official))


def test_turning_it_off_ends_the_other_sessions(operator):
    give_authenticator(operator)
    desk, phone = signed_in(operator), signed_in(operator)
    desk.post(reverse("accounts:second_factor_turn_off"))
    assert is_signed_in(desk) and not is_signed_in(phone)


def test_the_commissions_reset_ends_every_session_of_the_user_and_mails_them(
    official, commission, django_capture_on_commit_callbacks
):
    give_authenticator(official)
    desk, phone = signed_in(official), signed_in(official)
    staff_page = signed_in(commission)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_page.post(reverse("staff:reset_second_factor", args=[official.pk]))
    assert response.status_code == 302
    assert not is_signed_in(desk) and not is_signed_in(phone)
    assert client_home_opens(staff_page)
    assert any(zh(services.RESET_BY, by=commission.get_full_name()) in body for body in mails_to(official))


# --- Passwords: told by e-mail ------------------------------------------------------------------------------------


def test_a_password_change_mails_the_user_in_chinese(operator, django_capture_on_commit_callbacks):
    desk, phone = signed_in(operator), signed_in(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
    assert response.status_code == 302
    assert is_signed_in(desk) and not is_signed_in(phone)
    (body,) = mails_to(operator)
    assert zh(passwords.CHANGED) in body
    assert "/accounts/profile/" in body


def test_the_new_password_must_differ_from_the_current_one(operator):
    client = signed_in(operator)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 200
    assert zh(passwords.SAME_AS_BEFORE) in response.content.decode()
    assert mail.outbox == []


def test_a_completed_password_reset_mails_the_user(operator, django_capture_on_commit_callbacks):
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": operator.email})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    (body,) = mails_to(operator)
    assert zh(passwords.RESET) in body


def test_asking_for_a_reset_alone_tells_nothing_new(operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("accounts:password_reset"), {"email": operator.email})
    assert not any(zh(passwords.RESET) in body for body in mails_to(operator))


def test_a_new_link_from_the_commission_that_replaces_a_password_is_a_reset(
    official, django_capture_on_commit_callbacks
):
    phone = signed_in(official)
    client = Client()
    path = reverse(
        "accounts:staff_set_password",
        args=[urlsafe_base64_encode(force_bytes(official.pk)), staff_password_token.make_token(official)],
    )
    form_url = client.get(path)["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not is_signed_in(phone)
    assert any(zh(passwords.RESET) in body for body in mails_to(official))
