"""Signing in as a generated benchmark account (baodi_care/home/scale/generator.py): the password, then for staff
the authenticator's code, computed from the published benchmark key."""

from __future__ import annotations

import time

from django.urls import reverse
from django_otp.oath import TOTP, hotp

from baodi_care.home.scale.generator import SCALE_PASSWORD, SCALE_TOTP_KEY


def current_code(last_t: int = -1, drift: int = 0) -> str:
    """The code the benchmark authenticator shows now, as the device expects it (django-otp follows a clock's
    drift), or the next step's if now's was used: codes work once."""
    key = bytes.fromhex(SCALE_TOTP_KEY)
    return str(hotp(key, max(TOTP(key, drift=drift).t(), last_t + 1))).zfill(6)


def sign_in(client, username: str, password: str = SCALE_PASSWORD) -> None:
    """Sign a Django test Client in through the real pages; raise if the portal refuses."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    if response.status_code != 302:
        raise RuntimeError(f"{username}: the sign-in page answered {response.status_code}")
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is None:
        return
    key = bytes.fromhex(SCALE_TOTP_KEY)
    while device.last_t + 1 > TOTP(key, drift=device.drift).t() + device.tolerance:
        # A code works once: an account signed in moments ago waits for the authenticator's next step (a wrong
        # code would count as a failure and slow the next try down).
        time.sleep(30 - time.time() % 30 + 0.5)
        device.refresh_from_db()
    response = client.post(
        reverse("accounts:second_factor_verify"), {"code": current_code(device.last_t, device.drift)}
    )
    if response.status_code != 302:
        raise RuntimeError(f"{username}: the second factor page answered {response.status_code}")
