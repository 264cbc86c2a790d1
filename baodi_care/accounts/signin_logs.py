"""django-axes's sign-in logs, kept append-only: proxies that carry the triggers onto axes's own tables.

A proxy is django-pgtrigger's way to put a trigger on a third-party table while keeping it in this project's
migrations (accounts/migrations). `AccessLog` (each successful sign-in) gets its logout time filled in once, when
that session signs out, and nothing else; `AccessFailureLog` is never changed (axes writes it only with
`AXES_ENABLE_ACCESS_FAILURE_LOG`, which stays off: see append_only.axes_failure_log_is_not_trimmed).
`AccessAttempt` is not protected: it is axes's live failure counter, updated on each failure and deleted when
a sign-in succeeds or the lockout ends, not a record of what happened.
"""

from __future__ import annotations

from axes.models import AccessFailureLog, AccessLog
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.append_only import append_only_triggers


class SignInRecord(AccessLog):
    """axes's AccessLog: a successful sign-in, and when that session signed out."""

    class Meta:
        proxy = True
        verbose_name = _("sign-in record")
        verbose_name_plural = _("sign-in records")
        triggers = append_only_triggers(settable_once=("logout_time",))


class FailedSignInRecord(AccessFailureLog):
    """axes's AccessFailureLog: a failed sign-in."""

    class Meta:
        proxy = True
        verbose_name = _("failed sign-in record")
        verbose_name_plural = _("failed sign-in records")
        triggers = append_only_triggers()
