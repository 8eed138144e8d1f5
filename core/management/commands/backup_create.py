"""Back up the database: a pg_dump (custom format) and its manifest (scripts/backup).

Prints the manifest's path. See docs/operations/backup.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Writes a pg_dump of the database and a manifest (row counts, log chain heads)."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Where the two files are written.")
        parser.add_argument("--name", help="File name without suffix (default: the time).")

    def handle(self, *args, directory, name=None, **options):
        try:
            manifest = backup_create(directory=directory, name=name)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(manifest))
