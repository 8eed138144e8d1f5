"""The least-privilege grants for PostgreSQL (printed by manage.py access_log_grants).

The application role owns nothing; it may read and write ordinary tables but only
SELECT and INSERT on the append-only tables (every AppendOnlyModel, in any app), so
even with the triggers switched off (pgtrigger.ignore sets a session variable that
any role can set) it cannot change or remove a logged row.
"""

from django.apps import apps
from django.db import connection

from .models import AppendOnlyModel


def append_only_tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, AppendOnlyModel) and not model._meta.proxy
    )


def grant_sql(*, app_role: str, owner_role: str, schema: str = "public") -> str:
    """SQL to run as the owner role after every `migrate` (it is idempotent)."""
    q = connection.ops.quote_name
    app, owner, schema = q(app_role), q(owner_role), q(schema)
    logs = ", ".join(f"{schema}.{q(table)}" for table in append_only_tables())
    return "\n".join(
        [
            f"GRANT USAGE ON SCHEMA {schema} TO {app};",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app};",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app};",
            f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {logs} FROM {app};",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema}"
            f" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app};",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema}"
            f" GRANT USAGE, SELECT ON SEQUENCES TO {app};",
        ]
    )
