"""`manage.py send_reminders`: the reminders due now (safe to run every hour)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from supervision.reminders.services import ALL_KINDS, send_reminders


class Command(BaseCommand):
    help = (
        "Send reminders about expiring certificates, stale fee disclosures, due operating reports and "
        "rectifications and filings near or past their deadline. Safe to run every hour: each reminder is sent once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", action="append", choices=sorted(ALL_KINDS), help="Limit to these kinds.")
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD), for catching up.")

    def handle(self, *args, only=None, date=None, **options):
        import datetime

        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from exc
        sent = send_reminders(today, only)
        summary = ", ".join(f"{kind} {n}" for kind, n in sent.items())
        self.stdout.write(f"Reminders sent for {today.isoformat()}: {summary}")
