"""Issue 16 §4, load: the Locust scenario of bench/locustfile.py against the production
stack of deploy/tests/stack.py (nginx with TLS, two web nodes of gunicorn with
config.settings.production and two workers each, PgBouncer in front of PostgreSQL, a
streaming replica for the figures, the database cache) on a generated county.

Run by `make bench` under scripts/with-postgres. Steps the simulated users (short runs),
then one longer run at 50 users, and writes the figures into their own section of
docs/benchmarks.md (between the LOAD markers, replaced on every run)."""

import csv
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

from deploy.tests import stack as production

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
RAW = ROOT / "var" / "bench-load.json"  # the last run's figures, kept to render again
LOGS = ROOT / "var" / "bench-load-logs"  # the last run's server logs
PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "50000"))  # the county
STEPS = [int(x) for x in os.environ.get("BENCH_STEPS", "10,25,50,100,150").split(",")]
STEP_SECONDS = int(os.environ.get("BENCH_STEP_SECONDS", "30"))
MAIN_USERS = int(os.environ.get("BENCH_USERS", "50"))
# The run against the targets is the longest: at work's pace 50 users make about ten
# requests a second, and a p95 of one kind (a blank card: one coach's request in ten)
# needs more than a minute's handful of them.
MAIN_SECONDS = int(os.environ.get("BENCH_SECONDS", "180"))
STRESS_SECONDS = int(os.environ.get("BENCH_STRESS_SECONDS", "60"))
# Seconds after the last user has started before the statistics start over: every
# coach and manager has signed in by then (bench/locustfile.py's SETTLE).
SETTLE_SECONDS = int(os.environ.get("BENCH_SETTLE", "20"))
# The users' pace (bench/locustfile.py's THINK): "work" for the targets and the steps,
# then one run at "short" (1-3 s) with the main run's users, as a stress test.
THINK_TEXT = {
    "work": "coaches 5–15 s between requests, participants 4–10 s per question screen, "
    "managers 15–45 s",
    "short": "1–3 s between requests for everyone",
}
# Coaches 5 : participants 4 : managers 1 (the weights of bench/locustfile.py).
COACH_SHARE, MANAGER_SHARE = 0.5, 0.1
START = "<!-- LOAD:START (written by bench/load.py) -->"
END = "<!-- LOAD:END -->"
TARGETS = {
    "coach: participant page": ("p95", 300),
    "manager: figures page": ("p95", 1000),
    "coach: blank card PDF": ("p95", 100),
}


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def spawn_rate(users: int) -> int:
    """Users started a second: gently, so that the sign-ins (a password hash each) do
    not all come at once, as they do not on a real morning."""
    return max(2, users // 15)


def run_locust(stack, facts: dict, users: int, seconds: int, label: str,
               think: str = "work") -> dict:  # fmt: skip
    """`seconds` measured from SETTLE_SECONDS after the last user has started (when
    everyone has signed in): the statistics are reset then."""
    run = stack.tmp / f"locust-{label}"
    run.mkdir()
    (run / "facts.json").write_text(json.dumps(facts))
    before = load_average()
    # Started, then settled: the statistics cover the last `seconds` of the run.
    ramp = -(-users // spawn_rate(users)) + SETTLE_SECONDS
    subprocess.run(  # noqa: S603 - our own command
        [
            str(production.VENV_BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"),
            "--headless", "-u", str(users), "-r", str(spawn_rate(users)), "--reset-stats",
            "-t", f"{seconds + ramp}s", "--host", stack.base, "--csv", str(run / "stats"),
            "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5",
        ],
        cwd=ROOT,
        env={**os.environ, "BENCH_FACTS": str(run / "facts.json"),
             "BENCH_CERTIFICATE": str(stack.certificate),
             "BENCH_PASSWORD": facts["password"], "BENCH_THINK": think,
             "BENCH_SETTLE": str(SETTLE_SECONDS)},
        check=False, timeout=seconds + ramp + 120,
    )  # fmt: skip
    rows = {}
    with (run / "stats_stats.csv").open() as f:
        for row in csv.DictReader(f):
            rows[row["Name"]] = row
    failures = []
    with (run / "stats_failures.csv").open() as f:
        failures = list(csv.DictReader(f))
    return {"users": users, "seconds": seconds, "rows": rows, "failures": failures,
            "load_before": before, "load_after": load_average(), "think": think}  # fmt: skip


def slice_facts(facts: dict, users: int, used: dict) -> dict:
    """Accounts and invitations not used by an earlier run (a code is used once)."""
    coaches = int(users * COACH_SHARE) + 2
    managers = int(users * MANAGER_SHARE) + 2
    part = {
        "password": facts["password"],
        "card_version": facts["card_version"],
        "coaches": facts["coaches"][used["coaches"] : used["coaches"] + coaches],
        "managers": facts["managers"][used["managers"] : used["managers"] + managers],
        "tokens": facts["tokens"][used["tokens"] : used["tokens"] + users * 3],
    }
    used["coaches"] = (used["coaches"] + coaches) % len(facts["coaches"])
    used["managers"] = (used["managers"] + managers) % len(facts["managers"])
    used["tokens"] += users * 3
    return part


def ms(row: dict, column: str) -> str:
    value = row.get(column, "")
    return "–" if value in ("", "N/A") else f"{float(value):.0f}"


def _request_table(result: dict) -> list[str]:
    rows = result["rows"]
    names = sorted(name for name in rows if name != "Aggregated")
    lines = [
        "| request | count | failures | requests/s | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in [*names, None]:
        row = rows["Aggregated"] if name is None else rows[name]
        label = "**all**" if name is None else name
        lines.append(
            f"| {label} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {ms(row, '50%')} | {ms(row, '95%')} | "
            f"{ms(row, '99%')} |"
        )
    lines += ["", f"Errors: {int(rows['Aggregated']['Failure Count'])}."]
    missing = {"participant: review", "participant: submit"} - set(names)
    if missing:
        lines += ["", "No participant reached " + " or ".join(sorted(missing)) + " within the "
                  "run: the screens came too slowly to finish a card."]  # fmt: skip
    if result["failures"]:
        lines += ["", "| request | error | count |", "|---|---|---|"]
        for f in result["failures"]:
            lines.append(f"| {f['Name']} | {f['Error'][:120]} | {f['Occurrences']} |")
    return lines


def _targets(result: dict) -> list[str]:
    rows = result["rows"]
    errors = int(rows["Aggregated"]["Failure Count"])
    lines = [
        "| target | measured | |",
        "|---|---|---|",
        f"| 0 errors | {errors} | {'met' if errors == 0 else 'not met'} |",
    ]
    for name, (column, limit) in TARGETS.items():
        row = rows.get(name)
        if row is None:
            lines.append(f"| {name}: {column} < {limit} ms | not requested in the run | |")
            continue
        value = float(row["95%"])
        lines.append(
            f"| {name}: {column} < {limit} ms | {value:.0f} ms | "
            f"{'met' if value < limit else 'not met'} |"
        )
    return lines


def render(result: dict, steps: list[dict], setup: dict, stress: dict | None = None) -> str:
    lines = [
        START,
        "## Load: coaches, participants on links and managers (issue 16 §4)",
        "",
        "`make bench` runs `bench/load.py` under `scripts/with-postgres`: the production stack "
        "of `deploy/tests/stack.py` on 127.0.0.1 (Debian's nginx with TLS and "
        "`deploy/nginx/stegvis.conf`, two web nodes of gunicorn with "
        "`config.settings.production` and two workers each, PgBouncer in transaction "
        "pooling in front of PostgreSQL from `scripts/with-postgres` with `fsync` off, a "
        "streaming replica for the figures, the database cache), a county made by "
        f"`generate_county --participants {setup['participants']}` "
        f"({setup['generate_seconds']:.0f} s), and Locust (`bench/locustfile.py`) on the same "
        "machine. Users: coaches 5 : participants on links 4 : managers 1, each signed in "
        "with a password and an authenticator code. Coaches: caseload, a participant's "
        "page, a new BIP assessment (form and save), the plan PDF, the blank BIP card PDF. "
        "Participants: open a link (made for the run), one question per screen, review, "
        "submit. Managers: the figures page and its CSV export.",
        "",
        f"The users' pace: {THINK_TEXT['work']} (`BENCH_THINK=work`, the figures against "
        "the targets and the steps), and one stress run with "
        f"{THINK_TEXT['short']} (`BENCH_THINK=short`). Users start a few a second (a "
        f"password hash each); the statistics are reset {SETTLE_SECONDS} s after the last "
        "one has started, when every coach and manager has signed in and made a first "
        "request, so each table is the working time after that, without the sign-ins "
        "(participants keep opening new links during it).",
        "",
        f"Measured {setup['date']} in one run on this machine: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {setup['postgres']}. Locust itself ran on the "
        "same cores; load average (1, 5, 15 min) "
        f"{result['load_before']} before the {result['users']}-user run and "
        f"{result['load_after']} after it. "
        + (
            f"The county is a moderate one ({setup['participants']} participants, not the "
            "issue's 50 000, the default), set with `BENCH_PARTICIPANTS`."
            if setup["participants"] < 50000
            else ""
        )
        + " Before the measured runs, an unreported warm-up of 5 users for 20 s lets each "
        "gunicorn worker load its code and make the blank card once.",
        "",
        f"### {result['users']} simulated users for {result['seconds']} s, at work's pace",
        "",
        *_request_table(result),
        "",
        f"### Against the targets (issue 16 §4, at {result['users']} users)",
        "",
        *_targets(result),
        "",
        "### Stepping the users",
        "",
        f"Short runs of {STEP_SECONDS} s each at work's pace (a fresh set of accounts and "
        "links per run).",
        "",
        "| users | requests/s | p50 ms | p95 ms | p99 ms | participant page p95 | "
        "figures page p95 | blank card p95 | errors | load average after |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    passed = None
    for step in steps:
        agg = step["rows"]["Aggregated"]
        kinds = [
            ms(step["rows"].get(name, {}), "95%")
            for name in ("coach: participant page", "manager: figures page",
                         "coach: blank card PDF")
        ]  # fmt: skip
        lines.append(
            f"| {step['users']} | {float(agg['Requests/s']):.1f} | {ms(agg, '50%')} | "
            f"{ms(agg, '95%')} | {ms(agg, '99%')} | {' | '.join(kinds)} | "
            f"{agg['Failure Count']} | {step['load_after'].split()[0]} |"
        )
        if passed is None and float(agg["95%"]) > 1000:
            passed = step["users"]
    for step in steps:
        for f in step["failures"]:
            lines.append(
                f"\nAt {step['users']} users, {f['Occurrences']} × {f['Name']}: {f['Error'][:160]}"
            )
    lines += [
        "",
        (
            f"p95 of all requests passes one second at **{passed} simulated users**."
            if passed
            else f"p95 of all requests stayed under one second up to {steps[-1]['users']} "
            "simulated users (the largest step)."
        ),
    ]
    if stress:
        lines += [
            "",
            f"### Stress: {stress['users']} users for {stress['seconds']} s at "
            f"{THINK_TEXT['short']}",
            "",
            *_request_table(stress),
            "",
            *_targets(stress),
        ]
    runs = [*steps, result, *([stress] if stress else [])]
    most = max(float(run["rows"]["Aggregated"]["Requests/s"]) for run in runs)
    lines += [
        "",
        f"The most requests a second in any run: {most:.1f}. Past that the requests queue "
        "in front of gunicorn's workers and every kind of request waits alike.",
        END,
        "",
    ]
    return "\n".join(lines)


def write_doc(section: str) -> None:
    text = DOC.read_text()
    if START in text:
        text = re.sub(re.escape(START) + r".*?" + re.escape(END) + r"\n", section, text,
                      flags=re.S)  # fmt: skip
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text)


def main() -> None:
    stack = production.start()
    try:
        began = time.monotonic()
        subprocess.run(  # noqa: S603 - our own command
            [str(production.VENV_BIN / "python"), "manage.py", "generate_county",
             "--participants", str(PARTICIPANTS)],
            cwd=ROOT, env=stack.env, check=True, capture_output=True, timeout=3600,
        )  # fmt: skip
        generated = time.monotonic() - began
        stack.manage("shell", "-c", "from django.db import connection; "
                     "connection.cursor().execute('ANALYZE')")  # fmt: skip
        password = f"Bench-{secrets.token_hex(8)}-Lingon"
        users_total = sum(STEPS) + 2 * MAIN_USERS + 5
        facts = json.loads(
            stack.manage(
                "shell", "-v0", "-c", (ROOT / "bench" / "load_setup.py").read_text(),
                env={"BENCH_PASSWORD": password,
                     "BENCH_COACHES": str(int(users_total * COACH_SHARE) + 20),
                     "BENCH_MANAGERS": str(int(users_total * MANAGER_SHARE) + 20),
                     "BENCH_INVITATIONS": str(users_total * 3)},
            ).stdout.strip().splitlines()[-1]
        )  # fmt: skip
        facts["password"] = password
        used = {"coaches": 0, "managers": 0, "tokens": 0}
        postgres = stack.manage(
            "shell", "-c", "from django.db import connection; "
            "print('PostgreSQL', connection.cursor().connection.info.server_version)",
        ).stdout.strip()  # fmt: skip
        version = int(postgres.split()[-1])
        setup = {
            "participants": PARTICIPANTS,
            "generate_seconds": generated,
            "date": datetime.date.today().isoformat(),
            "postgres": f"PostgreSQL {version // 10000}.{version % 10000}",
        }
        run_locust(stack, slice_facts(facts, 5, used), 5, 20, "warm-up")
        steps = []
        for users in STEPS:
            steps.append(run_locust(stack, slice_facts(facts, users, used), users,
                                    STEP_SECONDS, f"step-{users}"))  # fmt: skip
            print(f"{users} users: p95 {steps[-1]['rows']['Aggregated']['95%']} ms", flush=True)
        result = run_locust(stack, slice_facts(facts, MAIN_USERS, used), MAIN_USERS,
                            MAIN_SECONDS, "main")  # fmt: skip
        stress = run_locust(stack, slice_facts(facts, MAIN_USERS, used), MAIN_USERS,
                            STRESS_SECONDS, "stress", think="short")  # fmt: skip
        RAW.parent.mkdir(exist_ok=True)
        RAW.write_text(
            json.dumps({"result": result, "steps": steps, "setup": setup, "stress": stress})
        )
    finally:
        # The servers' logs of the run, kept for a look at any error in the tables. A
        # failed copy is reported, not raised: it must not hide the run's own error.
        shutil.rmtree(LOGS, ignore_errors=True)
        try:
            shutil.copytree(stack.logs, LOGS, ignore_dangling_symlinks=True)
        except OSError as error:
            print(f"The servers' logs were not kept in {LOGS}: {error}", file=sys.stderr)
        production.remove(stack)
    write_from_raw()


def write_from_raw() -> None:
    raw = json.loads(RAW.read_text())
    section = render(raw["result"], raw["steps"], raw["setup"], raw.get("stress"))
    write_doc(section)
    print(section)


if __name__ == "__main__":
    # --render: write the section again from the last run's figures (var/bench-load.json).
    write_from_raw() if sys.argv[1:] == ["--render"] else main()
