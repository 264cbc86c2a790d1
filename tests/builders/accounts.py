"""Users of each role, the jurisdictions they work in, and signing them in (with their second factor)."""

from __future__ import annotations

import itertools

from django.test.client import ClientMixin
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from baodi_care.accounts.choices import Role
from baodi_care.accounts.jurisdictions import BAODI_JURISDICTIONS, full_code
from baodi_care.accounts.models import Jurisdiction, User
from baodi_care.accounts.second_factor import services as second_factor
from baodi_care.accounts.second_factor.policy import requires_second_factor
from baodi_care.accounts.staff import services as staff_services

PASSWORD = "correct-horse-battery-9"
HAIBIN = "120115001000"  # 海滨街道
BAOPING = "120115002000"  # 宝平街道

_serial = itertools.count(1)


def jurisdiction(code: str = HAIBIN) -> Jurisdiction:
    """The seeded jurisdiction with this code (recreated if a transactional test flushed the table)."""
    names = {full_code(short): (name, kind) for short, name, kind in BAODI_JURISDICTIONS}
    name, kind = names[code]
    return Jurisdiction.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})[0]


def make_user(role: str = Role.OPERATOR, *, jurisdiction: Jurisdiction | None = None, **extra) -> User:
    """A user of the role, signing in with PASSWORD (the administrator makes accounts; there is no service)."""
    n = next(_serial)
    user = User(
        username=extra.pop("username", f"{role}{n}"),
        full_name=extra.pop("full_name", f"测试用户{n}"),
        role=role,
        jurisdiction=jurisdiction,
        email=extra.pop("email", f"user{n}@example.cn"),
        **extra,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def make_auditor(*, by: User | None = None, **fields) -> User:
    """An audit administrator (审计管理员), made as the commission makes one on its staff pages (never a system
    administrator: no admin flags), signing in with PASSWORD as after its set-password link."""
    n = next(_serial)
    user = staff_services.create_staff_user(
        by=by or commission_user(), role=Role.AUDITOR, username=fields.pop("username", f"auditor{n}"),
        full_name=fields.pop("full_name", f"审计员{n}"), email=fields.pop("email", f"auditor{n}@example.cn"), **fields,
    )  # fmt: skip
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def official_of(place: Jurisdiction) -> User:
    """An official of the jurisdiction (the first one, or a new one)."""
    found = User.objects.filter(role=Role.OFFICIAL, jurisdiction=place, is_active=True).order_by("pk").first()
    return found or make_user(Role.OFFICIAL, jurisdiction=place)


def commission_user() -> User:
    """A member of the health commission (the first one, or a new one)."""
    found = User.objects.filter(role=Role.COMMISSION, is_active=True).order_by("pk").first()
    return found or make_user(Role.COMMISSION)


# --- The second factor (baodi_care/accounts/second_factor/) ---------------------------------------------------------
# ClientMixin.force_login as Django wrote it: tests/conftest.py replaces it with one that also passes a staff user's
# second factor, and keeps this one for unverified_login.
_django_force_login = ClientMixin.force_login
# The backend a real sign-in ends with (the ones before it only refuse): force_login would take the first with get_user.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def give_authenticator(user: User) -> tuple[TOTPDevice, list[str]]:
    """A new confirmed authenticator and recovery codes, through the set-up service: the pending device's code
    confirms it, as the user's app would (the set-up's notice goes to the user)."""
    pending = second_factor.pending_authenticator(user=user)
    return second_factor.confirm_authenticator(user=user, device_id=pending.pk, code=code_for(pending))


def authenticator_of(user: User) -> TOTPDevice:
    """The user's confirmed authenticator, made if there is none without the set-up's recovery codes and notice, so
    the many tests that sign staff in and count their notifications or e-mails see only their own."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=second_factor.AUTHENTICATOR_NAME, confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """The code the device accepts next: now's, or the next step's if now's was used (a code works only once)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(hotp(device.bin_key, max(totp.t(), device.last_t + 1), digits=device.digits)).zfill(device.digits)


def change_password(client, new: str, old: str = PASSWORD):
    """The signed-in user changes their password on the profile's password page; returns the response."""
    return client.post(
        reverse("accounts:password_change"), {"old_password": old, "new_password1": new, "new_password2": new}
    )


def unverified_login(client, user: User) -> None:
    """Signed in with the password only: a staff user is then sent to set up, or enter, the second factor."""
    _django_force_login(client, user, MODEL_BACKEND)


def verified_login(client, user: User, backend: str | None = None) -> None:
    """Signed in with password and second factor, as after the code page (the session holds the device, as
    django_otp.login leaves it)."""
    _django_force_login(client, user, backend or MODEL_BACKEND)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_of(user).persistent_id
    session.save()


def signed_in(client, user: User, backend: str | None = None) -> None:
    """What client.force_login does in this suite (tests/conftest.py): verified for those who must have a second
    factor (staff), password only for the others (operators, whose second factor is optional)."""
    if requires_second_factor(user):
        verified_login(client, user, backend)
    else:
        _django_force_login(client, user, backend or MODEL_BACKEND)
