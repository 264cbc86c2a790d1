"""The plain properties of passwords, codes and sessions that docs/assessment.md cites (OWASP ASVS 5.0 V6, V7) and
no other test shows: how a password is typed and taken, no default account, a reset that skips no second factor,
TOTP codes that work once and briefly, session keys, and signing out."""

from __future__ import annotations

import re
import string

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from baodi_care.accounts.models import User
from baodi_care.accounts.second_factor import services
from tests.builders.accounts import PASSWORD, give_authenticator, unverified_login
from tests.pages import zh

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:second_factor_verify")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def password_is(user, password: str) -> User:
    user.set_password(password)
    user.save()
    return user


# --- Passwords: length, composition, exactly as typed (ASVS 6.2.1, 6.2.5, 6.2.8, 6.2.9) ---------------------------


def test_a_password_needs_ten_characters(operator):
    with pytest.raises(ValidationError) as refused:
        validate_password("Kx9#mQ2!v", operator)
    assert "password_too_short" in [e.code for e in refused.value.error_list]
    validate_password("Kx9#mQ2!vL", operator)


@pytest.mark.parametrize(
    "password", ["我的托儿所在河边的小路上", "lowercase only here", "  spaces  and  more  ", "ÄÖÜ-ß-é-ç-ñ"]
)
def test_passwords_of_any_composition_are_taken(operator, password):
    validate_password(password, operator)


def test_a_128_character_password_is_taken_and_signs_in(client, operator):
    long = (string.ascii_letters + string.digits) * 2
    validate_password(long, operator)
    password_is(operator, long)
    assert sign_in(client, operator.username, long)["Location"] == "/"


def test_a_password_is_checked_exactly_as_typed(client, operator, settings):
    settings.SIGNIN_FREE_FAILURES = 10  # the near misses below must not throttle the right one
    password_is(operator, " Harbour-Lantern-47 ")
    for variant in ("Harbour-Lantern-47", " harbour-lantern-47 ", " HARBOUR-LANTERN-47 ", " Harbour-Lantern-4"):
        assert sign_in(client, operator.username, variant).status_code == 200  # refused
    assert sign_in(client, operator.username, " Harbour-Lantern-47 ")["Location"] == "/"


# --- The password fields (6.2.3, 6.2.6, 6.2.7) --------------------------------------------------------------------


def test_password_fields_are_masked_and_leave_paste_and_password_managers_alone(client, operator):
    pages = [LOGIN]
    client.force_login(operator)
    pages.append(reverse("accounts:password_change"))
    for url in pages:
        html = (client if url != LOGIN else Client()).get(url).content.decode()
        fields = re.findall(r"<input[^>]*name=\"(?:password|old_password|new_password1|new_password2)\"[^>]*>", html)
        assert fields, url
        for field in fields:
            assert 'type="password"' in field
            assert re.search(r'autocomplete="(current|new)-password"', field), field
        assert "onpaste" not in html and 'autocomplete="off"' not in html


def test_a_password_change_needs_the_current_password(client, operator):
    client.force_login(operator)
    new = "Quiet-Meadow-Compass-83"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "not-the-password", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200
    operator.refresh_from_db()
    assert operator.check_password(PASSWORD)


# --- Accounts (6.3.2) --------------------------------------------------------------------------------------------


def test_an_installed_portal_has_no_account_and_no_default_password():
    """The migrations make no user (the demo accounts come only from `load_demo`, never in production)."""
    assert not User.objects.exists()


# --- A reset skips no second factor (6.4.3) ------------------------------------------------------------------------


def test_a_password_reset_signs_nobody_in_and_the_code_is_still_asked(official):
    give_authenticator(official)
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": official.email})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    new = "Quiet-Meadow-Compass-83"
    client.post(form_url, {"new_password1": new, "new_password2": new})
    assert client.get(reverse("home"))["Location"].startswith(LOGIN)
    sign_in(client, official.username, new)
    assert client.get(reverse("home"))["Location"].startswith(VERIFY)


# --- TOTP codes: once, and only around now (6.5.1, 6.5.5) --------------------------------------------------------


def code_at(device: TOTPDevice, step: int) -> str:
    return str(hotp(device.bin_key, step, digits=device.digits)).zfill(device.digits)


def test_an_authenticator_code_works_once(client, official):
    device, _codes = give_authenticator(official)
    device.refresh_from_db()
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    code = code_at(device, now) if device.last_t < now else code_at(device, now + 1)
    unverified_login(client, official)
    assert client.post(VERIFY, {"code": code, "next": "/"})["Location"] == "/"
    other = Client()  # another browser, with the code someone saw over the user's shoulder
    unverified_login(other, official)
    again = other.post(VERIFY, {"code": code})
    assert again.status_code == 200 and zh(services.WRONG_CODE) in again.content.decode()


def test_a_code_of_two_steps_ago_is_refused(client, official):
    device, _codes = give_authenticator(official)
    device.refresh_from_db()
    assert device.step == 30
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    unverified_login(client, official)
    response = client.post(VERIFY, {"code": code_at(device, now - 2)})
    assert response.status_code == 200 and zh(services.WRONG_CODE) in response.content.decode()


# --- Sessions: keys, a new one at sign-in, signing out (7.2.3, 7.2.4, 7.4.1, 7.4.4) -------------------------------


def test_a_session_key_is_32_random_characters_and_changes_at_sign_in(client, operator):
    client.get(LOGIN)
    before = client.cookies.get("sessionid")
    sign_in(client, operator.username, PASSWORD)
    after = client.cookies["sessionid"].value
    assert re.fullmatch(r"[a-z0-9]{32}", after)  # Django: secrets.choice over 36 characters, 165 bits
    assert before is None or before.value != after
    keys = {Session.objects.get(session_key=after).session_key}
    for _n in range(20):
        other = Client()
        sign_in(other, operator.username, PASSWORD)
        keys.add(other.cookies["sessionid"].value)
    assert len(keys) == 21


def test_a_signed_out_session_cannot_be_used_again(client, operator):
    sign_in(client, operator.username, PASSWORD)
    stolen = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    replay = Client()
    replay.cookies["sessionid"] = stolen
    assert replay.get(reverse("accounts:profile"))["Location"].startswith(LOGIN)
    assert not Session.objects.filter(session_key=stolen).exists()


@pytest.mark.parametrize("page", ["home", "accounts:profile", "accounts:inbox", "accounts:second_factor"])
def test_every_signed_in_page_offers_sign_out(client, users, page):
    for user in users.values():
        client.force_login(user)
        html = client.get(reverse(page)).content.decode()
        assert f'action="{reverse("accounts:logout")}" method="post"' in html, (user.role, page)


# --- docs/assessment.md names only tests that exist ----------------------------------------------------------------


def test_the_assessment_names_only_tests_that_exist(settings):
    assessment = (settings.BASE_DIR / "docs" / "assessment.md").read_text()
    named = set(re.findall(r"(tests/[\w/]+\.py)::(\w+)", assessment))
    assert len(named) > 50
    missing = [
        f"{path}::{name}"
        for path, name in sorted(named)
        if not re.search(rf"^def {name}\(", (settings.BASE_DIR / path).read_text(), re.M)
    ]
    assert not missing
