from django.core.management.base import BaseCommand

from downloads.services import exports_prune


class Command(BaseCommand):
    help = "Remove background exports and their files older than EXPORT_RETENTION_HOURS."

    def handle(self, *args, **options):
        removed = exports_prune()
        self.stdout.write(f"{removed} exports removed")
