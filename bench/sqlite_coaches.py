"""Ten coaches saving for a minute on the embedded SQLite database (issue 16 §4): the
real server (gunicorn, two processes with four threads) on a SQLite file, each coach
editing their own participant's activity again and again (core/tests/sqlite_load.py).
Prints the saves, the errors and the time of a save (the POST) in one run."""

import sys
import tempfile
from pathlib import Path

from core.tests.sqlite_load import sqlite_coaches_run

COACHES = 10
SECONDS = 60


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="stegvis-sqlite-bench-") as directory:
        result = sqlite_coaches_run(Path(directory), coaches=COACHES, seconds=SECONDS)
    saves = len(result.saves)
    print(f"SQLite, {COACHES} coaches saving for {SECONDS} s: {saves} saves "
          f"({saves / SECONDS:.1f} a second), {len(result.errors)} errors (target 0)")  # fmt: skip
    print(
        "time of a save: "
        + ", ".join(f"p{p} {result.percentile(p) * 1000:.0f} ms" for p in (50, 95, 99))
        + f", max {max(elapsed for _, _, elapsed in result.saves) * 1000:.0f} ms"
    )
    if result.errors:
        print("errors:", result.errors[:10])
        sys.exit(1)


if __name__ == "__main__":
    main()
