"""Asking a signed-in user for their password again, before a change that could take the account over (e-mail,
phone, ending sessions): a session holder must not be able to guess it there without limit."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts import ratelimit
from baodi_care.accounts.security_log.choices import SecurityAction, SecurityOutcome
from baodi_care.accounts.security_log.recorder import record

WRONG_PASSWORD = _("The current password is not correct.")
TOO_MANY_TRIES = _("Too many wrong passwords; try again in an hour.")

SCOPE = "reauth-password"


def password_error(user, password: str):
    """None when `password` is the user's; else why not (wrong, or too many wrong tries this hour)."""
    key = str(user.pk)
    if ratelimit.is_limited(SCOPE, key, settings.REAUTH_PASSWORD_TRIES_PER_HOUR):
        record(SecurityAction.RATE_LIMITED, outcome=SecurityOutcome.REFUSED, user=user, detail="current password")
        return TOO_MANY_TRIES
    if not user.check_password(password or ""):
        ratelimit.count(SCOPE, key)
        record(SecurityAction.PASSWORD_CHECK, outcome=SecurityOutcome.FAILURE, user=user)
        return WRONG_PASSWORD
    return None
