"""The 403 handler (settings' root URLconf names it): every refusal is logged, then Django's own 403 page."""

from __future__ import annotations

from django.views.defaults import permission_denied as django_permission_denied

from baodi_care.accounts.security_log.choices import SecurityAction, SecurityOutcome
from baodi_care.accounts.security_log.recorder import record, view_detail


def permission_denied(request, exception=None):
    """403: logged with the page and its arguments (the object's id where the URL names one)."""
    match = getattr(request, "resolver_match", None)
    pk = match.kwargs.get("pk", "") if match is not None else ""
    record(
        SecurityAction.ACCESS_REFUSED,
        outcome=SecurityOutcome.REFUSED,
        object_id=str(pk),
        detail=view_detail(request),
        request=request,
    )
    return django_permission_denied(request, exception)
