"""In a real browser: an official's first sign-in sends them to set up an authenticator; the test reads the secret
shown beside the QR code and computes the app's code from it; the recovery codes are shown once; signed out, the
official signs in again with password and code.

Elements are found by id and name (never by visible text). Screenshots land in tests/artifacts/second_factor_*.png.
"""

from __future__ import annotations

from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from baodi_care.accounts.choices import Role
from tests.builders.accounts import HAIBIN, PASSWORD, jurisdiction, make_user
from tests.e2e.steps import DESKTOP, click_and_wait, enter_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def code_from(secret: str, used_step: int = -1) -> str:
    """What an authenticator app holding `secret` shows: now's code, or the next one if now's has been used."""
    key = b32decode(secret)
    return str(hotp(key, max(TOTP(key).t(), used_step + 1))).zfill(6)


def password_step(page, base: str, username: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    click_and_wait(page, "main button[type=submit]")


def test_an_official_sets_up_an_authenticator_then_signs_in_with_password_and_code(
    live_server, open_page, artifacts_dir
):
    base = live_server.url
    official = make_user(Role.OFFICIAL, jurisdiction=jurisdiction(HAIBIN), username="off_haibin", full_name="张街道")
    page = open_page(**DESKTOP)

    # The password alone leads to the set-up page, whatever page was asked for.
    password_step(page, base, "off_haibin")
    page.wait_for_url("**" + reverse("accounts:second_factor_enrol") + "**")
    qr = page.locator("#second-factor-qr")
    expect(qr).to_be_visible()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", qr.element_handle()), "the QR code drew"
    secret = page.locator("#second-factor-secret").inner_text().replace(" ", "")
    page.screenshot(path=artifacts_dir / "second_factor_set_up.png", full_page=True)

    page.locator("input[name=code]").fill(code_from(secret))
    click_and_wait(page, "#second-factor-enrol-form button[type=submit]")
    codes = page.locator("#recovery-codes li")
    expect(codes).to_have_count(10)
    page.screenshot(path=artifacts_dir / "second_factor_recovery_codes.png", full_page=True)
    click_and_wait(page, "main a.btn-primary")
    page.wait_for_url(base + reverse("home"))

    # Signed out, then in again: password, then the code.
    click_and_wait(page, "form[action='" + reverse("accounts:logout") + "'] button[type=submit]")
    password_step(page, base, "off_haibin")
    used = TOTPDevice.objects.get(user=official, confirmed=True).last_t
    enter_code(page, code_from(secret, used))
    page.wait_for_url(base + reverse("home"))
    page.goto(base + reverse("institutions:list"))
    assert page.url == base + reverse("institutions:list")


def test_a_wrong_code_is_refused_in_the_browser(live_server, open_page):
    base = live_server.url
    make_user(Role.OFFICIAL, jurisdiction=jurisdiction(HAIBIN), username="off_haibin")
    page = open_page(**DESKTOP)
    password_step(page, base, "off_haibin")
    page.wait_for_url("**" + reverse("accounts:second_factor_enrol") + "**")
    page.locator("input[name=code]").fill("12345x")
    click_and_wait(page, "#second-factor-enrol-form button[type=submit]")
    expect(page.locator("#error_1_id_code")).to_contain_text("验证码不正确")
