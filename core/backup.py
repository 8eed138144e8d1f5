"""Backups of the PostgreSQL database that can be checked when they are restored.

A backup is two files: a `pg_dump` in custom format and a manifest (JSON) with the
dump's SHA-256, the number of rows in every table and the last hash of every chain of
the access and security logs. The dump and the counts are taken from one snapshot
(`pg_export_snapshot`), so they agree even while people are working. A restore goes
into an empty database in one transaction and then counts again: any difference from
the manifest is an error. See docs/operations/backup.md.
"""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from psycopg import pq
from psycopg.conninfo import make_conninfo

from audit.chain import chain_heads

MANIFEST_FORMAT = 1
MANIFEST_SUFFIX = ".manifest.json"
DUMP_SUFFIX = ".dump"

_USER_TABLES = """
    SELECT n.nspname, c.relname
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_%%'
    ORDER BY 1, 2
"""


class BackupError(Exception):
    """A backup could not be written, or a restore does not match its manifest."""


@dataclass(frozen=True)
class RestoreResult:
    tables: int
    rows: int
    chains: int
    seconds: float


def libpq_target() -> tuple[str, dict[str, str]]:
    """The connection string and environment that point pg_dump and pg_restore at the
    database Django uses (as DATABASE_URL gave it); the password goes in the
    environment, never on a command line."""
    keywords = {item.keyword.decode() for item in pq.Conninfo.get_defaults()}
    params = {
        key: value
        for key, value in connection.get_connection_params().items()
        if key in keywords and value not in (None, "")
    }
    env = dict(os.environ)
    password = params.pop("password", None)
    if password:
        env["PGPASSWORD"] = str(password)
    return make_conninfo(**{key: str(value) for key, value in params.items()}), env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"'{name}' not found: install PostgreSQL's client (postgresql-client).")
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    """Rows in every table of the database, "schema.table": count (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_USER_TABLES)
        tables = cursor.fetchall()
        if not tables:
            return {}
        quote = connection.ops.quote_name
        cursor.execute(
            " UNION ALL ".join(
                # Names from the catalogue, quoted.
                f"SELECT %s, count(*) FROM {quote(schema)}.{quote(name)}"  # noqa: S608
                for schema, name in tables
            ),
            [f"{schema}.{name}" for schema, name in tables],
        )
        return dict(sorted(cursor.fetchall()))


def database_manifest() -> dict:
    """What the database holds now: the counts and the log chains' heads."""
    return {"tables": table_counts(), "log_heads": chain_heads()}


def backup_create(*, directory: Path, name: str | None = None) -> Path:
    """Write NAME.dump and NAME.manifest.json into `directory`; returns the manifest's path.

    The files appear under their names only when complete (written beside, then renamed).
    """
    if connection.vendor != "postgresql":
        raise BackupError("Backups are made of PostgreSQL (DATABASE_URL=postgres://...).")
    pg_dump = _tool("pg_dump")
    directory.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC)
    name = name or "stegvis-" + started.strftime("%Y%m%dT%H%M%SZ")
    dump = directory / f"{name}{DUMP_SUFFIX}"
    manifest_path = directory / f"{name}{MANIFEST_SUFFIX}"
    partial = directory / f".{name}{DUMP_SUFFIX}.partial"
    connection.ensure_connection()
    with transaction.atomic():
        with connection.cursor() as cursor:
            # First statement of the transaction: the snapshot pg_dump shares with us.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_database(), version()")
            snapshot, database, server = cursor.fetchone()
        conninfo, env = libpq_target()
        result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={partial}", conninfo],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed:\n{result.stderr.strip()}")
        contents = database_manifest()
    manifest = {
        "format": MANIFEST_FORMAT,
        "created_at": started.isoformat(),
        "database": database,
        "server": server,
        "dump": dump.name,
        "dump_sha256": _sha256(partial),
        "dump_bytes": partial.stat().st_size,
        **contents,
    }
    partial.rename(dump)
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    manifest_partial = directory / f".{name}{MANIFEST_SUFFIX}.partial"
    manifest_partial.write_text(text)
    manifest_partial.rename(manifest_path)
    return manifest_path


def manifest_read(path: Path) -> tuple[dict, Path]:
    """The manifest and its dump, given either file of a backup; checks the dump's hash."""
    if path.name.endswith(DUMP_SUFFIX):
        path = path.with_name(path.name.removesuffix(DUMP_SUFFIX) + MANIFEST_SUFFIX)
    if not path.is_file():
        raise BackupError(f"No manifest at {path}: a backup is a .dump and its .manifest.json.")
    try:
        manifest = json.loads(path.read_text())
    except ValueError as error:
        raise BackupError(f"The manifest {path} is not valid JSON: {error}") from error
    if manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"The manifest {path} has format {manifest.get('format')!r}, not 1.")
    dump = path.with_name(manifest["dump"])
    if not dump.is_file():
        raise BackupError(f"The dump {dump} named by the manifest is missing.")
    if _sha256(dump) != manifest["dump_sha256"]:
        raise BackupError(
            f"The dump {dump} is not the one the manifest describes (its SHA-256 differs): "
            "the file is damaged or belongs to another backup."
        )
    return manifest, dump


def manifest_differences(expected: dict, found: dict) -> list[str]:
    """Every way the database (`found`) differs from the manifest (`expected`)."""
    problems = []
    tables, restored = expected["tables"], found["tables"]
    for table in sorted(tables.keys() | restored.keys()):
        if table not in restored:
            problems.append(f"table {table}: in the backup ({tables[table]} rows), not restored")
        elif table not in tables:
            problems.append(f"table {table}: restored ({restored[table]} rows), not in the backup")
        elif tables[table] != restored[table]:
            problems.append(
                f"table {table}: {tables[table]} rows in the backup, {restored[table]} restored"
            )

    def heads(manifest):
        return {(h["log"], h["organisation_id"]): h["hash"] for h in manifest["log_heads"]}

    expected_heads, found_heads = heads(expected), heads(found)
    for log, organisation_id in sorted(
        expected_heads.keys() | found_heads.keys(), key=lambda key: (key[0], key[1] or 0)
    ):
        want = expected_heads.get((log, organisation_id))
        got = found_heads.get((log, organisation_id))
        if want != got:
            problems.append(
                f"{log} log of organisation {organisation_id}: last hash {want or 'none'} "
                f"in the backup, {got or 'none'} restored"
            )
    return problems


def backup_restore(*, path: Path) -> RestoreResult:
    """Restore a backup into the (empty) database of the settings, then check it against
    its manifest. Raises BackupError, leaving the database empty when pg_restore fails."""
    if connection.vendor != "postgresql":
        raise BackupError("Backups are restored into PostgreSQL (DATABASE_URL=postgres://...).")
    pg_restore = _tool("pg_restore")
    manifest, dump = manifest_read(path)
    started = time.monotonic()
    existing = table_counts()
    if existing:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty ({len(existing)} "
            "tables): restore into a new, empty database (createdb) and point DATABASE_URL "
            "at it."
        )
    conninfo, env = libpq_target()
    connection.close()  # pg_restore's single transaction must not wait for ours.
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            pg_restore, "--exit-on-error", "--single-transaction", "--no-owner",
            "--no-privileges", f"--dbname={conninfo}", str(dump),
        ],
        env=env,
        capture_output=True,
        text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed, nothing was restored:\n{result.stderr.strip()}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # pg_restore brings no planner statistics.
    found = database_manifest()
    problems = manifest_differences(manifest, found)
    if problems:
        raise BackupError(
            f"THE RESTORED DATABASE DOES NOT MATCH THE BACKUP'S MANIFEST ({len(problems)} "
            "differences):\n" + "\n".join(f"  {problem}" for problem in problems)
        )
    return RestoreResult(
        tables=len(found["tables"]),
        rows=sum(found["tables"].values()),
        chains=len(found["log_heads"]),
        seconds=time.monotonic() - started,
    )
