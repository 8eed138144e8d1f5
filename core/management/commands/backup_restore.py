"""Restore a backup into an empty database and check it against its manifest
(scripts/restore). Exits with an error, naming every difference, when they disagree.
See docs/operations/backup.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restores a backup (its .manifest.json or .dump) into the empty DATABASE_URL."

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The backup's .manifest.json or .dump.")

    def handle(self, *args, backup, **options):
        try:
            result = backup_restore(path=backup)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"OK: {result.tables} tables, {result.rows} rows and {result.chains} log chains "
            f"match the manifest (restored in {result.seconds:.1f} s). "
            "Next: manage.py verify_access_log, manage.py figures_rebuild."
        )
