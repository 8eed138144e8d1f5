"""The embedded SQLite database serves a small unit: several people saving at once get
no "database is locked" error (WAL, a busy timeout and immediate transactions).

The test suite's own database is SQLite in memory, which cannot show this; so the test
migrates a SQLite file, starts the real server (gunicorn, two processes with threads,
as a small installation would run it) against it, and posts one form from several
signed-in sessions at the same moment.
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
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 8

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server stopped: {server.stderr.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own server on loopback)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail("the server did not start")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_several_people_saving_at_once_get_no_error(tmp_path):
    database = tmp_path / "stegvis.sqlite3"
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
        [python, "manage.py", "shell", "-c", SETUP % PEOPLE],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    sessions = [
        line.split()[1:] for line in setup.stdout.splitlines() if line.startswith("SESSION")
    ]
    assert len(sessions) == PEOPLE

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
    try:
        _wait_for(f"{base}/logga-in/", server)
        ready = threading.Barrier(PEOPLE)
        statuses: dict[int, int | str] = {}

        def save(index: int, participant_id: str, activity_id: str, session_key: str) -> None:
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(jar), _NoRedirect
            )
            opener.addheaders = [("Cookie", f"sessionid={session_key}")]
            # An edit reads the record before it writes: the case where SQLite's default
            # (deferred) transactions fail at once with "database is locked".
            url = f"{base}/deltagare/{participant_id}/insats/{activity_id}/"
            try:
                page = opener.open(url, timeout=60).read().decode()
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
                csrf_cookie = next(c.value for c in jar if c.name == "csrftoken")
                opener.addheaders = [
                    ("Cookie", f"sessionid={session_key}; csrftoken={csrf_cookie}"),
                    ("Referer", url),
                ]
                body = urllib.parse.urlencode(
                    {
                        "csrfmiddlewaretoken": token,
                        "start_date": "2026-02-01",
                        "hours_per_week": "12.5",
                        "status": "paused",
                        "version": "1",
                    }
                ).encode()
                ready.wait(timeout=60)
                statuses[index] = opener.open(url, data=body, timeout=60).status
            except urllib.error.HTTPError as error:
                statuses[index] = error.code
            except Exception as error:
                statuses[index] = repr(error)

        threads = [
            threading.Thread(target=save, args=(i, *session)) for i, session in enumerate(sessions)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        errors = server.stderr.read().decode()
    assert statuses == dict.fromkeys(range(PEOPLE), 302), errors[-3000:]
    with sqlite3.connect(database) as connection:
        saved = connection.execute(
            "SELECT count(*) FROM activities_participantactivity "
            "WHERE status = 'paused' AND hours_per_week = 12.5 AND version = 2"
        ).fetchone()[0]
        journal = connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert saved == PEOPLE
    assert journal == "wal"
