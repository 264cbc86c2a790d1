"""Signed-in sessions: an absolute limit since sign-in (besides the idle timeout), the list on the profile page, and
ending them (one from the profile, the others when the password changes, all when it is reset).

Each session has a UserSession row, made at sign-in. SessionLimitsMiddleware touches the row at most once every
SESSION_TOUCH_SECONDS (one UPDATE, no read), so a request costs nothing more most of the time; a row that is gone
means the session was ended elsewhere, and the request is signed out.
"""

from __future__ import annotations

import time
from datetime import datetime
from functools import lru_cache
from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from baodi_care.accounts import reauth
from baodi_care.accounts.models import User, UserSession
from baodi_care.accounts.network import client_ip
from baodi_care.accounts.security_log.choices import SecurityAction
from baodi_care.accounts.security_log.recorder import record_account_change

SESSION_EXPIRED = _("You have been signed in for too long without a break; please sign in again.")
SESSION_ENDED_THERE = _("The session has been ended; that device is signed out.")
NO_SUCH_SESSION = _("Select one of your other sessions to end.")
PASSWORD_NEEDED = _("Enter your current password to end a session.")

# Kept in the session itself: when it signed in, when its row was last touched (epoch seconds), and the row's id
# (the row follows the session when its key changes, as it does when the password changes).
STARTED = "_signed_in_at"
SEEN = "_seen_at"
ROW = "_session_row"


def now() -> float:
    """The current time in epoch seconds (one place, so tests can move the clock)."""
    return time.time()


def _when(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=timezone.get_current_timezone())


@lru_cache(maxsize=512)
def describe_device(user_agent: str) -> str:
    """ "Chrome · Windows", "WeChat Browser · iOS (iPhone)" … from the user agent (ua-parser's rules)."""
    from ua_parser import parse

    if not user_agent:
        return ""
    found = parse(user_agent)
    parts = []
    if found.user_agent and found.user_agent.family != "Other":
        parts.append(found.user_agent.family)
    if found.os and found.os.family != "Other":
        os_name = found.os.family
        if found.device and found.device.family not in {"Other", "Mac", "Generic Smartphone", "Spider"}:
            os_name += f" ({found.device.family})"
        parts.append(os_name)
    return " · ".join(parts)[:120]


def _store(session_key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


# --- Reads -----------------------------------------------------------------------------------------------------


def active_sessions(user: User) -> QuerySet[UserSession]:
    """The user's sessions that are still within both limits, most recently seen first."""
    current = now()
    return UserSession.objects.filter(
        user=user,
        last_seen__gte=_when(current - settings.SESSION_COOKIE_AGE - settings.SESSION_TOUCH_SECONDS),
        signed_in_at__gte=_when(current - settings.SESSION_ABSOLUTE_SECONDS),
    ).order_by("-last_seen", "-pk")


# --- Writes ----------------------------------------------------------------------------------------------------


def start_session(request, user: User) -> UserSession | None:
    """Record a sign-in: the session's start, and its row (the user's rows past either limit are cleared)."""
    session = request.session
    if not session.session_key:
        session.save()
    if not session.session_key:  # a session engine without keys (signed cookies): nothing to list
        return None
    current = now()
    session[STARTED] = current
    session[SEEN] = current
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    UserSession.objects.filter(user=user).exclude(pk__in=active_sessions(user).values("pk")).delete()
    row, _created = UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "signed_in_at": _when(current),
            "last_seen": _when(current),
            "ip_address": client_ip(request)[:45],
            "user_agent": agent,
            "device": describe_device(agent),
        },
    )
    session[ROW] = row.pk
    return row


def follow_key(request) -> None:
    """After the session's key changed (cycle_key), its row takes the new key."""
    row = request.session.get(ROW)
    if row is not None and request.session.session_key:
        UserSession.objects.filter(pk=row).update(session_key=request.session.session_key)


@transaction.atomic
def end_sessions(*, user: User, keep: int | None = None, pk: int | None = None) -> int:
    """End the user's sessions (all, all but the row `keep`, or the row `pk`): each is signed out at once, or at the
    latest at its next touch of its row (SESSION_TOUCH_SECONDS)."""
    rows = UserSession.objects.select_for_update().filter(user=user)
    if pk is not None:
        rows = rows.filter(pk=pk)
    if keep is not None:
        rows = rows.exclude(pk=keep)
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        _store(key).delete()
    rows.delete()
    return len(keys)


def _saves_is_active(instance, update_fields) -> bool:
    return instance.pk is not None and (update_fields is None or "is_active" in update_fields)


@receiver(pre_save, sender=User, dispatch_uid="accounts-note-active")
def _note_active(sender, instance, update_fields=None, **kwargs):
    if _saves_is_active(instance, update_fields):
        instance._was_active = User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()


@receiver(post_save, sender=User, dispatch_uid="accounts-end-sessions-of-deactivated")
def _on_deactivation(sender, instance, update_fields=None, **kwargs):
    # However the account is deactivated (the commission's staff pages, the admin), its sessions end with it.
    if getattr(instance, "_was_active", False) and not instance.is_active:
        instance._was_active = False
        end_sessions(user=instance)


@receiver(user_logged_in, dispatch_uid="accounts-start-session")
def _on_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        start_session(request, user)


@receiver(user_logged_out, dispatch_uid="accounts-end-session")
def _on_sign_out(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session") and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()


class SessionLimitsMiddleware:
    """Signs out a session past SESSION_ABSOLUTE_SECONDS since sign-in, or one ended from another device.

    After AuthenticationMiddleware and MessageMiddleware (it leaves a message), before the views.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            reason = self.check(request, user)
            if reason is not None:
                logout(request)
                messages.info(request, reason)
        return self.get_response(request)

    def check(self, request, user):
        session = request.session
        started = session.get(STARTED)
        if started is None or session.get(ROW) is None:
            # Signed in before these limits existed (or without login()): it starts counting now.
            start_session(request, user)
            return None
        current = now()
        if current - started > settings.SESSION_ABSOLUTE_SECONDS:
            return SESSION_EXPIRED
        if current - session.get(SEEN, 0) >= settings.SESSION_TOUCH_SECONDS:
            touched = UserSession.objects.filter(pk=session[ROW], user=user).update(
                last_seen=_when(current), ip_address=client_ip(request)[:45], session_key=session.session_key
            )
            if not touched:
                return _("This session was ended; please sign in again.")
            session[SEEN] = current
        return None


class SessionEndView(LoginRequiredMixin, View):
    """End one or all of the user's other sessions, from the profile's list, after the password is given again
    (someone who took over this session must not shut its owner out). Signing out ends this one."""

    def post(self, request):
        choice = request.POST.get("session", "")
        if not (choice.isdigit() or choice == "all"):
            messages.info(request, NO_SUCH_SESSION)
            return redirect("accounts:profile")
        password = request.POST.get("password", "")
        error = reauth.password_error(request.user, password)
        if error:
            messages.error(request, error if password else PASSWORD_NEEDED)
            return redirect("accounts:profile")
        pk = None if choice == "all" else int(choice)
        ended = end_sessions(user=request.user, keep=request.session.get(ROW), pk=pk)
        record_account_change(SecurityAction.SESSIONS_ENDED, account=request.user, detail=f"{ended} ended ({choice})")
        if ended:
            messages.success(request, SESSION_ENDED_THERE)
        else:
            messages.info(request, NO_SUCH_SESSION)
        return redirect("accounts:profile")
