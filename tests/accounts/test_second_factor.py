"""The second factor: setting up an authenticator (QR code drawn here, the secret as text), the code after the
password, recovery codes (each once), staff kept out without it, operators free to choose, the admin behind it, and
the commission's reset."""

from __future__ import annotations

import importlib
from base64 import b32decode

import pytest
import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import clear_url_caches, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Notification, RecoveryCodeDevice
from baodi_care.accounts.second_factor import services
from baodi_care.accounts.second_factor.admin_site import VerifiedAdminSite
from baodi_care.accounts.texts import freeze
from tests.builders.accounts import (
    PASSWORD,
    code_for,
    give_authenticator,
    make_user,
    unverified_login,
    verified_login,
)
from tests.pages import assert_no_inline_code, messages_of, zh

pytestmark = pytest.mark.django_db

ENROL = reverse("accounts:second_factor_enrol")
VERIFY = reverse("accounts:second_factor_verify")


def codes_shown(html: str) -> list[str]:
    """The recovery codes a page lists (shown once, in groups of four)."""
    listed = html.split('id="recovery-codes">')[1].split("</ul>")[0]
    return [li.split("</li>")[0].replace(" ", "") for li in listed.split("<li>")[1:]]


def enrol_through_the_page(client, user) -> list[str]:
    """Open the set-up page, compute the code from the secret it shows, confirm: the recovery codes shown once."""
    html = client.get(ENROL).content.decode()
    secret = html.split('id="second-factor-secret">')[1].split("<")[0].replace(" ", "")
    code = str(totp(b32decode(secret))).zfill(6)
    response = client.post(ENROL, {"code": code})
    assert response.status_code == 302, response.content.decode()[:500]
    return codes_shown(client.get(response["Location"]).content.decode())


# --- Staff are kept out without it; operators choose -----------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.COMMISSION, Role.DEPARTMENT, Role.ADMIN])
def test_staff_without_a_second_factor_are_sent_to_set_it_up(client, role, haibin):
    user = make_user(role, jurisdiction=haibin if role == Role.OFFICIAL else None)
    unverified_login(client, user)
    response = client.get(reverse("institutions:list") + "?q=x")
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=/institutions/%3Fq%3Dx"


def test_staff_with_an_authenticator_but_an_unverified_session_are_asked_for_the_code(client, official):
    give_authenticator(official)
    unverified_login(client, official)
    response = client.get(reverse("home"))
    assert response["Location"] == f"{VERIFY}?next=/"
    # Nor may a password alone replace the authenticator: set-up goes to the code page, the QR code is not served.
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    assert client.get(reverse("accounts:second_factor_qr")).status_code == 404


def test_an_operator_without_a_second_factor_reaches_every_page(client, operator, institution):
    unverified_login(client, operator)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(institution.get_absolute_url()).status_code == 200


def test_an_operator_who_set_one_up_is_asked_for_it_too_and_may_turn_it_off(client, operator):
    unverified_login(client, operator)
    enrol_through_the_page(client, operator)
    client.logout()
    unverified_login(client, operator)
    assert client.get(reverse("home"))["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": code_for(TOTPDevice.objects.get(user=operator))})
    response = client.post(reverse("accounts:second_factor_turn_off"))
    assert messages_of(response) == [zh(_("The second factor is turned off: signing in asks only for your password."))]
    assert not TOTPDevice.objects.filter(user=operator).exists()
    assert not RecoveryCodeDevice.objects.filter(user=operator).exists()


def test_staff_may_not_turn_it_off(client, official):
    verified_login(client, official)
    assert client.post(reverse("accounts:second_factor_turn_off")).status_code == 403
    official.role = Role.OPERATOR  # an operator account that can open the admin counts as staff
    official.is_staff = True
    with pytest.raises(ValidationError) as refused:
        services.turn_off_second_factor(user=official)
    assert refused.value.messages == [zh(services.STAFF_KEEP_IT)]


def test_signing_out_and_the_public_pages_stay_open(client, official):
    unverified_login(client, official)
    assert client.get(reverse("public:register")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))


# --- Setting up -------------------------------------------------------------------------------------------------


def test_the_set_up_page_shows_the_secret_as_text_and_a_qr_code_drawn_here(client, official):
    unverified_login(client, official)
    response = client.get(ENROL)
    html = response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0") and "no-store" in response["Cache-Control"]
    assert_no_inline_code(html, ENROL)
    device = TOTPDevice.objects.get(user=official, confirmed=False)
    secret = html.split('id="second-factor-secret">')[1].split("<")[0].replace(" ", "")
    assert b32decode(secret) == device.bin_key
    # The image comes from this site, and its address carries no secret.
    qr_url = reverse("accounts:second_factor_qr")
    assert f'src="{qr_url}"' in html and secret not in qr_url
    qr = client.get(qr_url)
    assert qr["Content-Type"] == "image/svg+xml" and "no-store" in qr["Cache-Control"]
    assert qr.content.startswith(b"<svg")
    assert device.config_url.startswith("otpauth://totp/")
    expected = segno.make(device.config_url, error="m")
    assert qr.content.decode().count("<path") == 1 and expected.version >= 1
    # A reload keeps the same secret: a scanned code must not be undone.
    assert client.get(ENROL).content.decode().count(html.split('id="second-factor-secret">')[1].split("<")[0]) == 1
    assert TOTPDevice.objects.filter(user=official).count() == 1


def test_a_right_code_sets_it_up_verifies_the_session_and_shows_ten_recovery_codes_once(client, official):
    unverified_login(client, official)
    codes = enrol_through_the_page(client, official)
    assert len(codes) == settings.SECOND_FACTOR_RECOVERY_CODES == 10
    assert len(set(codes)) == 10 and services.codes_left(official) == 10
    assert TOTPDevice.objects.get(user=official).confirmed
    assert client.get(reverse("home")).status_code == 200
    again = client.get(reverse("accounts:second_factor_recovery_codes")).content.decode()
    assert not any(code in again for code in codes)
    assert Notification.objects.filter(recipient=official, message=freeze(services.ENROLLED)[0]).exists()


def test_a_wrong_code_at_set_up_is_refused_with_a_clear_message(client, official):
    unverified_login(client, official)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000x"})
    assert response.status_code == 200
    assert zh(services.WRONG_CODE) in response.content.decode()
    assert not TOTPDevice.objects.filter(user=official, confirmed=True).exists()
    assert client.get(reverse("home"))["Location"].startswith(ENROL)


def test_a_new_authenticator_replaces_the_old_one_in_a_verified_session(client, official):
    old, _codes = give_authenticator(official)
    verified_login(client, official)
    enrol_through_the_page(client, official)
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert TOTPDevice.objects.filter(user=official, confirmed=True).count() == 1


# --- Signing in: password, then the code -----------------------------------------------------------------------


def test_sign_in_is_the_password_then_the_code(client, official):
    give_authenticator(official)
    response = client.post(reverse("accounts:login"), {"username": official.username, "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page["Location"].startswith(VERIFY)
    before = client.session.session_key
    done = client.post(page["Location"], {"code": code_for(TOTPDevice.objects.get(user=official)), "next": "/"})
    assert done["Location"] == "/"
    assert client.session.session_key != before  # a new session key once the privilege is raised
    assert client.session[DEVICE_ID_SESSION_KEY]
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_message_and_counted(client, official, settings):
    device, _codes = give_authenticator(official)
    unverified_login(client, official)
    response = client.post(VERIFY, {"code": "123456" if code_for(device) != "123456" else "654321"})
    assert response.status_code == 200
    assert zh(services.WRONG_CODE) in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert client.get(reverse("home"))["Location"].startswith(VERIFY)


def test_after_a_wrong_code_the_next_try_waits(client, official, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1000  # the first wait is 1,000 s: the test cannot outrun it
    device, _codes = give_authenticator(official)
    unverified_login(client, official)
    client.post(VERIFY, {"code": "000000" if code_for(device) != "000000" else "111111"})
    html = client.post(VERIFY, {"code": code_for(device)}).content.decode()
    with translation.override("zh-hans"):
        assert any(str(services.THROTTLED) % {"seconds": s} in html for s in (999, 1000)), html
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_a_recovery_code_works_once(client, official):
    _device, codes = give_authenticator(official)
    unverified_login(client, official)
    code = codes[0]
    response = client.post(VERIFY, {"code": f"{code[:4]} {code[4:].upper()}", "next": "/"})
    assert response["Location"] == "/"
    assert Notification.objects.filter(recipient=official, params={"left": 9}).exists()
    client.logout()
    unverified_login(client, official)
    again = client.post(VERIFY, {"code": code})
    assert again.status_code == 200
    assert zh(services.WRONG_CODE) in again.content.decode()
    assert services.codes_left(official) == 9


def test_new_recovery_codes_replace_the_old_ones(client, official):
    _device, old = give_authenticator(official)
    verified_login(client, official)
    response = client.post(reverse("accounts:second_factor_recovery_codes"))
    assert messages_of(response) == [zh(_("New recovery codes issued; the old ones no longer work."))]
    page = client.get(response["Location"]).content.decode()
    new = set(codes_shown(page))
    assert len(new) == 10 and not new & set(old) and services.codes_left(official) == 10
    assert all(" ".join(code[i : i + 4] for i in range(0, 16, 4)) in page for code in new)
    # An old code no longer works; a new one does.
    device = RecoveryCodeDevice.objects.get(user=official)
    assert not device.verify_token(old[0])
    device.throttle_reset()
    assert device.verify_token(new.pop())


def test_next_must_stay_on_this_site(client, official):
    device, _codes = give_authenticator(official)
    unverified_login(client, official)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


# --- The Django admin -------------------------------------------------------------------------------------------


def test_the_admin_requires_the_second_factor(client, sysadmin):
    unverified_login(client, sysadmin)
    assert client.get(reverse("admin:index"))["Location"].startswith(ENROL)
    give_authenticator(sysadmin)  # setting one up ends the account's sessions
    unverified_login(client, sysadmin)
    assert client.get(reverse("admin:index"))["Location"].startswith(VERIFY)
    verified_login(client, sysadmin)
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_site_itself_refuses_an_unverified_session(sysadmin):
    """Even without the middleware, the admin's own permission check asks for a verified session."""
    request = RequestFactory().get("/")
    request.user = sysadmin
    assert not VerifiedAdminSite().has_permission(request)
    request.user.otp_device = give_authenticator(sysadmin)[0]
    assert VerifiedAdminSite().has_permission(request)


def test_the_admin_sits_at_the_admin_url_setting(settings):
    import baodi_care.urls

    assert reverse("admin:index") == "/" + settings.ADMIN_URL
    settings.ADMIN_URL = "gl-7f3a/"
    try:
        importlib.reload(baodi_care.urls)
        clear_url_caches()
        assert reverse("admin:index") == "/gl-7f3a/"
    finally:
        settings.ADMIN_URL = "admin/"
        importlib.reload(baodi_care.urls)
        clear_url_caches()
    assert reverse("admin:index") == "/admin/"


# --- The commission's reset (for the staff-account pages) -------------------------------------------------------


def test_the_commission_resets_a_users_second_factor(client, official, commission):
    give_authenticator(official)
    verified_login(client, official)
    assert services.reset_second_factor(user=official, by=commission) == 2  # the authenticator and the codes
    assert not TOTPDevice.objects.filter(user=official).exists()
    assert not RecoveryCodeDevice.objects.filter(user=official).exists()
    # Kept in the user's history, and told to the user.
    last = official.history.latest()
    assert (last.history_change_reason, last.history_user) == ("second factor reset", commission)
    notice = Notification.objects.filter(recipient=official).first()
    assert notice.params == {"by": commission.get_full_name()}
    # The user's session has ended; once signed in again, the next page asks for a new authenticator.
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))
    unverified_login(client, official)
    assert client.get(reverse("home"))["Location"].startswith(ENROL)


@pytest.mark.parametrize(
    "by, target",
    [("official", "operator"), ("department", "operator"), ("operator", "official"), ("commission", "commission")],
)
def test_no_one_else_may_reset_it(request, by, target):
    with pytest.raises(PermissionDenied):
        services.reset_second_factor(user=request.getfixturevalue(target), by=request.getfixturevalue(by))


def test_the_commission_may_not_reset_an_administrator_but_an_administrator_may(commission, sysadmin, official):
    give_authenticator(sysadmin)
    with pytest.raises(PermissionDenied):
        services.reset_second_factor(user=sysadmin, by=commission)
    assert services.reset_second_factor(user=official, by=sysadmin) == 0


# --- The demo (make run) ----------------------------------------------------------------------------------------


def test_the_demo_staff_pass_the_second_factor_with_the_printed_demo_secret(client):
    import io

    from django.core.management import call_command

    from baodi_care.accounts.models import User
    from baodi_care.home.management.commands.load_demo import DEMO_PASSWORD, DEMO_TOTP_SECRET

    out = io.StringIO()
    call_command("load_demo", "--force", stdout=out)
    call_command("load_demo", "--force", stdout=io.StringIO())  # a second run adds no device
    printed = out.getvalue()
    assert DEMO_TOTP_SECRET in printed and "otpauth://totp/" in printed
    staff = User.objects.filter(username__in=["official", "commission", "department", "admin"])
    assert TOTPDevice.objects.filter(user__in=staff, confirmed=True).count() == 4
    assert not TOTPDevice.objects.filter(user__username__in=["operator", "operator2"]).exists()
    # As a tester would: the password, then the code an app holding the printed secret shows.
    client.post(reverse("accounts:login"), {"username": "official", "password": DEMO_PASSWORD})
    assert client.get(reverse("home"))["Location"].startswith(VERIFY)
    code = io.StringIO()
    call_command("load_demo", "--code", stdout=code)
    assert code.getvalue().strip() == str(totp(b32decode(DEMO_TOTP_SECRET))).zfill(6)
    client.post(VERIFY, {"code": code_for(TOTPDevice.objects.get(user__username="official"))})
    assert client.get(reverse("home")).status_code == 200
