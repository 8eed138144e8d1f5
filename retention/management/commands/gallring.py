"""Gallring (SoL 12 kap. 1 §): remove the personal data of closed cases whose last entry
is older than the organisation's rule, and access-log rows older than the log's
retention. Safe to schedule (docs/security/retention.md): idempotent, one transaction
per case, never an open or held case. Prints counts and case ids, never names."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import Organisation
from retention.services import gallring_run


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today: not a date (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = "Gallring: remove the personal data of closed cases past their retention."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be removed (counts per kind and case ids); change nothing.",
        )
        parser.add_argument(
            "--organisation", type=int, help="Only this organisation (id); default: all."
        )
        parser.add_argument(
            "--today", type=_date, help="Run as of this day (YYYY-MM-DD); default: today."
        )

    def handle(self, *args, dry_run=False, organisation=None, today=None, **options):
        today = today or timezone.localdate()
        organisations = Organisation.objects.order_by("pk")
        if organisation is not None:
            organisations = organisations.filter(pk=organisation)
            if not organisations.exists():
                raise CommandError(f"No organisation with id {organisation}.")
        ids = list(organisations.values_list("pk", flat=True))
        if not ids:
            self.stdout.write("No organisations.")
            return
        result = gallring_run(today=today, organisation_ids=ids, dry_run=dry_run)
        heading = "Gallring, dry run" if dry_run else "Gallring"
        self.stdout.write(f"{heading} as of {today} (record {result.run.pk})")
        done = result.planned if dry_run else result.erased
        verb = "would be erased" if dry_run else "erased"
        self.stdout.write(f"Cases {verb}: {len(done)}")
        self.stdout.write(f"Case ids (participant ids): {json.dumps(done)}")
        if not dry_run and len(done) != len(result.planned):
            left = sorted(set(result.planned) - set(done))
            self.stdout.write(f"Left alone (reopened, held or new entries since): {left}")
        self.stdout.write("Rows per kind:")
        for name, kinds in result.counts.items():
            parts = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
            self.stdout.write(f"  {name}: {parts}")
        verb = "would be removed" if dry_run else "removed"
        for organisation_id, n in result.access_log_removed.items():
            self.stdout.write(f"Access-log events {verb} for organisation {organisation_id}: {n}")
