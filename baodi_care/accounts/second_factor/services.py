"""Every write of the second factor: setting up an authenticator, recovery codes, checking a code, turning it off,
and the commission's reset. Each change is told to the account's owner (inbox and e-mail) and ends the account's
other sessions (ASVS 5.0 7.4.3): the session that made the change goes on, a reset by someone else ends them all."""

from __future__ import annotations

import math
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import device_classes
from django_otp import verify_token as otp_verify_token
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from baodi_care.accounts.models import RecoveryCode, RecoveryCodeDevice, User
from baodi_care.accounts.second_factor.permissions import can_reset_second_factor
from baodi_care.accounts.second_factor.policy import requires_second_factor
from baodi_care.accounts.second_factor.recovery_codes import normalise
from baodi_care.accounts.security_log.choices import SecurityAction as Logged
from baodi_care.accounts.security_log.recorder import record, record_account_change
from baodi_care.accounts.services import notify
from baodi_care.accounts.sessions import end_sessions

AUTHENTICATOR_NAME = "authenticator"
RECOVERY_CODES_NAME = "recovery codes"
TOTP_CODE = re.compile(r"^\d{6}$")

WRONG_CODE = _(
    "That code is not right. Enter the 6-digit code your authenticator app shows now (check that the phone's clock "
    "is right), or one of your recovery codes."
)
THROTTLED = _("Too many wrong codes. Wait %(seconds)d seconds, then try again.")
SETUP_GONE = _("This set-up is no longer open (it was finished or reset); please start again.")
STAFF_KEEP_IT = _(
    "Staff accounts must keep their second factor. If you have lost your phone, ask the health commission to reset it."
)

ENROLLED = _(
    "An authenticator app was set up as the second factor of your account, and new recovery codes were issued. "
    "If this was not you, tell the health commission at once."
)
CODES_REISSUED = _(
    "New recovery codes were issued for your account; the old ones no longer work. "
    "If this was not you, tell the health commission at once."
)
RECOVERY_CODE_USED = _(
    "A recovery code was used to sign in to your account; %(left)d are left. "
    "If this was not you, tell the health commission at once."
)
TURNED_OFF = _("The second factor of your account was turned off. If this was not you, change your password at once.")
RESET_BY = _(
    "%(by)s reset the second factor of your account: set up your authenticator app again when you next sign in."
)
# Told (in the inbox) by migration accounts 0007 to each user whose plaintext codes it deleted; the migration keeps
# a copy of this text, and tests/accounts/test_recovery_codes.py checks that the two agree.
CODES_WITHDRAWN = _(
    "Your recovery codes were withdrawn: the portal now keeps them only in a form that cannot be read back. Make new "
    "ones on your second factor page and keep them safe."
)


def codes_left(user: User) -> int:
    """The user's unused recovery codes."""
    return RecoveryCode.objects.filter(device__user=user, device__confirmed=True).count()


def pending_authenticator(*, user: User) -> TOTPDevice:
    """The authenticator being set up: the same secret until it is confirmed, so a reload does not undo a scan."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def confirm_authenticator(
    *, user: User, device_id: int, code: str, keep_session: int | None = None
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator with a code it shows: it replaces any earlier one; new recovery codes.

    The user's sessions end but `keep_session` (the UserSession row of the session that set it up)."""
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        raise ValidationError(SETUP_GONE)
    _check_allowed(device)
    # Outside any transaction of ours: a wrong code must still count towards the device's throttle.
    if not device.verify_token(normalise(code)):
        raise ValidationError(WRONG_CODE)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        end_sessions(user=user, keep=keep_session)
        notify(recipients=[user], message=ENROLLED, url=reverse("accounts:second_factor"))
        record_account_change(Logged.SECOND_FACTOR_ENROL, account=user, by=user)
    return device, codes


@transaction.atomic
def reissue_recovery_codes(*, user: User, keep_session: int | None = None) -> list[str]:
    """New recovery codes for the user; the old ones stop working, and so do the user's other sessions."""
    codes = _new_recovery_codes(user)
    end_sessions(user=user, keep=keep_session)
    notify(recipients=[user], message=CODES_REISSUED, url=reverse("accounts:second_factor"))
    record_account_change(Logged.RECOVERY_CODES_ISSUED, account=user, by=user)
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    """The user's one recovery-code device (kept, so a session it verified stays verified) with new codes."""
    device = RecoveryCodeDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = RecoveryCodeDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    return device.issue(settings.SECOND_FACTOR_RECOVERY_CODES)


def verify_second_factor(*, user: User, code: str) -> Device:
    """The device that accepts the code (the authenticator's 6 digits, or a recovery code, used up), else refused.

    Only the device the code's shape points to is tried, so a mistyped code never throttles the other one.
    """
    code = normalise(code)
    model = TOTPDevice if TOTP_CODE.match(code) else RecoveryCodeDevice
    device = model.objects.devices_for_user(user, confirmed=True).order_by("pk").first()
    if device is None or not code:
        raise ValidationError(WRONG_CODE)
    _check_allowed(device)
    verified = otp_verify_token(user, device.persistent_id, code)
    if verified is None:
        raise ValidationError(WRONG_CODE)
    if isinstance(verified, RecoveryCodeDevice):
        notify(recipients=[user], message=RECOVERY_CODE_USED, params={"left": verified.codes.count()})
    record(Logged.RECOVERY_CODE_USED if isinstance(verified, RecoveryCodeDevice) else Logged.SECOND_FACTOR, user=user)
    return verified


def _check_allowed(device: Device) -> None:
    allowed, extra = device.verify_is_allowed()
    if allowed:
        return
    until = (extra or {}).get("locked_until")
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 1
    raise ValidationError(THROTTLED, params={"seconds": seconds})


@transaction.atomic
def turn_off_second_factor(*, user: User, keep_session: int | None = None) -> None:
    """An operator turns their own second factor off (staff may not: theirs is required); their other sessions end."""
    if requires_second_factor(user):
        raise ValidationError(STAFF_KEEP_IT)
    _delete_devices(user)
    end_sessions(user=user, keep=keep_session)
    notify(recipients=[user], message=TURNED_OFF, url=reverse("accounts:second_factor"))
    record_account_change(Logged.SECOND_FACTOR_OFF, account=user, by=user)


@transaction.atomic
def reset_second_factor(*, user: User, by: User) -> int:
    """The commission (or an administrator) removes a user's authenticators and recovery codes, for a lost phone.

    Every session of the user ends (whoever holds one may hold the lost phone too, and must not be the one to set up
    the new authenticator); their next sign-in asks them to set up a new one. Kept in the user's history and told to
    the user. Returns the devices removed.
    """
    if not can_reset_second_factor(by, user):
        raise PermissionDenied
    removed = _delete_devices(user)
    end_sessions(user=user)
    User.history.bulk_history_create(
        [user], update=True, default_user=by, default_change_reason="second factor reset", default_date=timezone.now()
    )
    notify(recipients=[user], message=RESET_BY, params={"by": by.get_full_name()})
    record_account_change(Logged.SECOND_FACTOR_RESET, account=user, by=by, detail=f"{removed} devices removed")
    return removed


def _delete_devices(user: User) -> int:
    removed = 0
    for model in device_classes():
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    return removed
