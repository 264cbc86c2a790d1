"""Signing in and out, and the password pages: growing delays per (user name, address), reset mails limited per
address and per account, other sessions ended and the user told when the password changes (accounts/passwords.py),
and Clear-Site-Data on signing out.

The throttle reads django-axes' own count of failures (AccessAttempt rows, kept per user name and address since
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]): after SIGNIN_FREE_FAILURES failures the next attempt must
wait SIGNIN_DELAY_SECONDS, doubling with each further failure up to SIGNIN_DELAY_MAX_SECONDS; at AXES_FAILURE_LIMIT
axes locks the pair for AXES_COOLOFF_TIME. An attempt made during a wait is refused without checking the password
and counts as a failure. Failures from one address never slow down the same user name from another.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Sum
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts import passwords, ratelimit
from baodi_care.accounts.network import client_ip
from baodi_care.accounts.security_log.choices import SecurityAction, SecurityOutcome
from baodi_care.accounts.security_log.recorder import record, record_account_change
from baodi_care.accounts.sessions import ROW as SESSION_ROW
from baodi_care.accounts.sessions import follow_key

SIGNIN_WAIT = _(
    "Too many failed sign-ins for this user name from your connection. Wait %(seconds)s seconds and try again."
)


def axes_client_ip(request) -> str | None:
    """client_ip for django-axes (AXES_CLIENT_IP_CALLABLE): None unless it is an IP address, as axes stores it in
    an IP address column (PostgreSQL's inet refuses "unknown", or whatever a misconfigured proxy count lets through)."""
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def delay_after(failures: int) -> int:
    """Seconds the next attempt must wait after this many failures in a row."""
    free = settings.SIGNIN_FREE_FAILURES
    if failures < free or settings.SIGNIN_DELAY_SECONDS <= 0:
        return 0
    return min(settings.SIGNIN_DELAY_SECONDS * 2 ** (failures - free), settings.SIGNIN_DELAY_MAX_SECONDS)


def now() -> datetime:
    """The current time (one place, so tests can move the clock)."""
    return timezone.now()


def wait_seconds(username: str, address: str) -> int:
    """How long (user name, address) must still wait before the next attempt: 0 when it may try now."""
    current = now()
    window = get_cool_off() or timedelta(hours=1)
    found = AccessAttempt.objects.filter(
        username=username, ip_address=address, attempt_time__gte=current - window
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    if not found["failures"]:
        return 0
    remaining = delay_after(found["failures"]) - (current - found["last"]).total_seconds()
    return max(0, int(remaining + 0.999))


class SigninThrottleBackend:
    """Refuses (without checking the password) an attempt made before its (user name, address) wait is over.

    It sits after axes' backend and before ModelBackend, so it covers every sign-in form, the admin's included. It has
    no get_user: it never signs anyone in (and the test client's force_login must not pick it).
    """

    def authenticate(self, request, username=None, **credentials):
        if request is None or not username:
            return None
        wait = wait_seconds(username, axes_client_ip(request))
        if wait:
            request.signin_wait = wait
            raise PermissionDenied
        return None


class SigninForm(AuthenticationForm):
    """The sign-in form: says how long to wait when the attempt was throttled."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            wait = getattr(self.request, "signin_wait", 0)
            if wait:
                raise ValidationError(SIGNIN_WAIT, code="throttled", params={"seconds": wait}) from None
            raise


class LogoutView(auth_views.LogoutView):
    """Sign out, and ask the browser to drop what it kept of the session (cache, cookies, storage)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change the password (not to the same one); every other session of the user ends (this one goes on), and the
    user is told by e-mail."""

    form_class = passwords.NewPasswordChangeForm

    def form_valid(self, form):
        response = super().form_valid(form)  # the session's key changes (update_session_auth_hash)
        follow_key(self.request)
        passwords.password_changed(user=form.user, keep_session=self.request.session.get(SESSION_ROW))
        record_account_change(SecurityAction.PASSWORD_CHANGED, account=form.user)
        return response


class PasswordResetForm(PasswordResetForm):
    """At most PASSWORD_RESET_LIMIT_PER_ACCOUNT reset mails per account and hour."""

    def get_users(self, email):
        for user in super().get_users(email):
            if ratelimit.allow("password-reset-account", str(user.pk), settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT):
                yield user


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. Over the limit per address or per account no mail goes out, and the page answers the
    same as always, so it tells no one whether an account exists or whether a limit was reached."""

    form_class = PasswordResetForm

    def form_valid(self, form):
        if not ratelimit.allow(
            "password-reset-address", client_ip(self.request), settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
        ):
            record(
                SecurityAction.PASSWORD_RESET_REQUESTED,
                outcome=SecurityOutcome.REFUSED,
                username=form.cleaned_data["email"],
                detail="over the limit per address: no mail sent",
            )
            return HttpResponseRedirect(self.get_success_url())
        record(SecurityAction.PASSWORD_RESET_REQUESTED, username=form.cleaned_data["email"])
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Set a new password from a reset link; every session of the user ends, and the user is told by e-mail."""

    def form_valid(self, form):
        response = super().form_valid(form)
        passwords.password_reset(user=form.user)
        record_account_change(SecurityAction.PASSWORD_RESET, account=form.user, by=form.user)
        return response
