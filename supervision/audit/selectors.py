"""Reads of the audit pages: the security log and each trail, for the audit administrator only (anyone else: none),
newest first; and what a page of history rows changed, against the row before each (one query a page)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, QuerySet, Subquery

from baodi_care.accounts.security_log.models import SecurityLog
from baodi_care.accounts.security_log.permissions import can_read_audit_trails
from supervision.audit.trails import Trail

# What a history row holds besides the recorded object's own fields.
HISTORY_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user", "id"}


def security_log(*, user) -> QuerySet[SecurityLog]:
    return SecurityLog.objects.for_user(user).select_related("user").order_by("-at", "-pk")


def trail_rows(*, user, trail: Trail) -> QuerySet:
    """The trail's rows, newest first, with who wrote them and the institution they concern."""
    if not can_read_audit_trails(user):
        return trail.model._default_manager.none()
    related = [trail.who, *trail.related, *([trail.institution] if trail.institution else [])]
    rows = trail.model._default_manager.all().select_related(*related)
    if trail.history:
        earlier = trail.model._default_manager.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        rows = rows.annotate(previous_id=Subquery(earlier.order_by("-history_id").values("history_id")[:1]))
    pk = "history_id" if trail.history else "pk"
    return rows.order_by(f"-{trail.when}", f"-{pk}")


def tracked_fields(trail: Trail) -> list:
    return [f for f in trail.model._meta.concrete_fields if f.name not in HISTORY_FIELDS]


def who(user) -> str:
    if user is None:
        return ""
    name = user.get_full_name()
    return f"{user.get_username()} ({name})" if name != user.get_username() else name


def for_display(trail: Trail, rows: Iterable) -> list:
    """The rows with what the page and the export show: `when`, `who_name`, `type_label`, `institution_name`,
    `subject` and, for history rows, `changes` (the fields that differ from the row before; none for an object's
    first row). No query a row: one for the page's earlier rows."""
    rows = list(rows)
    for row in rows:
        row.when = getattr(row, trail.when)
        row.who_name = who(getattr(row, trail.who))
        row.type_label = trail.type_label(row)
        row.institution_name = getattr(trail.institution_of(row), "name", "") or ""
        row.subject = trail.subject(row)
        row.changes = []
    if not trail.history:
        return rows
    earlier = trail.model._default_manager.in_bulk([r.previous_id for r in rows if r.previous_id])
    fields = tracked_fields(trail)
    for row in rows:
        before = earlier.get(row.previous_id)
        if before is not None:
            row.changes = [str(f.verbose_name) for f in fields if getattr(row, f.attname) != getattr(before, f.attname)]
    return rows
