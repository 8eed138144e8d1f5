"""Issue 16 §3: backups that restore, and recovery to a moment (docs/operations/backup.md).

`make test-production` runs this under scripts/with-postgres. The demo is loaded into a
database of that cluster, backed up with scripts/backup and restored with
scripts/restore into a new database: every table's count, the access log chains and
the demo manager's figures (after figures_rebuild) must be the same. For point-in-time
recovery a cluster of its own archives its WAL as deploy/postgresql/ says; a base
backup is taken, two assessments are saved, and a copy recovered to the moment between
them holds the first and not the second.
"""

import getpass
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from .backup_tools import FIGURES_PAGES

pytestmark = pytest.mark.production

ROOT = Path(__file__).resolve().parents[2]
AS_ROOT = os.geteuid() == 0
# PostgreSQL refuses to run as root: clusters belong to the postgres user (as in
# scripts/with-postgres).
OWNER = "postgres" if AS_ROOT else getpass.getuser()
AS_OWNER = ["runuser", "-u", "postgres", "--"] if AS_ROOT else []
SUMMARY_TABLES = [
    "figures_indicatorlevel",
    "figures_assessmentstep",
    "figures_indicatorchange",
    "figures_activityspan",
]


def _url(database: str, base: str | None = None) -> str:
    parts = urlsplit(base or os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{database}"))


def _connect(url: str) -> psycopg.Connection:
    return psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True)


def _create_database(name: str) -> str:
    with _connect(os.environ["DATABASE_URL"]) as db:
        db.execute(f"DROP DATABASE IF EXISTS {name}")
        db.execute(f"CREATE DATABASE {name}")
    return _url(name)


def _environment(database_url: str, settings: str = "config.settings.test") -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DEBUG"
    }
    return {**env, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": settings}


def _run(command: list, database_url: str, *, settings="config.settings.test", check=True):
    result = subprocess.run(
        [str(c) for c in command],
        cwd=ROOT,
        env=_environment(database_url, settings),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"{command}:\n{result.stdout}\n{result.stderr}")
    return result


def _manage(database_url: str, *args, settings="config.settings.test"):
    return _run([sys.executable, "manage.py", *args], database_url, settings=settings)


def _counts(url: str) -> dict[str, int]:
    """Every table's row count, read here without the application's code."""
    with _connect(url) as db:
        tables = db.execute(
            "SELECT schemaname, tablename FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
        ).fetchall()
        counts = {}
        for schema, table in tables:
            sql = f'SELECT count(*) FROM "{schema}"."{table}"'  # noqa: S608
            counts[f"{schema}.{table}"] = db.execute(sql).fetchone()[0]
        return counts


def _summaries(url: str) -> dict[str, list[tuple]]:
    """The figures' summary tables, row for row without their ids, in a fixed order."""
    with _connect(url) as db:
        result = {}
        for table in SUMMARY_TABLES:
            columns = [
                row[0]
                for row in db.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = %s AND column_name <> 'id' ORDER BY column_name",
                    [table],
                )
            ]
            listed = ", ".join(columns)
            result[table] = db.execute(f"SELECT {listed} FROM {table} ORDER BY {listed}").fetchall()  # noqa: S608
        return result


def _figures_pages(url: str) -> dict[str, list[str]]:
    return json.loads(
        _run([sys.executable, "-m", "deploy.tests.backup_tools", "figures"], url).stdout
    )


@pytest.fixture(scope="module")
def demo_backup():
    """The demo in a database of its own, with a backup made by scripts/backup."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.fail("run under scripts/with-postgres (make test-production)")
    source = _create_database("stegvis_backup_source")
    _manage(source, "migrate", "--no-input", "-v0")
    # demo_data refuses to run without DEBUG (its known password): the local settings.
    _manage(source, "demo_data", settings="config.settings.local")
    _manage(source, "figures_rebuild")
    directory = Path(tempfile.mkdtemp(prefix="stegvis-backup-"))
    try:
        manifest = Path(_run([ROOT / "scripts" / "backup", directory], source).stdout.strip())
        yield source, manifest
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def test_the_demo_restores_with_every_row_and_the_same_figures(demo_backup):
    source, manifest_path = demo_backup
    manifest = json.loads(manifest_path.read_text())
    assert manifest_path.with_name(manifest["dump"]).stat().st_size == manifest["dump_bytes"]
    source_counts = _counts(source)
    # Taken from the same data: the manifest agrees with a count made here.
    assert manifest["tables"] == source_counts
    assert source_counts["public.assessments_assessment"] > 0
    assert source_counts["public.audit_accessevent"] > 0
    assert "access" in {head["log"] for head in manifest["log_heads"]}

    restored = _create_database("stegvis_backup_restored")
    started = time.monotonic()
    result = _run([ROOT / "scripts" / "restore", manifest_path], restored)
    seconds = time.monotonic() - started
    print(f"\nscripts/restore of the demo: {seconds:.1f} s. {result.stdout.strip()}")
    assert result.stdout.startswith("OK: ")

    assert _counts(restored) == source_counts
    assert "OK:" in _manage(restored, "verify_access_log").stdout

    # The derived tables rebuilt from the restored assessments and activities equal the
    # backed-up ones, and so does every page of the manager's figures.
    _manage(restored, "figures_rebuild")
    source_summaries, restored_summaries = _summaries(source), _summaries(restored)
    assert all(source_summaries.values())
    assert restored_summaries == source_summaries
    source_pages, restored_pages = _figures_pages(source), _figures_pages(restored)
    assert len(source_pages) == len(FIGURES_PAGES)
    for page, pieces in source_pages.items():
        # A page of figures, not an empty or refused one.
        assert sum(piece.isdigit() for piece in pieces) >= 5, page
        assert restored_pages[page] == pieces, page


def test_a_backup_that_does_not_match_is_refused_loudly(demo_backup, tmp_path):
    _, manifest_path = demo_backup
    manifest = json.loads(manifest_path.read_text())
    dump = manifest_path.with_name(manifest["dump"])
    shutil.copy(dump, tmp_path / dump.name)

    # A manifest that says one more assessment and another access-log head than the
    # dump holds: the restore runs, counts and names both differences.
    wrong = json.loads(json.dumps(manifest))
    wrong["tables"]["public.assessments_assessment"] += 1
    wrong["log_heads"][0]["hash"] = "f" * 64
    (tmp_path / "wrong.manifest.json").write_text(json.dumps(wrong))
    target = _create_database("stegvis_backup_wrong")
    restore = ROOT / "scripts" / "restore"
    result = _run([restore, tmp_path / "wrong.manifest.json"], target, check=False)
    assert result.returncode == 1
    assert "DOES NOT MATCH THE BACKUP'S MANIFEST (2 differences)" in result.stderr
    count = manifest["tables"]["public.assessments_assessment"]
    assert f"public.assessments_assessment: {count + 1} rows in the backup, {count} restored" in (
        result.stderr
    )
    assert f"last hash {'f' * 64} in the backup" in result.stderr

    # Into a database that is not empty: refused before anything is written.
    result = _run([restore, manifest_path], target, check=False)
    assert result.returncode == 1
    assert "is not empty" in result.stderr

    # A damaged dump: refused before anything is restored.
    with (tmp_path / dump.name).open("ab") as f:
        f.write(b"\0")
    (tmp_path / "damaged.manifest.json").write_text(json.dumps(manifest))
    empty = _create_database("stegvis_backup_damaged")
    result = _run([restore, tmp_path / "damaged.manifest.json"], empty, check=False)
    assert result.returncode == 1
    assert "SHA-256 differs" in result.stderr
    assert _counts(empty) == {}


class Cluster:
    """A PostgreSQL cluster in `data`, on a unix socket in `socket` only."""

    def __init__(self, tmp: Path, name: str):
        self.data, self.socket, self.log = tmp / name, tmp / f"{name}-socket", tmp / f"{name}.log"

    def run(self, *command, **kwargs) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [*AS_OWNER, *map(str, command)], capture_output=True, text=True, timeout=120, **kwargs
        )
        if result.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise AssertionError(f"{command}:\n{result.stdout}\n{result.stderr}\n{log[-3000:]}")
        return result

    def configure(self, text: str) -> None:
        # Settings given last win: postgresql.auto.conf is read after postgresql.conf.
        with (self.data / "postgresql.auto.conf").open("a") as f:
            f.write(text)

    def start(self) -> None:
        self.run("mkdir", "-p", self.socket)
        self.configure(f"listen_addresses = ''\nunix_socket_directories = '{self.socket}'\n")
        self.run("pg_ctl", "-D", self.data, "-l", self.log, "-w", "start")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                [*AS_OWNER, "pg_ctl", "-D", str(self.data), "-m", "immediate", "stop"],
                capture_output=True,
            )

    def url(self, database: str = "postgres") -> str:
        return f"postgres://{OWNER}@/{database}?host={self.socket}"

    def query(self, sql: str, params=(), database: str = "stegvis"):
        with _connect(self.url(database)) as db:
            return db.execute(sql, params).fetchall()


def _wait(condition, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not within {seconds} s:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)


def test_point_in_time_recovery_finds_the_first_assessment_and_not_the_second(demo_backup):
    _, manifest_path = demo_backup
    tmp = Path(tempfile.mkdtemp(prefix="stegvis-pitr-"))
    tmp.chmod(0o755)
    if AS_ROOT:
        shutil.chown(tmp, OWNER)
    primary, recovered = Cluster(tmp, "primary"), Cluster(tmp, "recovered")
    archive = tmp / "wal-archive"
    try:
        primary.run("mkdir", "-m", "700", archive)
        primary.run("initdb", "-D", primary.data, "-U", OWNER, "-A", "trust", "-E", "UTF8",
                    "--locale=C.UTF-8")  # fmt: skip
        # The installation's archiving settings, with this test's archive directory.
        archiving = (ROOT / "deploy" / "postgresql" / "stegvis-archiving.conf").read_text()
        assert "/var/backups/stegvis/wal/" in archiving
        primary.configure(archiving.replace("/var/backups/stegvis/wal/", f"{archive}/"))
        primary.start()
        primary.run("createdb", "-h", primary.socket, "stegvis")
        _run([ROOT / "scripts" / "restore", manifest_path], primary.url("stegvis"))

        # The base backup (docs/operations/backup.md), then the day goes on.
        base = tmp / "base"
        primary.run(
            "pg_basebackup", "-h", primary.socket, "-D", base, "--format=tar", "--gzip",
            "--wal-method=stream", "--checkpoint=fast",
        )  # fmt: skip
        assess = [sys.executable, "-m", "deploy.tests.backup_tools", "assess"]
        first = int(_run([*assess, "0"], primary.url("stegvis")).stdout)
        (moment,) = primary.query("SELECT clock_timestamp()")[0]
        second = int(_run([*assess, "1"], primary.url("stegvis")).stdout)
        saved = primary.query(
            "SELECT id FROM assessments_assessment WHERE id IN (%s, %s)", (first, second)
        )
        assert sorted(saved) == sorted([(first,), (second,)])
        # Finish the WAL segment that holds both and wait for it to be archived; then the
        # server is lost.
        ((segment,),) = primary.query("SELECT pg_walfile_name(pg_switch_wal())")

        def archived():
            ((last, failed),) = primary.query(
                "SELECT last_archived_wal, failed_count FROM pg_stat_archiver"
            )
            assert not failed, primary.log.read_text()[-3000:]
            return last is not None and last >= segment

        _wait(archived, 30, f"WAL segment {segment} archived", primary.log)
        primary.stop()

        # Recovery as the documentation says: the base backup unpacked, restore_command from the
        # archive, recovery_target_time, recovery.signal; no archiving of its own.
        started = time.monotonic()
        primary.run("mkdir", "-m", "700", recovered.data)
        primary.run("tar", "-xzf", base / "base.tar.gz", "-C", recovered.data)
        primary.run("tar", "-xzf", base / "pg_wal.tar.gz", "-C", recovered.data / "pg_wal")
        recovered.configure(
            f"archive_mode = off\n"
            f"restore_command = 'cp {archive}/%f %p'\n"
            f"recovery_target_time = '{moment.isoformat()}'\n"
            f"recovery_target_action = 'promote'\n"
        )
        primary.run("touch", recovered.data / "recovery.signal")
        recovered.start()
        _wait(
            lambda: not recovered.query("SELECT pg_is_in_recovery()")[0][0],
            60, "recovery to the target", recovered.log,
        )  # fmt: skip
        print(f"\npoint-in-time recovery of the demo: {time.monotonic() - started:.1f} s")
        found = recovered.query(
            "SELECT id FROM assessments_assessment WHERE id IN (%s, %s)", (first, second)
        )
        assert found == [(first,)]
        assert "recovery stopping before commit" in recovered.log.read_text()
        # The access log holds up to that moment: its chains still verify.
        assert "OK:" in _manage(recovered.url("stegvis"), "verify_access_log").stdout
    finally:
        recovered.stop()
        primary.stop()
        shutil.rmtree(tmp, ignore_errors=True)
