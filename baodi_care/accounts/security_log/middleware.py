"""The security log's middleware: the request is made current for `recorder.record`, a view's 404 is logged (the
answer `for_user` gives for an object outside the user's scope), and the audit administrator is kept out of the
Django admin and every other page but its own. 403s are logged by the 403 handler (views.permission_denied),
wherever PermissionDenied was raised.

Placed after the second factor's middleware (an auditor who has not passed it is sent to it first, as everyone);
sign-ins, the views and the services they call record with the request's user and address.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from baodi_care.accounts.choices import Role
from baodi_care.accounts.security_log.choices import SecurityAction, SecurityOutcome
from baodi_care.accounts.security_log.permissions import auditor_may_open
from baodi_care.accounts.security_log.receivers import admin_actions_since
from baodi_care.accounts.security_log.recorder import (
    in_admin,
    record,
    request_context,
    view_detail,
    write_after_response,
)


class SecurityLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = timezone.now()
        with request_context(request):
            response = self.get_response(request)
            if request.method == "POST" and in_admin(request):
                admin_actions_since(request, started)
            write_after_response(request)  # refusals recorded inside a transaction that rolled back (recorder)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Separation of duties: the audit administrator reads the logs and changes nothing; every page but its own,
        # its account's and the public ones is a 403 (the Django admin included), whatever the page itself allows.
        user = request.user
        if user.is_authenticated and user.role == Role.AUDITOR and not auditor_may_open(request.resolver_match):
            raise PermissionDenied
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            pk = (getattr(request, "resolver_match", None) and request.resolver_match.kwargs.get("pk")) or ""
            record(
                SecurityAction.NOT_FOUND,
                outcome=SecurityOutcome.REFUSED,
                object_id=str(pk),
                detail=view_detail(request),
            )
        return None
