"""`manage.py restore BACKUP_DIR`: check a backup, restore it into an empty database and media root, check again."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from baodi_care.home.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup folder made by `manage.py backup`; exits non-zero if anything does not match."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--media-root", type=Path, default=None, help="Where the documents go (MEDIA_ROOT).")
        parser.add_argument("--database-url", default=None, help="The database to restore into (DATABASE_URL's).")
        parser.add_argument("--verify-only", action="store_true", help="Check the checksums only.")
        parser.add_argument("--force", action="store_true", help="Restore over a database or media root in use.")

    def handle(self, *args, folder, media_root, database_url, verify_only, force, **options):
        try:
            result = restore_backup(
                folder,
                media_root=media_root or Path(settings.MEDIA_ROOT),
                database_url=database_url,
                force=force,
                verify_only=verify_only,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for line in result.summary:
            self.stdout.write(line)
        if result.problems:
            raise CommandError("Restored, but it does not match the backup:\n" + "\n".join(result.problems))
        self.stdout.write("OK: the restore matches the backup.")
