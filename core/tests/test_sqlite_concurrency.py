"""The embedded SQLite database serves a small unit: coaches saving at once get no
"database is locked" error (WAL, a busy timeout and immediate transactions).

The test suite's own database is SQLite in memory, which cannot show this; so
sqlite_load.py migrates a SQLite file, starts the real server (gunicorn, two processes
with threads, as a small installation would run it) against it, and has ten signed-in
coaches post the same form: first all at the same moment, then again and again for a
few seconds (`make bench` runs the same for a minute: bench/sqlite_coaches.py).
"""

from .sqlite_load import sqlite_coaches_run

COACHES = 10


def test_ten_coaches_saving_at_once_and_on_get_no_error(tmp_path):
    result = sqlite_coaches_run(tmp_path, coaches=COACHES, seconds=4)
    assert not result.errors, (result.errors[:5], result.server_log[-3000:])
    first_round = {who: status for who, status, _ in reversed(result.saves)}
    assert first_round == dict.fromkeys(range(COACHES), 302)
    assert len(result.saves) >= 2 * COACHES
    # Every save was written: each activity's version counts its coach's saves.
    for index, activity_id in enumerate(result.activity_ids):
        assert result.versions[activity_id] == 1 + result.successes(index)
    assert result.journal_mode == "wal"
