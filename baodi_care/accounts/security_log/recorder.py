"""Writing the security log (`record`, the one way in): one row per event in the same request, and the same entry
to the logger `baodi_care.security` (settings LOGGING sends it to the console with the others).

`record` never raises: a row that cannot be written (the database refuses, the caller's transaction is broken) is
logged at ERROR with everything it holds, and the user's request goes on. Nor can a caller skip it: it is written
at once, inside a savepoint of the caller's transaction, so a step that is rolled back takes its row along and a
step that is kept keeps it.

Who and from where come from the request the middleware made current (`current_request`), so a service records
with one line and no request argument; outside a request (commands) the address and path are empty.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from baodi_care.accounts.network import client_ip
from baodi_care.accounts.security_log.choices import SecurityAction, SecurityOutcome
from baodi_care.accounts.security_log.models import LEGAL_MINIMUM_DAYS, SecurityLog

logger = logging.getLogger("baodi_care.security")

_current_request: ContextVar = ContextVar("baodi_care_security_request", default=None)


def current_request():
    """The request being answered (set by SecurityLogMiddleware), or None outside one."""
    return _current_request.get()


@contextmanager
def request_context(request) -> Iterator[None]:
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)


def _signed_in_user(request):
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


# URL arguments that carry a secret (a one-time link's token): the path is logged with the pattern in their place.
SECRET_ARGUMENTS = frozenset({"token", "uidb64"})


def logged_path(request) -> str:
    """The request's path (no query string), with any one-time token of the URL replaced by its placeholder."""
    if request is None:
        return ""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None and SECRET_ARGUMENTS & set(match.kwargs):
        for name in SECRET_ARGUMENTS & set(match.kwargs):
            path = path.replace(str(match.kwargs[name]), f"<{name}>")
    return path


def view_detail(request) -> str:
    """The URL's name and arguments, for an entry about a refused page."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return f"{request.method}"
    arguments = ", ".join(f"{key}={value}" for key, value in sorted(match.kwargs.items()) if key not in {"token"})
    return f"{request.method} {match.view_name}" + (f" ({arguments})" if arguments else "")


def in_admin(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match and match.app_names and match.app_names[0] == "admin")


def describe(obj) -> dict[str, str]:
    """The object fields of an entry for a model instance: its type (app_label.model), id and label."""
    if obj is None:
        return {}
    return {"object_type": obj._meta.label_lower, "object_id": str(obj.pk or ""), "object_label": str(obj)}


def record(
    action: SecurityAction,
    *,
    outcome: SecurityOutcome = SecurityOutcome.SUCCESS,
    user=None,
    username: str = "",
    obj=None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    detail: str = "",
    request=None,
    after_response: bool = False,
) -> SecurityLog | None:
    """Log one event. `user` defaults to the request's signed-in user; `username` to that user's (pass what was
    typed for a failed sign-in); `obj` (or the object_* fields) names what the event was about.

    `after_response` is for a refusal raised inside a step's transaction (a file the virus scan refuses): the step
    is rolled back, the fact that it was refused is not. The entry is taken now (time, who, address) and goes to
    the logger at once; inside a request its row is written once the response is made (SecurityLogMiddleware,
    `write_after_response`), outside the transaction that rolls back; outside a request, at once.
    """
    request = request if request is not None else current_request()
    if user is None and request is not None:
        user = _signed_in_user(request)
    if user is not None and not getattr(user, "pk", None):
        user = None
    fields = describe(obj) or {"object_type": "", "object_id": "", "object_label": ""}
    given = {"object_type": object_type, "object_id": object_id, "object_label": object_label}
    fields.update({name: value for name, value in given.items() if value})
    entry = SecurityLog(
        at=timezone.now(),
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        address=(client_ip(request) if request is not None else "")[:64],
        action=action,
        outcome=outcome,
        object_type=str(fields["object_type"])[:100],
        object_id=str(fields["object_id"])[:64],
        object_label=str(fields["object_label"])[:200],
        path=logged_path(request)[:300],
        detail=str(detail)[:500],
    )
    _log_line(entry)
    if after_response and request is not None:
        request.security_log_after_response = [*getattr(request, "security_log_after_response", []), entry]
        return entry
    return _save(entry)


def write_after_response(request) -> None:
    """Write the rows `record(after_response=True)` left for after the response (SecurityLogMiddleware)."""
    for entry in getattr(request, "security_log_after_response", ()):
        _save(entry)
    request.security_log_after_response = []


def _log_line(entry: SecurityLog) -> None:
    level = logging.INFO if entry.outcome == SecurityOutcome.SUCCESS else logging.WARNING
    logger.log(level, "%s", _line(entry))


def _save(entry: SecurityLog) -> SecurityLog | None:
    try:
        with transaction.atomic():
            entry.save(force_insert=True)
    except Exception:  # the log must never break the user's request; the logger keeps the entry
        logger.exception("security log row not written: %s", _line(entry))
        return None
    return entry


# Control characters (a line break above all) in what a client typed would forge log lines; so would spaces and
# "=" in a value read as key=value. A value with any of them is written as a JSON string (quoted, escaped).
PLAIN = re.compile(r"[^\s=\"\x00-\x1f\x7f\u2028\u2029]*")


def _value(value) -> str:
    text = str(value)
    if not text:
        return "-"
    if PLAIN.fullmatch(text):
        return text
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _line(entry: SecurityLog) -> str:
    """key=value pairs on one line, the time first in UTC (ISO 8601 with its offset); every value encoded so that
    nothing a client typed can start a line or a pair of its own (ASVS 5.0 16.4.1)."""
    pairs = {
        "at": entry.at.astimezone(datetime.UTC).isoformat(),
        "action": entry.action,
        "outcome": entry.outcome,
        "user": entry.username,
        "address": entry.address,
        "object": f"{entry.object_type}:{entry.object_id}" if entry.object_type else "",
        "label": entry.object_label,
        "path": entry.path,
        "detail": entry.detail,
    }
    required = {"at", "action", "outcome", "user", "address"}
    return " ".join(f"{key}={_value(value)}" for key, value in pairs.items() if value or key in required)


def record_account_change(action: SecurityAction, *, account, by=None, detail: str = "") -> SecurityLog | None:
    """A change to an account (its role, status, jurisdiction, e-mail, password, second factor), done by `by`
    (default: the signed-in user)."""
    return record(action, user=by, obj=account, object_label=account.get_username(), detail=detail)


def retention_days() -> int:
    """SECURITY_LOG_RETENTION_DAYS, refused below the legal minimum (settings.py refuses it at start-up too)."""
    days = int(getattr(settings, "SECURITY_LOG_RETENTION_DAYS", LEGAL_MINIMUM_DAYS))
    if days < LEGAL_MINIMUM_DAYS:
        raise ImproperlyConfigured(
            f"SECURITY_LOG_RETENTION_DAYS must be at least {LEGAL_MINIMUM_DAYS} (网络安全法 Art. 21: six months)."
        )
    return days


def record_file_served(stored, *, inline: bool) -> SecurityLog | None:
    """A document or evidence file sent to the signed-in user: previewed inline or downloaded."""
    action = SecurityAction.FILE_PREVIEW if inline else SecurityAction.FILE_DOWNLOAD
    return record(action, obj=stored, detail=f"{stored.original_name} · sha256 {stored.sha256[:16]}")
