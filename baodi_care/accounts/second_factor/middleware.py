"""Second factor before any page: staff without one are sent to set it up, anyone with one to enter a code.

After django-otp's OTPMiddleware (which marks a session verified) and LoginRequiredMiddleware. Pages anyone may see
without signing in (the public pages, sign-in, password reset, health checks) stay open; the Django admin does not,
although it does its own sign-in. Signing out, the language switch and the second factor's own pages stay open too.
"""

from __future__ import annotations

from django.urls import reverse

from baodi_care.accounts.redirects import step_first
from baodi_care.accounts.second_factor.policy import has_second_factor, is_verified, requires_second_factor

# URL names that need no second factor even for a signed-in user who lacks one.
OPEN_URL_NAMES = frozenset({"accounts:logout", "admin:logout", "set_language", "favicon"})


def second_factor_exempt(view):
    """Mark a view as open to a signed-in user who has not passed the second factor (its own pages)."""
    view.second_factor_exempt = True
    return view


def is_open(request, view_func) -> bool:
    match = request.resolver_match
    if getattr(view_func, "second_factor_exempt", False) or (match and match.view_name in OPEN_URL_NAMES):
        return True
    in_admin = bool(match and match.app_names and match.app_names[0] == "admin")
    # The admin's views all say they need no sign-in (they check it themselves): only a real public page is open.
    return not in_admin and not getattr(view_func, "login_required", True)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or is_verified(user) or is_open(request, view_func):
            return None
        # A client redirect for htmx (accounts/redirects.py), which would swap the code page into a fragment.
        if has_second_factor(user):
            return step_first(request, reverse("accounts:second_factor_verify"))
        if requires_second_factor(user):
            return step_first(request, reverse("accounts:second_factor_enrol"))
        return None
