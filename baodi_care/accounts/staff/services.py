"""Writes of staff accounts: create (a one-time link sets the password), deactivate, reactivate, move an official to
another 街镇, send a new link, reset the second factor. Each change is kept in the user's history (who, why)."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import MemberDepartment, Role
from baodi_care.accounts.models import Jurisdiction, User
from baodi_care.accounts.security_log.choices import SecurityAction
from baodi_care.accounts.security_log.recorder import record_account_change
from baodi_care.accounts.signup.services import portal_url, send_portal_mail
from baodi_care.accounts.signup.tokens import staff_password_token
from baodi_care.accounts.staff.permissions import MANAGED_ROLES, can_manage_account, can_manage_staff

NEEDS_JURISDICTION = _("An official works in one sub-district/town: choose it.")
NEEDS_DEPARTMENT = _("Choose the member department, e.g. the education bureau (教育局).")
NOT_MANAGED = _("The commission manages officials and member-department users here; other accounts in the admin.")
NOT_AN_OFFICIAL = _("Only an official moves to another sub-district/town.")
SAME_JURISDICTION = _("The official already works in this sub-district/town.")
USERNAME_TAKEN = _("This user name is taken.")
EMAIL_TAKEN = _("Another account has this e-mail address.")


def _save(user: User, by: User, reason: str, fields: list[str] | None = None) -> User:
    user._history_user = by
    user._change_reason = reason
    user.save(update_fields=fields)
    return user


def password_link(user: User) -> str:
    """The one-time link a new account sets its password with (STAFF_PASSWORD_LINK_HOURS)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return portal_url(reverse("accounts:staff_set_password", args=[uid, staff_password_token.make_token(user)]))


def _send_link(user: User) -> None:
    context = {"user": user, "link": password_link(user), "hours": settings.STAFF_PASSWORD_LINK_HOURS}
    transaction.on_commit(
        lambda: send_portal_mail(to=user.email, template="accounts/staff/mail_welcome", context=context)
    )


@transaction.atomic
def create_staff_user(
    *, by: User, username: str, full_name: str, email: str, phone: str = "", role: str,
    jurisdiction: Jurisdiction | None = None, department: str = "",
) -> User:  # fmt: skip
    """The commission makes an official (of one 街镇) or a member-department user, who sets a password by link."""
    if not can_manage_staff(by):
        raise PermissionDenied
    if role not in MANAGED_ROLES:
        raise ValidationError({"role": NOT_MANAGED})
    if role == Role.OFFICIAL and jurisdiction is None:
        raise ValidationError({"jurisdiction": NEEDS_JURISDICTION})
    if role == Role.DEPARTMENT and department not in MemberDepartment.values:
        raise ValidationError({"department": NEEDS_DEPARTMENT})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": USERNAME_TAKEN})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": EMAIL_TAKEN})
    user = User(
        username=username, full_name=full_name, email=email.lower(), phone=phone, role=role,
        jurisdiction=jurisdiction if role == Role.OFFICIAL else None,
        department=department if role == Role.DEPARTMENT else "",
    )  # fmt: skip
    user.set_unusable_password()
    user.full_clean()
    _save(user, by, "account created by the commission")
    _send_link(user)
    record_account_change(SecurityAction.ACCOUNT_CREATED, account=user, by=by, detail=f"role {role}")
    return user


def _check(by: User, user: User) -> None:
    if not can_manage_account(by, user) or by.pk == user.pk:
        raise PermissionDenied


@transaction.atomic
def send_password_link(*, user: User, by: User) -> User:
    """A new link, for a user whose first link expired (or who forgot the password before first using it)."""
    _check(by, user)
    _send_link(user)
    record_account_change(SecurityAction.PASSWORD_LINK_SENT, account=user, by=by)
    return user


@transaction.atomic
def deactivate_user(*, user: User, by: User) -> User:
    """The account no longer signs in; its sessions count as nobody's (an inactive user sees nothing)."""
    _check(by, user)
    if user.is_active:
        user.is_active = False
        _save(user, by, "deactivated by the commission", ["is_active"])
        record_account_change(SecurityAction.ACCOUNT_DEACTIVATED, account=user, by=by)
    return user


@transaction.atomic
def reactivate_user(*, user: User, by: User) -> User:
    _check(by, user)
    if not user.is_active:
        user.is_active = True
        _save(user, by, "reactivated by the commission", ["is_active"])
        record_account_change(SecurityAction.ACCOUNT_REACTIVATED, account=user, by=by)
    return user


@transaction.atomic
def move_official(*, user: User, jurisdiction: Jurisdiction, by: User) -> User:
    """An official moves to another 街镇: from now on they see its institutions; the history keeps the old one."""
    _check(by, user)
    if user.role != Role.OFFICIAL:
        raise ValidationError(NOT_AN_OFFICIAL)
    if user.jurisdiction_id == jurisdiction.pk:
        raise ValidationError({"jurisdiction": SAME_JURISDICTION})
    moved = f"{user.jurisdiction} → {jurisdiction}"
    user.jurisdiction = jurisdiction
    _save(user, by, "moved by the commission", ["jurisdiction"])
    record_account_change(SecurityAction.OFFICIAL_MOVED, account=user, by=by, detail=moved)
    return user


def reset_user_second_factor(*, user: User, by: User) -> int:
    """A lost phone: the user's authenticators and recovery codes are removed (accounts.second_factor does it, keeps
    it in the history and tells the user); the next sign-in sets up a new one. Returns the devices removed."""
    _check(by, user)
    try:
        from baodi_care.accounts.second_factor.services import reset_second_factor
    except ImportError:
        return _delete_otp_devices(user=user, by=by)
    return reset_second_factor(user=user, by=by)


@transaction.atomic
def _delete_otp_devices(*, user: User, by: User) -> int:
    """Without accounts.second_factor: the user's django-otp devices (if installed) removed, in the history."""
    if not apps.is_installed("django_otp"):
        return 0
    from django_otp import devices_for_user

    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    _save(user, by, "second factor reset")
    return len(devices)
