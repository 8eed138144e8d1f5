"""The manifest check of core/backup.py without PostgreSQL; the whole backup and restore
run in deploy/tests/test_backup.py (make test-production)."""

import json

import pytest

from core.backup import BackupError, backup_create, manifest_differences, manifest_read

MANIFEST = {
    "tables": {"public.a": 3, "public.b": 0, "public.gone": 1},
    "log_heads": [
        {"log": "access", "organisation_id": 1, "last_id": 9, "hash": "a" * 64},
        {"log": "security", "organisation_id": None, "last_id": 2, "hash": "b" * 64},
    ],
}


def test_a_database_like_the_manifest_has_no_differences():
    assert manifest_differences(MANIFEST, json.loads(json.dumps(MANIFEST))) == []


def test_every_difference_is_named():
    found = {
        "tables": {"public.a": 2, "public.b": 0, "public.extra": 5},
        "log_heads": [
            {"log": "access", "organisation_id": 1, "last_id": 8, "hash": "c" * 64},
            {"log": "access", "organisation_id": 2, "last_id": 1, "hash": "d" * 64},
        ],
    }
    assert manifest_differences(MANIFEST, found) == [
        "table public.a: 3 rows in the backup, 2 restored",
        "table public.extra: restored (5 rows), not in the backup",
        "table public.gone: in the backup (1 rows), not restored",
        f"access log of organisation 1: last hash {'a' * 64} in the backup, {'c' * 64} restored",
        f"access log of organisation 2: last hash none in the backup, {'d' * 64} restored",
        f"security log of organisation None: last hash {'b' * 64} in the backup, none restored",
    ]


def test_a_manifest_that_cannot_be_read_is_refused(tmp_path):
    with pytest.raises(BackupError, match="No manifest"):
        manifest_read(tmp_path / "x.manifest.json")
    (tmp_path / "x.manifest.json").write_text("{")
    with pytest.raises(BackupError, match="not valid JSON"):
        manifest_read(tmp_path / "x.manifest.json")
    (tmp_path / "x.manifest.json").write_text(json.dumps({"format": 1, "dump": "x.dump"}))
    with pytest.raises(BackupError, match="is missing"):
        manifest_read(tmp_path / "x.dump")  # either file of a backup names it


@pytest.mark.django_db
def test_backups_are_of_postgresql(tmp_path):
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL the backup runs; see deploy/tests/test_backup.py")
    with pytest.raises(BackupError, match="PostgreSQL"):
        backup_create(directory=tmp_path)
