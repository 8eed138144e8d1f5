"""The import of a unit's history: the template round trip, the preview, idempotence,
scoping to the organisation, the access log, the figures and the refused files."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from activities.models import ParticipantActivity
from assessments.models import Assessment
from assessments.tests.factories import card, scale_codes
from audit.models import AccessEvent
from audit.verify import log_chains_verify
from figures import selectors as figure_selectors
from figures.models import ActivitySpan, AssessmentStep, IndicatorLevel
from figures.selectors import Scope
from imports import services
from imports.models import ImportBatch, ImportKey
from participants.models import Participant, Period
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db
D = datetime.date
PIN = "19900101-0017"
PIN_NORMALISED = "199001010017"


def _template(client) -> Workbook:
    response = client.get(reverse("imports:template"))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _fill(workbook, kind_rows: dict) -> bytes:
    """Rows given as {sheet: [{header: value}]} in the template's own columns."""
    for sheet_name, rows in kind_rows.items():
        sheet = workbook[sheet_name]
        headers = [cell.value for cell in sheet[1]]
        for row in rows:
            unknown = set(row) - set(headers)
            assert not unknown, unknown
            sheet.append([row.get(h) for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _history(unit, coach, *, smail_level=2):
    smail = dict.fromkeys(scale_codes(card("smail")), smail_level)
    return {
        "Deltagare": [
            {
                "Personnummer": PIN,
                "Förnamn": "Anna",
                "Efternamn": "Berg",
                "Kön": "woman",
                "Enhet": unit.name,
                "Handledare": coach.username,
            },
            {
                "Importnyckel": "A-2",
                "Förnamn": "Bo",
                "Efternamn": "Ek",
                "Kön": "Man",
                "Födelseår": 1985,
                "Enhet": unit.name,
                "Handledare": coach.username,
            },
        ],
        "Perioder": [
            {
                "Personnummer": PIN,
                "Inskriven": D(2024, 1, 8),
                "Aktualiserad från": "self",
                "Avslutad": D(2024, 9, 30),
                "Utfall": "studies",
            },
            {
                "Importnyckel": "A-2",
                "Inskriven": D(2024, 3, 1),
                "Aktualiserad från": "employment_service",
            },
        ],
        "Skattningar": [
            {"Personnummer": PIN, "Kort": "smail", "Datum": D(2024, 1, 15), **smail},
            {
                "Personnummer": PIN,
                "Kort": "smail",
                "Datum": D(2024, 5, 15),
                **dict.fromkeys(smail, 4),
            },
            {
                "Importnyckel": "A-2",
                "Kort": "smail",
                "Datum": D(2024, 3, 5),
                **dict.fromkeys(smail, "x"),
            },
        ],
        "Insatser": [
            {
                "Personnummer": PIN,
                "Namn": "Studiebesök",
                "Typ": "job_focused",
                "Startdatum": D(2024, 2, 1),
                "Slutdatum": D(2024, 2, 2),
                "Status": "finished",
            },
        ],
    }


def _upload(client, data: bytes, name="historik.xlsx"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("imports:upload"), {"file": upload})


def _batch_from(response) -> ImportBatch:
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportBatch.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_template_has_a_sheet_per_kind_and_explains_the_codes(logged_in_manager):
    workbook = _template(logged_in_manager)
    assert workbook.sheetnames == ["Deltagare", "Perioder", "Skattningar", "Insatser", "Kolumner"]
    headers = [c.value for c in workbook["Skattningar"][1]]
    assert set(scale_codes(card("smail"))) <= set(headers)
    assert set(scale_codes(card("bip"))) <= set(headers)
    explained = list(workbook["Kolumner"].iter_rows(values_only=True))
    codes = {(row[0], row[1]) for row in explained if row and row[0]}
    assert ("Kön", "woman") in codes
    assert ("Utfall", "work_unsubsidised") in codes
    assert ("Aktualiserad från", "social_services") in codes
    assert ("Typ av insats", "health") in codes
    assert ("Status för insats", "cancelled") in codes
    assert ("smail 1", scale_codes(card("smail"))[0]) in codes


def test_template_has_bips_job_search_and_salary_columns_and_codes(logged_in_manager):
    workbook = _template(logged_in_manager)
    headers = [c.value for c in workbook["Skattningar"][1]]
    assert {"Jobbsökning", "Lön"} <= set(headers)
    explained = [row for row in workbook["Kolumner"].iter_rows(values_only=True) if row]
    columns = {(row[0], row[1]): row[2] for row in explained if row[0]}
    assert "kommatecken" in columns[("Skattningar", "Jobbsökning")]
    assert "kronor" in columns[("Skattningar", "Lön")]
    assert columns[("Jobbsökning", "tips")] == "Genom tips i tidningar, på nätet eller annat"
    assert ("Jobbsökning", "not_searching") in columns
    assert columns[("Lön", "salary_irrelevant")] == "Lönens storlek spelar ingen roll"
    assert ("Lön", "decline_or_unknown") in columns
    assert ("bip 1", "Jobbsökning") in columns
    assert ("bip 1", "Lön") in columns
    assert ("smail 1", "Lön") not in columns


def _with_bip(unit, coach, *rows):
    history = _history(unit, coach)
    bip = dict.fromkeys(scale_codes(card("bip")), 3)
    for day, extra in rows:
        history["Skattningar"].append(
            {"Personnummer": PIN, "Kort": "bip", "Datum": day, **bip, **extra}
        )
    return history


def test_bip_job_search_and_salary_are_imported_as_the_form_stores_them(
    logged_in_manager, unit, coach
):
    history = _with_bip(
        unit,
        coach,
        (D(2024, 2, 1), {"Jobbsökning": "Tips; asked_network", "Lön": "25 000"}),
        (D(2024, 6, 1), {"Jobbsökning": "not_searching", "Lön": "salary_irrelevant"}),
        (D(2024, 7, 1), {}),
    )
    data = _fill(_template(logged_in_manager), history)
    batch = _batch_from(_upload(logged_in_manager, data))
    page = logged_in_manager.get(reverse("imports:preview", args=[batch.pk]))
    assert page.context["result"].problems == []
    assert page.context["result"].counts["assessments"]["created"] == 6
    logged_in_manager.post(reverse("imports:preview", args=[batch.pk]))
    stored = Assessment.objects.filter(version=card("bip")).order_by("assessed_on")
    assert [(a.job_search_channels, a.salary_amount, a.salary_alternative) for a in stored] == [
        (["asked_network", "tips"], 25000, ""),
        (["not_searching"], None, "salary_irrelevant"),
        ([], None, ""),
    ]
    assert stored[0].answers.count() == len(scale_codes(card("bip")))


def test_bip_answers_in_error_are_named_by_line_and_column(logged_in_manager, unit, coach):
    history = _with_bip(
        unit,
        coach,
        (D(2024, 2, 1), {"Jobbsökning": "tips, tidningen"}),  # line 5
        (D(2024, 2, 8), {"Jobbsökning": "tips, not_searching"}),  # line 6
        (D(2024, 2, 15), {"Lön": "mycket"}),  # line 7
        (D(2024, 2, 22), {"Lön": 500000}),  # line 8
    )
    history["Skattningar"][0]["Lön"] = 20000  # SMAIL, line 2
    data = _fill(_template(logged_in_manager), history)
    batch = _batch_from(_upload(logged_in_manager, data))
    response = logged_in_manager.post(reverse("imports:preview", args=[batch.pk]))
    assert response.status_code == 422
    problems = {(p.sheet, p.line, p.column): p.message for p in response.context["result"].problems}
    assert problems == {
        ("Skattningar", 2, "Lön"): "Kortet har ingen fråga om lön.",
        ("Skattningar", 5, "Jobbsökning"): "”tidningen” är ingen av kortets koder för jobbsökning.",
        ("Skattningar", 6, "Jobbsökning"): (
            "”Jag söker inte arbete (för jag är sjuk eller av andra orsaker)” kan inte "
            "kombineras med andra alternativ."
        ),
        ("Skattningar", 7, "Lön"): (
            "Skriv lönen i hela kronor per månad, eller en av koderna "
            "decline_or_unknown, salary_irrelevant."
        ),
        ("Skattningar", 8, "Lön"): "Ange en månadslön mellan 1 och 200 000 kronor.",
    }
    html = response.content.decode()
    assert "<td>Lön</td>" in html
    assert "tidningen" in html
    assert not Participant.objects.exists()
    assert not Assessment.objects.exists()


def test_template_round_trip_previews_then_imports(logged_in_manager, unit, coach, manager):
    data = _fill(_template(logged_in_manager), _history(unit, coach))
    batch = _batch_from(_upload(logged_in_manager, data))
    page = logged_in_manager.get(reverse("imports:preview", args=[batch.pk]))
    assert page.status_code == 200
    assert page.context["result"].problems == []
    assert page.context["result"].counts == {
        "participants": {"created": 2, "matched": 0},
        "periods": {"created": 2, "matched": 0},
        "assessments": {"created": 3, "matched": 0},
        "activities": {"created": 1, "matched": 0},
    }
    # The preview wrote nothing.
    assert not Participant.objects.exists()
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.CREATE).exists()

    response = logged_in_manager.post(reverse("imports:preview", args=[batch.pk]))
    assert response.status_code == 302
    anna = Participant.objects.get(personal_identity_number=PIN_NORMALISED)
    bo = ImportKey.objects.get(key="A-2").participant
    assert (bo.first_name, bo.birth_year, bo.gender) == ("Bo", 1985, "man")
    period = anna.periods.get()
    assert (period.started_on, period.closed_on, period.outcome) == (
        D(2024, 1, 8),
        D(2024, 9, 30),
        "studies",
    )
    assert bo.periods.get().is_open
    assert Assessment.objects.filter(participant=anna).count() == 2
    declined = Assessment.objects.get(participant=bo)
    assert all(a.declined for a in declined.answers.all())
    assert ParticipantActivity.objects.get(participant=anna).status == "finished"
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert batch.rows == {}
    assert batch.uploaded_by == manager
    assert batch.counts["assessments"]["created"] == 3
    assert len(batch.sha256) == 64
    # The access log has the services' rows for each participant, by the manager.
    events = AccessEvent.objects.filter(actor=manager)
    assert set(
        events.filter(action=AccessEvent.Action.CREATE, what="deltagare").values_list(
            "participant_id", flat=True
        )
    ) == {anna.pk, bo.pk}
    assert events.filter(participant=anna, action=AccessEvent.Action.CLOSE).count() == 1
    assert events.filter(participant=anna, action=AccessEvent.Action.CREATE).count() == 3
    # The rows written in bulk are links of the organisation's hash chain like any other.
    verified = log_chains_verify(organisation_id=unit.organisation_id)
    assert verified.ok, verified


def test_figures_summary_tables_include_the_imported_history(logged_in_manager, unit, coach):
    data = _fill(_template(logged_in_manager), _history(unit, coach))
    batch = _batch_from(_upload(logged_in_manager, data))
    logged_in_manager.post(reverse("imports:preview", args=[batch.pk]))
    anna = Participant.objects.get(personal_identity_number=PIN_NORMALISED)
    steps = AssessmentStep.objects.filter(participant=anna).order_by("assessed_on")
    assert [s.assessed_on for s in steps] == [D(2024, 1, 15), D(2024, 5, 15)]
    assert steps[1].change_sum == 2 * len(scale_codes(card("smail")))
    assert IndicatorLevel.objects.filter(participant=anna, level=4).exists()
    # The activity's span too: the rebuild covers every summary table.
    assert ActivitySpan.objects.filter(participant=anna, kind_class="job").exists()
    scope = Scope(
        organisation_ids=[unit.organisation_id], date_from=D(2024, 1, 1), date_to=D(2024, 12, 31)
    )
    flow = figure_selectors.flow(scope)
    assert (flow.active, flow.new, flow.closed, flow.outcomes) == (2, 2, 1, {"studies": 1})


def test_second_import_of_the_same_file_adds_nothing(logged_in_manager, unit, coach):
    data = _fill(_template(logged_in_manager), _history(unit, coach))
    first = _batch_from(_upload(logged_in_manager, data))
    logged_in_manager.post(reverse("imports:preview", args=[first.pk]))
    before = (
        Participant.objects.count(),
        Period.objects.count(),
        Assessment.objects.count(),
        ParticipantActivity.objects.count(),
        AccessEvent.objects.count(),
    )
    second = _batch_from(_upload(logged_in_manager, data))
    page = logged_in_manager.get(reverse("imports:preview", args=[second.pk]))
    assert page.context["result"].problems == []
    assert page.context["result"].counts == {
        "participants": {"created": 0, "matched": 2},
        "periods": {"created": 0, "matched": 2},
        "assessments": {"created": 0, "matched": 3},
        "activities": {"created": 0, "matched": 1},
    }
    logged_in_manager.post(reverse("imports:preview", args=[second.pk]))
    after = (
        Participant.objects.count(),
        Period.objects.count(),
        Assessment.objects.count(),
        ParticipantActivity.objects.count(),
        AccessEvent.objects.count(),
    )
    assert after == before


def test_errors_name_sheet_line_and_column_and_nothing_is_written(logged_in_manager, unit, coach):
    history = _history(unit, coach)
    history["Deltagare"][1]["Kön"] = "okänt"
    history["Perioder"][0]["Inskriven"] = "8 jan 2024"
    code = scale_codes(card("smail"))[0]
    history["Skattningar"][2][code] = 7
    history["Insatser"][0]["Status"] = ""
    data = _fill(_template(logged_in_manager), history)
    batch = _batch_from(_upload(logged_in_manager, data))
    response = logged_in_manager.post(reverse("imports:preview", args=[batch.pk]))
    assert response.status_code == 422
    problems = {(p.sheet, p.line, p.column) for p in response.context["result"].problems}
    assert ("Deltagare", 3, "Kön") in problems
    assert ("Perioder", 2, "Inskriven") in problems
    assert ("Insatser", 2, "Status") in problems
    assert ("Skattningar", 4, code) not in problems  # Bo was refused: his rows wait
    messages = [p.message for p in response.context["result"].problems]
    assert "”okänt” är ingen giltig kod." in messages
    assert "Skriv datumet som ÅÅÅÅ-MM-DD." in messages
    assert "Rader med fel" in response.content.decode()
    assert not Participant.objects.exists()
    assert not Assessment.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW


def test_a_service_refusal_is_a_row_problem_and_rolls_back_everything(
    logged_in_manager, unit, coach
):
    history = _history(unit, coach)
    code = scale_codes(card("smail"))[0]
    history["Skattningar"][1][code] = 7  # the service's own validation refuses it
    data = _fill(_template(logged_in_manager), history)
    batch = _batch_from(_upload(logged_in_manager, data))
    response = logged_in_manager.post(reverse("imports:preview", args=[batch.pk]))
    problems = response.context["result"].problems
    assert [(p.sheet, p.line, p.column) for p in problems] == [("Skattningar", 3, code)]
    assert problems[0].message == "Svaret måste vara en siffra från 1 till 5."
    assert not Participant.objects.exists()
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.CREATE).exists()


def test_participant_of_another_organisation_is_never_matched(logged_in_manager, unit, coach):
    elsewhere = make_user(Role.COACH, UnitFactory())
    theirs = make_participant(coach=elsewhere, personal_identity_number=PIN_NORMALISED)
    data = _fill(_template(logged_in_manager), _history(unit, coach))
    batch = _batch_from(_upload(logged_in_manager, data))
    logged_in_manager.post(reverse("imports:preview", args=[batch.pk]))
    ours = Participant.objects.get(
        personal_identity_number=PIN_NORMALISED, organisation=unit.organisation
    )
    assert ours.pk != theirs.pk
    theirs.refresh_from_db()
    assert theirs.first_name != "Anna"
    assert not Assessment.objects.filter(participant=theirs).exists()


def test_rows_for_an_unknown_participant_do_not_reveal_other_organisations(
    logged_in_manager, unit, coach
):
    elsewhere = make_user(Role.COACH, UnitFactory())
    make_participant(coach=elsewhere, personal_identity_number=PIN_NORMALISED)
    history = _history(unit, coach)
    del history["Deltagare"][0]
    data = _fill(_template(logged_in_manager), history)
    batch = _batch_from(_upload(logged_in_manager, data))
    page = logged_in_manager.get(reverse("imports:preview", args=[batch.pk]))
    problems = page.context["result"].problems
    assert ("Perioder", 2, "Personnummer") in {(p.sheet, p.line, p.column) for p in problems}
    assert {p.message for p in problems if p.sheet == "Perioder"} == {
        "Deltagaren finns varken i bladet Deltagare eller sedan tidigare."
    }


def test_existing_participant_of_the_unit_gets_the_history(logged_in_manager, unit, coach):
    existing = make_participant(
        coach=coach, personal_identity_number=PIN_NORMALISED, started_on=D(2024, 1, 8)
    )
    history = _history(unit, coach)
    history["Perioder"][0].update({"Avslutad": None, "Utfall": None})
    data = _fill(_template(logged_in_manager), history)
    batch = _batch_from(_upload(logged_in_manager, data))
    logged_in_manager.post(reverse("imports:preview", args=[batch.pk]))
    assert Participant.objects.filter(personal_identity_number=PIN_NORMALISED).count() == 1
    assert Assessment.objects.filter(participant=existing).count() == 2
    assert existing.periods.count() == 1


def test_another_managers_upload_is_not_found(client, unit, coach, manager):
    batch = services.import_upload(
        actor=manager, file_name="h.xlsx", data=_fill(_blank_template(manager), {})
    )
    other_manager = make_user(Role.MANAGER, unit)
    client.force_login(other_manager)
    assert client.get(reverse("imports:preview", args=[batch.pk])).status_code == 404


def _blank_template(actor):
    from imports.selectors import card_version_list
    from imports.template import template_workbook

    return template_workbook(versions=card_version_list(organisation_id=actor.organisation_id))


def test_csv_of_one_sheet_is_read(logged_in_manager, unit, coach):
    csv = (
        "Personnummer;Förnamn;Efternamn;Kön;Enhet;Handledare\n"
        f"{PIN};Anna;Berg;Kvinna;{unit.name};{coach.username}\n"
    ).encode()
    batch = _batch_from(_upload(logged_in_manager, csv, name="deltagare.csv"))
    assert batch.rows == {
        "participants": {
            "columns": ["pin", "first_name", "last_name", "gender", "unit", "coach"],
            "answers": [],
            "rows": [[2, PIN, "Anna", "Berg", "Kvinna", unit.name, coach.username]],
        }
    }
    page = logged_in_manager.get(reverse("imports:preview", args=[batch.pk]))
    # Without a period the participant cannot be created.
    assert [(p.sheet, p.line) for p in page.context["result"].problems] == [("Deltagare", 2)]


def test_formula_cells_are_read_as_their_values_never_evaluated(manager):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Deltagare"
    sheet.append(["Importnyckel", "Förnamn"])
    sheet.append(["=1+1", '=HYPERLINK("http://example.com")'])
    out = io.BytesIO()
    workbook.save(out)
    batch = services.import_upload(actor=manager, file_name="f.xlsx", data=out.getvalue())
    # A file saved by openpyxl has no cached values: read as values, the formulas are
    # empty cells (not their text, not computed), so the row is empty and skipped.
    assert batch.rows == {
        "participants": {"columns": ["import_key", "first_name"], "answers": [], "rows": []}
    }


def _refused(client, data, name):
    response = _upload(client, data, name=name)
    assert response.status_code == 200
    assert not ImportBatch.objects.exists()
    return response.context["form"].errors["file"][0]


def test_macro_files_are_refused(logged_in_manager):
    assert "makron" in _refused(logged_in_manager, b"PK", "historik.xlsm")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/vbaProject.bin", b"macro")
    assert _refused(logged_in_manager, buffer.getvalue(), "historik.xlsx") == (
        "Filen innehåller makron och tas inte emot."
    )


def test_oversized_files_are_refused(logged_in_manager, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    message = _refused(logged_in_manager, b"x" * (1024 * 1024 + 1), "historik.csv")
    assert message == "Filen är för stor (högst 1 MB)."


def test_zip_bombs_are_refused(logged_in_manager, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (11 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    assert _refused(logged_in_manager, buffer.getvalue(), "historik.xlsx") == (
        "Filen packas upp till orimligt mycket data och tas inte emot."
    )


def test_an_unconfirmed_upload_is_dropped_with_the_next_or_after_a_day(
    logged_in_manager, unit, coach, manager
):
    data = _fill(_template(logged_in_manager), _history(unit, coach))
    first = _batch_from(_upload(logged_in_manager, data))
    colleague = make_user(Role.MANAGER, unit)
    theirs = services.import_upload(actor=colleague, file_name="h.xlsx", data=data)
    ImportBatch.objects.filter(pk=theirs.pk).update(
        uploaded_at=timezone.now() - datetime.timedelta(hours=23)
    )
    second = _batch_from(_upload(logged_in_manager, data))
    assert set(ImportBatch.objects.values_list("pk", flat=True)) == {theirs.pk, second.pk}
    ImportBatch.objects.filter(pk=theirs.pk).update(
        uploaded_at=timezone.now() - datetime.timedelta(hours=25)
    )
    third = _batch_from(_upload(logged_in_manager, data))
    assert set(ImportBatch.objects.values_list("pk", flat=True)) == {third.pk}
    assert first.pk not in {second.pk, third.pk}
