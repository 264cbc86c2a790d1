"""Signal receivers of the security log: signing in and out (the Django admin's sign-in too), failed sign-ins and
their throttling, django-axes' lockouts, and every change made in the Django admin (its LogEntry rows).

Connected in AccountsConfig.ready; accounts comes before axes in INSTALLED_APPS, so these run before axes' own.
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from baodi_care.accounts.security_log.choices import SecurityAction, SecurityOutcome
from baodi_care.accounts.security_log.recorder import current_request, in_admin, record

# The LogEntry rows already recorded in this request (kept on the request).
SEEN_ENTRIES = "_security_log_admin_entries"

ADMIN_ACTIONS = {
    ADDITION: SecurityAction.ADMIN_ADDITION,
    CHANGE: SecurityAction.ADMIN_CHANGE,
    DELETION: SecurityAction.ADMIN_DELETION,
}


def _typed_username(credentials: dict) -> str:
    return str(credentials.get("username") or credentials.get("email") or "")


def _account(username: str):
    """The account the typed user name names, if any (the entry keeps the name as typed either way)."""
    if not username:
        return None
    return get_user_model()._default_manager.filter(username=username).first()


@receiver(user_logged_in, dispatch_uid="security_log_signed_in")
def signed_in(sender, request, user, **kwargs):
    action = SecurityAction.ADMIN_SIGN_IN if request is not None and in_admin(request) else SecurityAction.SIGN_IN
    record(action, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="security_log_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    """A wrong password (failure), or an attempt refused before the password was checked: during the wait after
    failures (accounts/signin.py) or while axes holds the lock (refused)."""
    username = _typed_username(credentials)
    wait = getattr(request, "signin_wait", 0) if request is not None else 0
    if wait:
        action, outcome, detail = SecurityAction.SIGN_IN_DELAYED, SecurityOutcome.REFUSED, f"wait {wait} s"
    elif request is not None and getattr(request, "axes_locked_out", False):
        action, outcome, detail = SecurityAction.SIGN_IN, SecurityOutcome.REFUSED, "locked out"
    else:
        action, outcome, detail = SecurityAction.SIGN_IN, SecurityOutcome.FAILURE, ""
    record(action, outcome=outcome, user=_account(username), username=username, detail=detail, request=request)


@receiver(user_locked_out, dispatch_uid="security_log_locked_out")
def locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    record(
        SecurityAction.LOCKOUT,
        outcome=SecurityOutcome.REFUSED,
        user=_account(username or ""),
        username=username or "",
        request=request,
        detail="django-axes: this user name is locked from this address",
    )


@receiver(user_logged_out, dispatch_uid="security_log_signed_out")
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(SecurityAction.SIGN_OUT, user=user, request=request)


@receiver(post_save, sender=LogEntry, dispatch_uid="security_log_admin_action")
def admin_action(sender, instance: LogEntry, created: bool, **kwargs):
    """Every addition, change and deletion made in the Django admin (it writes a LogEntry for each)."""
    if created:
        _record_admin_entry(instance)


def admin_actions_since(request, started) -> None:
    """The LogEntry rows an admin request wrote in one bulk_create (the admin's deletion of several objects at once
    sends no post_save): each not yet recorded by `admin_action`. Called by the middleware after an admin POST."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return
    seen = getattr(request, SEEN_ENTRIES, set())
    for entry in LogEntry.objects.filter(user_id=user.pk, action_time__gte=started).exclude(pk__in=seen):
        _record_admin_entry(entry, request=request)


def _record_admin_entry(instance: LogEntry, request=None) -> None:
    request = request if request is not None else current_request()
    if request is not None:
        seen = getattr(request, SEEN_ENTRIES, None)
        if seen is None:
            seen = set()
            setattr(request, SEEN_ENTRIES, seen)
        seen.add(instance.pk)
    content_type = instance.content_type
    record(
        ADMIN_ACTIONS.get(instance.action_flag, SecurityAction.ADMIN_CHANGE),
        user=instance.user,
        object_type=f"{content_type.app_label}.{content_type.model}" if content_type else "",
        object_id=instance.object_id or "",
        object_label=instance.object_repr,
        detail=str(instance.get_change_message()),
        request=request,
    )
