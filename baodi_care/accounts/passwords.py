"""After a password changes: the other sessions end and the user is told (ASVS 5.0 7.4.3, 6.3.7); and, when the
district turns it on, a password older than PASSWORD_MAX_AGE_DAYS is changed before any other page.

PASSWORD_MAX_AGE_DAYS is 0 (off) by default: GB/T 22239-2019 8.1.4.1 a asks that 鉴别信息 be 定期更换 without saying
how often, while ASVS 5.0 6.2.10 says not to force periodic rotation (it makes people choose weaker passwords). A
district whose assessor reads 定期更换 as a fixed period sets the number of days; the age counts from
User.password_changed_at, which every way of choosing a password sets (User.set_password).
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import PasswordChangeForm
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import User
from baodi_care.accounts.redirects import step_first
from baodi_care.accounts.second_factor.middleware import is_open
from baodi_care.accounts.services import notify
from baodi_care.accounts.sessions import end_sessions

CHANGED = _(
    "The password of your account was changed, and your other sessions were signed out. If this was not you, reset "
    "your password at once from the sign-in page and tell the health commission."
)
RESET = _(
    "The password of your account was reset through a link sent to your e-mail address, and every session of the "
    "account was signed out. If this was not you, reset your password again at once and tell the health commission."
)
TOO_OLD = _("Your password is more than %(days)s days old. Choose a new one to go on.")
SAME_AS_BEFORE = _("The new password must differ from the current one.")

# The pages a user with a password too old may still open (besides sign-out, the language switch, the second
# factor's pages and the public pages: second_factor.middleware.is_open).
PASSWORD_PAGES = frozenset({"accounts:password_change", "accounts:password_change_done"})


# --- Services --------------------------------------------------------------------------------------------------


@transaction.atomic
def password_changed(*, user: User, keep_session: int | None) -> None:
    """The user changed their password in the session `keep_session` (a UserSession row): the others end; told."""
    end_sessions(user=user, keep=keep_session)
    notify(recipients=[user], message=CHANGED, url=reverse("accounts:profile"))


@transaction.atomic
def password_reset(*, user: User) -> None:
    """A password was set through a link (forgotten password, or a new link from the commission): every session
    ends, and the user is told."""
    end_sessions(user=user)
    notify(recipients=[user], message=RESET, url=reverse("accounts:password_reset"))


# --- Periodic change (off unless PASSWORD_MAX_AGE_DAYS is set) ---------------------------------------------------


def password_too_old(user) -> bool:
    """The user's password is older than PASSWORD_MAX_AGE_DAYS (never, when that is 0). An unknown age counts as too
    old; an account without a usable password has nothing to change."""
    days = settings.PASSWORD_MAX_AGE_DAYS
    if days <= 0 or not getattr(user, "is_authenticated", False) or not user.has_usable_password():
        return False
    changed = user.password_changed_at
    return changed is None or changed < timezone.now() - timedelta(days=days)


class PasswordAgeMiddleware:
    """Sends a user whose password is too old to the password change page, with a message, before any other page.

    After SecondFactorMiddleware (the second factor comes first) and MessageMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not password_too_old(request.user) or is_open(request, view_func):
            return None
        match = request.resolver_match
        if match and match.view_name in PASSWORD_PAGES:
            return None
        messages.warning(request, TOO_OLD % {"days": settings.PASSWORD_MAX_AGE_DAYS})
        return step_first(request, reverse("accounts:password_change"))


class NewPasswordChangeForm(PasswordChangeForm):
    """Django's password change form, refusing the current password as the new one: that would change nothing."""

    def clean_new_password1(self):
        password = self.cleaned_data["new_password1"]
        if password and password == self.cleaned_data.get("old_password"):
            raise forms.ValidationError(SAME_AS_BEFORE, code="password_unchanged")
        return password
