"""Print the PostgreSQL grants for the least-privilege application role.

Run the output as the owner (migration) role after every `migrate`; see
docs/security/access-log.md.
"""

from django.core.management.base import BaseCommand

from audit.grants import grant_sql


class Command(BaseCommand):
    help = "Prints the GRANT/REVOKE SQL for the application role (append-only log tables)."

    def add_arguments(self, parser):
        parser.add_argument("--app-role", default="stegvis_app")
        parser.add_argument("--owner-role", default="stegvis_owner")
        parser.add_argument("--schema", default="public")

    def handle(self, *args, app_role, owner_role, schema, **options):
        self.stdout.write(grant_sql(app_role=app_role, owner_role=owner_role, schema=schema))
