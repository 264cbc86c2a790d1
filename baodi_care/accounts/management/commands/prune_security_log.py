"""Delete security log rows older than SECURITY_LOG_RETENTION_DAYS (at least 180: 网络安全法 Art. 21)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from baodi_care.accounts.security_log.choices import SecurityAction
from baodi_care.accounts.security_log.models import SecurityLog
from baodi_care.accounts.security_log.recorder import record, retention_days


class Command(BaseCommand):
    help = "Delete security log rows older than SECURITY_LOG_RETENTION_DAYS (never younger than 180 days)."

    def handle(self, *args, **options):
        days = retention_days()
        cutoff = timezone.now() - datetime.timedelta(days=days)
        removed = SecurityLog.objects.prune_older_than(cutoff)
        # The prune is itself in the log: how many rows went, and up to when.
        record(SecurityAction.LOG_PRUNED, detail=f"{removed} rows logged before {cutoff:%Y-%m-%d %H:%M} ({days} days)")
        self.stdout.write(f"{removed} security log rows older than {days} days deleted.")
