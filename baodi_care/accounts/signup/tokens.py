"""The signed, time-limited links of onboarding: verifying a sign-up's e-mail, and a new staff account's password."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int

from baodi_care.accounts.models import User

VERIFY_SALT = "baodi_care.accounts.signup.verify"


def _state(user: User) -> str:
    """What changes once the link has been used (the account's latest history row, its activity, its address)."""
    latest = user.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return salted_hmac(VERIFY_SALT, f"{user.pk}|{latest}|{user.is_active}|{user.email}").hexdigest()[:20]


def verification_token(user: User) -> str:
    """The token of the link that activates a signed-up account: signed, dated, good once."""
    return signing.dumps({"u": user.pk, "s": _state(user)}, salt=VERIFY_SALT, compress=True)


def user_for_verification(token: str) -> User | None:
    """The inactive account the token activates, or None when it is forged, expired or already used."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=settings.SIGNUP_VERIFY_HOURS * 3600)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=False).first()
    if user is None or not constant_time_compare(_state(user), str(data.get("s", ""))):
        return None
    return user


class StaffPasswordTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token (void once the password is set or the user signs in) with its own salt and lifetime
    (STAFF_PASSWORD_LINK_HOURS), so that a new account's link is no reset link and outlives a reset's hour."""

    key_salt = "baodi_care.accounts.staff.set_password"

    def check_token(self, user, token) -> bool:
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return (self._num_seconds(self._now()) - ts) <= settings.STAFF_PASSWORD_LINK_HOURS * 3600


staff_password_token = StaffPasswordTokenGenerator()
