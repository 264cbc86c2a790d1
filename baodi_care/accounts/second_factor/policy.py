"""Who must use a second factor, and whether a user or a request has one: read by the middleware, views and admin."""

from __future__ import annotations

from django_otp import user_has_device

from baodi_care.accounts.choices import Role

# Everyone whose account reaches beyond their own institutions: officials, the commission, member departments and
# system administrators (等保 三级 asks two factors of administrators; ASVS 5.0 6.3.3 of every privileged account).
REQUIRED_ROLES = (Role.OFFICIAL, Role.COMMISSION, Role.DEPARTMENT, Role.ADMIN)


def requires_second_factor(user) -> bool:
    """Staff roles, and any account that can open the Django admin whatever its role."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role in REQUIRED_ROLES or user.is_staff or user.is_superuser


def has_second_factor(user) -> bool:
    """The user has a confirmed authenticator or recovery codes."""
    return bool(getattr(user, "is_authenticated", False)) and user_has_device(user, confirmed=True)


def is_verified(user) -> bool:
    """This session passed the second factor (django-otp's OTPMiddleware sets otp_device on request.user)."""
    return getattr(user, "otp_device", None) is not None
