"""Imports a unit's history at issue 17's scale from XLSX: 50 000 participants with
400 000 assessments (SMAIL and BIP by turns, BIP with its job-search and salary
answers). Makes the file from the downloaded template's columns, then runs the import
as the pages do (upload, preview, confirm) and prints each step's time and the
process's peak memory (resource.getrusage). Target: under 5 minutes and under 1 GB.

`BENCH_IMPORT_PARTICIPANTS` (default 50 000) and `BENCH_IMPORT_PER_PARTICIPANT`
(assessments each, default 8) make it smaller. On SQLite the database is a file in a
temporary folder (an in-memory one would count in the process's memory); under
`scripts/with-postgres` it is the throwaway cluster.
"""

import datetime
import io
import os
import resource
import tempfile
import time

PARTICIPANTS = int(os.environ.get("BENCH_IMPORT_PARTICIPANTS", "50000"))
PER_PARTICIPANT = int(os.environ.get("BENCH_IMPORT_PER_PARTICIPANT", "8"))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def make_file(*, manager, unit, coach) -> bytes:
    """The template's columns, filled: one open or closed period each, assessments 30
    days apart (SMAIL and BIP by turns)."""
    from openpyxl import Workbook

    from assessments.tests.factories import card, scale_codes
    from imports.selectors import card_version_list, import_organisation_id
    from imports.template import template_workbook

    versions = card_version_list(organisation_id=import_organisation_id(manager))
    template = template_workbook(versions=versions)
    headers = {name: [c.value for c in template[name][1]] for name in template.sheetnames}
    codes = {"smail": scale_codes(card("smail")), "bip": scale_codes(card("bip"))}
    out = Workbook(write_only=True)
    sheets = {name: out.create_sheet(name) for name in ("Deltagare", "Perioder", "Skattningar")}
    for name, sheet in sheets.items():
        sheet.append(headers[name])

    def row(name, values: dict):
        sheets[name].append([values.get(h) for h in headers[name]])

    start = datetime.date(2019, 1, 7)
    channels = ["tips", "online_databases", "asked_network"]
    for i in range(PARTICIPANTS):
        key = f"B-{i}"
        row(
            "Deltagare",
            {
                "Importnyckel": key,
                "Förnamn": f"Förnamn{i}",
                "Efternamn": f"Efternamn{i}",
                "Födelseår": 1960 + i % 45,
                "Kön": ("woman", "man", "other")[i % 3],
                "Enhet": unit.name,
                "Handledare": coach.username,
            },
        )
        started = start + datetime.timedelta(days=i % 1200)
        closed = started + datetime.timedelta(days=30 * PER_PARTICIPANT + 10) if i % 2 else None
        row(
            "Perioder",
            {
                "Importnyckel": key,
                "Inskriven": started,
                "Aktualiserad från": "employment_service",
                "Avslutad": closed,
                "Utfall": "work_unsubsidised" if closed else None,
            },
        )
        for k in range(PER_PARTICIPANT):
            kind = ("smail", "bip")[k % 2]
            values = {
                "Importnyckel": key,
                "Kort": kind,
                "Datum": started + datetime.timedelta(days=7 + 30 * k),
                "Handledarens tilltro": 1 + (i + k) % 5,
                **{code: 1 + (i + k + n) % 5 for n, code in enumerate(codes[kind])},
            }
            if kind == "bip":
                values["Jobbsökning"] = ", ".join(channels[: 1 + (i + k) % 3])
                values["Lön"] = 22000 + 100 * (i % 50) if i % 7 else "salary_irrelevant"
            row("Skattningar", values)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def main() -> None:
    from django.conf import settings
    from django.db import connection

    from accounts.models import Role
    from accounts.tests.factories import UnitFactory, make_user
    from assessments.models import Answer, Assessment
    from audit.models import AccessEvent
    from figures.models import AssessmentStep
    from imports import services
    from participants.models import Participant

    unit = UnitFactory.create()
    manager = make_user(Role.MANAGER, unit)
    coach = make_user(Role.COACH, unit)
    began = time.perf_counter()
    # BENCH_IMPORT_FILE: keep the generated file there and use it again on the next run
    # (the unit's and the coach's names come out the same in a fresh database).
    keep = os.environ.get("BENCH_IMPORT_FILE")
    if keep and os.path.exists(keep):
        with open(keep, "rb") as kept:
            data = kept.read()
    else:
        data = make_file(manager=manager, unit=unit, coach=coach)
        if keep:
            with open(keep, "wb") as kept:
                kept.write(data)
    made = time.perf_counter() - began
    print(
        f"import at scale on {connection.vendor}: {PARTICIPANTS} participants, "
        f"{PARTICIPANTS * PER_PARTICIPANT} assessments; XLSX {len(data) / 1e6:.1f} MB "
        f"made in {made:.0f} s (not counted); peak memory after making it {peak_mb():.0f} MB"
    )
    # At this scale the file is larger than the default upload limit (IMPORT_MAX_BYTES,
    # 20 MB): raised here, as an installation importing such a file would.
    settings.IMPORT_MAX_BYTES = max(settings.IMPORT_MAX_BYTES, 64 * 1024 * 1024)
    times = {}
    began = time.perf_counter()
    batch = services.import_upload(actor=manager, file_name="historik.xlsx", data=data)
    times["upload (check, read, keep the rows)"] = time.perf_counter() - began
    del data
    began = time.perf_counter()
    preview = services.import_preview(actor=manager, batch=batch)
    times["preview"] = time.perf_counter() - began
    assert not preview.problems, preview.problems[:5]
    began = time.perf_counter()
    result = services.import_confirm(actor=manager, batch=batch)
    times["confirm (write, figures' summary rows)"] = time.perf_counter() - began
    assert not result.problems, result.problems[:5]
    assert result.counts == preview.counts
    assert Participant.objects.count() == PARTICIPANTS
    assert Assessment.objects.count() == PARTICIPANTS * PER_PARTICIPANT
    for step, seconds in times.items():
        print(f"  {step}: {seconds:.1f} s")
    total = sum(times.values())
    print(
        f"  total {total:.0f} s (target < 300 s); peak memory (RSS) {peak_mb():.0f} MB "
        f"(target < 1024 MB)"
    )
    print(
        f"  written: {Answer.objects.count()} answers, {AccessEvent.objects.count()} access "
        f"log rows, {AssessmentStep.objects.count()} assessment steps in the summary tables"
    )


if __name__ == "__main__":
    import django
    from django.conf import settings
    from django.test.utils import get_runner, setup_test_environment

    django.setup()
    setup_test_environment()
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        folder = tempfile.mkdtemp(prefix="stegvis-bench-import-")
        database["TEST"]["NAME"] = os.path.join(folder, "bench.sqlite3")
    runner = get_runner(settings)(verbosity=0)
    old = runner.setup_databases()
    try:
        main()
    finally:
        runner.teardown_databases(old)
