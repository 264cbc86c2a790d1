"""Sending a request to a step that must come first (signing in, the second factor, a new password), so that htmx
follows it as a whole page.

htmx follows a plain 302 itself and swaps whatever page it gets (the sign-in page, say) into the fragment it asked
for; an htmx request is answered instead with django-htmx's client redirect (HX-Redirect), on which htmx loads the
page in the browser. `next` is then the page the user was on (HX-Current-URL, when it is this site's), not the
fragment's URL.
"""

from __future__ import annotations

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.views import redirect_to_login
from django.http.response import HttpResponseRedirectBase
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails


def step_first(request, step_url: str, redirect_field_name: str = REDIRECT_FIELD_NAME) -> HttpResponseRedirectBase:
    """A redirect to `step_url` with `next` back to the page asked for: a client redirect for htmx."""
    htmx = HtmxDetails(request)
    back = request.get_full_path()
    if not htmx:
        return redirect_to_login(back, step_url, redirect_field_name)
    # A boosted link asks for a whole page: come back to it. A fragment: come back to the page it sits in (only a
    # path of this site: django-htmx drops another origin's URL).
    page = htmx.current_url_abs_path or ""
    if not htmx.boosted and page.startswith("/") and not page.startswith("//"):
        back = page
    return HttpResponseClientRedirect(redirect_to_login(back, step_url, redirect_field_name).url)


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, answering htmx requests with a client redirect to the sign-in page."""

    def handle_no_permission(self, request, view_func):
        if not HtmxDetails(request):
            return super().handle_no_permission(request, view_func)
        return step_first(request, resolve_url(self.get_login_url(view_func)), self.get_redirect_field_name(view_func))
