"""Who must use a second factor, and whether a user or a request has one: read by the middleware, views and admin."""

from __future__ import annotations

from baodi_care.accounts.choices import Role

# Everyone whose account reaches beyond their own institutions: officials, the commission, member departments and
# system and audit administrators (等保 三级 asks two factors of administrators; ASVS 5.0 6.3.3 of every privileged
# account).
REQUIRED_ROLES = (Role.OFFICIAL, Role.COMMISSION, Role.DEPARTMENT, Role.ADMIN, Role.AUDITOR)


def requires_second_factor(user) -> bool:
    """Staff roles, and any account that can open the Django admin whatever its role."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role in REQUIRED_ROLES or user.is_staff or user.is_superuser


def has_second_factor(user) -> bool:
    """The user has a confirmed authenticator (recovery codes come only with one): one query, asked on each request
    of a signed-in user whose session has not passed it."""
    # Imported here: admin_site.py imports this module while the app registry is still loading.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not getattr(user, "is_authenticated", False):
        return False
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(user) -> bool:
    """This session passed the second factor (django-otp's OTPMiddleware sets otp_device on request.user)."""
    return getattr(user, "otp_device", None) is not None
