"""Verify the hash chains of the access and security logs.

Exit status 0 and "OK: N rows in M chains" when every chain holds; otherwise the first
broken link of each broken chain and exit status 1. See docs/security/access-log.md.
"""

from django.core.management.base import BaseCommand, CommandError

from audit.verify import log_chains_verify


class Command(BaseCommand):
    help = "Verifies the hash chains of the access and security logs."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", type=int, help="Only this organisation's chains.")

    def handle(self, *args, organisation=None, verbosity=1, **options):
        result = log_chains_verify(organisation_id=organisation)
        if verbosity >= 2:
            for (log, organisation_id), head in sorted(
                result.heads.items(), key=lambda item: (item[0][0], item[0][1] or 0)
            ):
                self.stdout.write(f"head {log} organisation={organisation_id}: {head}")
        if result.ok:
            self.stdout.write(f"OK: {result.rows} rows in {result.chains} chains")
            return
        for link in result.broken:
            self.stdout.write(
                f"BROKEN: {link.log} log, organisation {link.organisation_id}: "
                f"first broken link at row id {link.row_id} ({link.at.isoformat()}): "
                f"{link.reason}"
            )
        raise CommandError(
            f"{len(result.broken)} of {result.chains} chains broken ({result.rows} rows checked)"
        )
