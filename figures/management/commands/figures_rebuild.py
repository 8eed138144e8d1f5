"""Rebuild every figures summary table from scratch (ADR 9): after a bulk load such as
generate_county, after a restore, or whenever in doubt. Set-based SQL, one transaction."""

import time

from django.core.management.base import BaseCommand
from django.db import connection

from figures.models import ActivitySpan, AssessmentStep, IndicatorChange, IndicatorLevel
from figures.services import TABLES, summaries_refresh


class Command(BaseCommand):
    help = "Rebuild the figures' summary tables from assessments and activities."

    def handle(self, *args, **options):
        started = time.perf_counter()
        summaries_refresh()
        if connection.vendor == "postgresql" and connection.get_autocommit():
            # Fresh statistics and visibility maps (index-only scans) for the new rows.
            with connection.cursor() as cursor:
                for table in TABLES:
                    cursor.execute(f"VACUUM ANALYZE {table}")
        self.stdout.write(
            self.style.SUCCESS(
                f"figures summaries: {IndicatorLevel.objects.count()} indicator levels, "
                f"{AssessmentStep.objects.count()} assessment steps, "
                f"{IndicatorChange.objects.count()} indicator changes, "
                f"{ActivitySpan.objects.count()} activity spans "
                f"in {time.perf_counter() - started:.0f} s"
            )
        )
