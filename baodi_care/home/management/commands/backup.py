"""`manage.py backup [--dest DIR] [--keep N]`: one dated backup folder of the database and the stored documents."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from baodi_care.home.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump -Fc, or SQLite's online backup) and MEDIA_ROOT into one dated folder."

    def add_arguments(self, parser):
        parser.add_argument("--dest", type=Path, default=None, help="Folder for the backups (BACKUP_ROOT).")
        parser.add_argument("--keep", type=int, default=None, help="Complete backups to keep (BACKUP_KEEP).")

    def handle(self, *args, dest, keep, **options):
        try:
            folder = create_backup(
                dest or Path(settings.BACKUP_ROOT), keep=settings.BACKUP_KEEP if keep is None else keep
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(folder))
