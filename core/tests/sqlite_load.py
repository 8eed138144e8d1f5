"""Coaches saving at the same time on the embedded SQLite database, through the real
server: used by test_sqlite_concurrency.py (a few seconds) and bench/sqlite_coaches.py
(a minute).

A SQLite file is migrated; gunicorn (two processes with threads, as a small installation
runs it) serves it; each coach, signed in with a session of their own, edits their own
participant's activity over and over: the edit page (a read), then the form posted with
the version it showed (a read, then a write). They start together (a barrier).
"""

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SETUP = """
from django.test import Client
from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from participants.tests.factories import make_participant
from activities.tests.factories import make_activity

unit = UnitFactory()
for n in range(%d):
    coach = make_user(Role.COACH, unit)
    participant = make_participant(coach=coach)
    activity = make_activity(coach=coach, participant=participant)
    client = Client()
    client.force_login(coach)
    print("SESSION", participant.pk, activity.pk, client.cookies["sessionid"].value)
"""


@dataclass
class LoadResult:
    coaches: int
    seconds: float
    # Per save: the coach, the answer's status (or the exception) and the POST's time.
    saves: list[tuple[int, int | str, float]] = field(default_factory=list)
    versions: dict[int, int] = field(default_factory=dict)  # activity id: version
    activity_ids: list[int] = field(default_factory=list)
    journal_mode: str = ""
    server_log: str = ""

    @property
    def errors(self) -> list[tuple[int, int | str, float]]:
        return [save for save in self.saves if save[1] != 302]

    def successes(self, coach: int) -> int:
        return sum(1 for who, status, _ in self.saves if who == coach and status == 302)

    def percentile(self, p: float) -> float:
        times = sorted(elapsed for _, _, elapsed in self.saves)
        return times[min(len(times) - 1, int(p / 100 * len(times)))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped: {server.stderr.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own server on loopback)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not start")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sqlite_coaches_run(directory: Path, *, coaches: int, seconds: float) -> LoadResult:
    """`coaches` coaches save together: the first save of each at the same moment, then
    again and again until `seconds` have passed (with 0, once)."""
    database = directory / "stegvis.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "PYTHONPATH": str(ROOT),
    }
    python = sys.executable
    subprocess.run(  # noqa: S603
        [python, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    setup = subprocess.run(  # noqa: S603
        [python, "manage.py", "shell", "-c", SETUP % coaches],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    sessions = [
        line.split()[1:] for line in setup.stdout.splitlines() if line.startswith("SESSION")
    ]
    result = LoadResult(coaches=coaches, seconds=seconds)
    result.activity_ids = [int(activity_id) for _, activity_id, _ in sessions]

    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            python, "-m", "gunicorn", "config.wsgi",
            "--bind", f"127.0.0.1:{port}",
            "--workers", "2", "--threads", "4",
            "--timeout", "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    lock = threading.Lock()
    try:
        _wait_for(f"{base}/logga-in/", server)
        ready = threading.Barrier(coaches)

        def coach_saves(index: int, participant_id: str, activity_id: str, session: str) -> None:
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(jar), _NoRedirect
            )
            opener.addheaders = [("Cookie", f"sessionid={session}")]
            # An edit reads the record before it writes: the case where SQLite's default
            # (deferred) transactions fail at once with "database is locked".
            url = f"{base}/deltagare/{participant_id}/insats/{activity_id}/"
            ready.wait(timeout=60)
            deadline = time.monotonic() + seconds  # from when everyone is ready
            n = 0
            while True:
                started = time.monotonic()
                try:
                    page = opener.open(url, timeout=60).read().decode()
                    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
                    version = re.search(r'name="version" value="(\d+)"', page)[1]
                    csrf_cookie = next(c.value for c in jar if c.name == "csrftoken")
                    opener.addheaders = [
                        ("Cookie", f"sessionid={session}; csrftoken={csrf_cookie}"),
                        ("Referer", url),
                    ]
                    body = urllib.parse.urlencode(
                        {
                            "csrfmiddlewaretoken": token,
                            "start_date": "2026-02-01",
                            "hours_per_week": f"{10 + n % 10}.5",
                            "status": "paused",
                            "version": version,
                        }
                    ).encode()
                    if n == 0:
                        ready.wait(timeout=60)  # the first saves at the same moment
                    started = time.monotonic()
                    status = opener.open(url, data=body, timeout=60).status
                except urllib.error.HTTPError as error:
                    status = error.code
                except Exception as error:
                    status = repr(error)
                with lock:
                    result.saves.append((index, status, time.monotonic() - started))
                n += 1
                if time.monotonic() >= deadline:
                    return

        threads = [
            threading.Thread(target=coach_saves, args=(i, *session))
            for i, session in enumerate(sessions)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 120)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        result.server_log = server.stderr.read().decode()
    with sqlite3.connect(database) as connection:
        result.versions = dict(
            connection.execute("SELECT id, version FROM activities_participantactivity")
        )
        result.journal_mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    return result
