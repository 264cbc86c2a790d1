"""The security log's table: append-only in the ORM and, on PostgreSQL, by trigger.

Rows are only ever inserted (`recorder.record`). Saving a row again, `delete()` and the queryset's `update()` and
`delete()` are refused; `prune_older_than` is the one way rows leave, and only past the retention period. On
PostgreSQL two triggers (django-pgtrigger, `append_only_triggers`) refuse UPDATE of any row and DELETE of a row
younger than LEGAL_MINIMUM_DAYS, whoever connects, so neither the admin nor a SQL console can erase recent rows.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.append_only import append_only_triggers
from baodi_care.accounts.security_log.choices import SecurityAction, SecurityOutcome
from baodi_care.accounts.security_log.permissions import can_read_security_log

# 网络安全法 Art. 21 (3): network logs are kept no less than six months. The trigger holds this floor in the
# database; the setting SECURITY_LOG_RETENTION_DAYS may only be longer.
LEGAL_MINIMUM_DAYS = 180

APPEND_ONLY = _("The security log is append-only: its rows cannot be changed or deleted.")


class AppendOnlyError(Exception):
    """An attempt to change or delete security log rows through the ORM."""


class SecurityLogQuerySet(models.QuerySet):
    def for_user(self, user) -> SecurityLogQuerySet:
        """The audit administrator reads every row; nobody else any (system administrators included)."""
        return self.all() if can_read_security_log(user) else self.none()

    def update(self, **kwargs):
        raise AppendOnlyError(str(APPEND_ONLY))

    def delete(self):
        raise AppendOnlyError(str(APPEND_ONLY))

    def prune_older_than(self, cutoff: datetime.datetime) -> int:
        """Delete the rows logged before `cutoff` (never later than LEGAL_MINIMUM_DAYS ago): the prune command's
        one way out of the table. Returns how many rows went."""
        # An hour's margin, so that a clock between the portal and the database a little apart never asks the
        # trigger for a row it refuses (which would abort the whole prune).
        floor = timezone.now() - datetime.timedelta(days=LEGAL_MINIMUM_DAYS, hours=1)
        cutoff = min(cutoff, floor)
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE at < %s", [cutoff])  # noqa: S608 - the table name is ours
            return cursor.rowcount


class SecurityLog(models.Model):
    """One security-relevant event: who, when, from which address, what (on which object, at which path), outcome."""

    at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    # Kept when the account goes: no database constraint and no cascade (that would UPDATE or DELETE log rows);
    # `username` keeps the name as it was typed or held.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+",
    )  # fmt: skip
    username = models.CharField(_("user name"), max_length=150, blank=True)
    address = models.CharField(_("address"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=SecurityAction.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=SecurityOutcome.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    objects = SecurityLogQuerySet.as_manager()

    class Meta:
        db_table = "accounts_securitylog"
        ordering = ["-at", "-pk"]
        verbose_name = _("security log entry")
        verbose_name_plural = _("security log")
        indexes = [
            models.Index(fields=["at"], name="securitylog_at"),
            models.Index(fields=["action", "at"], name="securitylog_action_at"),
            models.Index(fields=["username", "at"], name="securitylog_username_at"),
            models.Index(fields=["address", "at"], name="securitylog_address_at"),
        ]
        # No UPDATE; a DELETE only of a row older than the legal minimum (the prune's).
        triggers = append_only_triggers(deletable_while=f"OLD.at < NOW() - INTERVAL '{LEGAL_MINIMUM_DAYS} days'")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.action} {self.outcome}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(str(APPEND_ONLY))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(str(APPEND_ONLY))
