"""Issue 17 §1: a manager downloads the template, fills it in, sees the preview name the
error, uploads the corrected file, imports it, and importing it again adds nothing."""

import datetime
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from assessments.models import Assessment
from assessments.tests.factories import card, scale_codes
from participants.models import Participant

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser


def _filled(template: bytes, unit, coach, *, gender: str) -> bytes:
    workbook = load_workbook(io.BytesIO(template))

    def append(sheet, values: dict):
        headers = [cell.value for cell in workbook[sheet][1]]
        workbook[sheet].append([values.get(h) for h in headers])

    for n in range(1, 4):
        key = f"N-{n}"
        append(
            "Deltagare",
            {
                "Importnyckel": key,
                "Förnamn": f"Nils{n}",
                "Efternamn": "Import",
                "Kön": gender if n == 2 else "man",
                "Födelseår": 1980 + n,
                "Enhet": unit.name,
                "Handledare": coach.username,
            },
        )
        append(
            "Perioder",
            {
                "Importnyckel": key,
                "Inskriven": datetime.date(2025, 1, 7),
                "Aktualiserad från": "social_services",
            },
        )
        for month, level in ((2, 2), (6, 4)):
            append(
                "Skattningar",
                {
                    "Importnyckel": key,
                    "Kort": "smail",
                    "Datum": datetime.date(2025, month, 3),
                    **dict.fromkeys(scale_codes(card("smail")), level),
                },
            )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(page, data: bytes):
    go(page, "/import/")
    page.get_by_label("Fil").set_input_files(
        {"name": "historik.xlsx", "mimeType": "application/octet-stream", "buffer": data}
    )
    page.get_by_role("button", name="Ladda upp och förhandsgranska").click()
    page.wait_for_load_state()


def test_template_preview_error_fix_import_and_import_again(page):
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit)
    make_user(Role.MANAGER, unit, username="maja")

    login(page, "maja")
    page.get_by_role("link", name="Import").click()
    assert_accessible(page, "import upload")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner mallen (.xlsx)").click()
    template = open(download.value.path(), "rb").read()  # noqa: SIM115

    _upload(page, _filled(template, unit, coach, gender="okänd"))
    expect(page.get_by_role("heading", name="1 rad har fel")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="”okänd” är ingen giltig kod.")
    expect(row).to_contain_text("Deltagare")
    expect(row).to_contain_text("3")
    expect(row).to_contain_text("Kön")
    expect(page.get_by_role("button", name="Importera")).to_have_count(0)
    assert_accessible(page, "import preview with an error")
    assert not Participant.objects.exists()

    fixed = _filled(template, unit, coach, gender="Kvinna")
    _upload(page, fixed)
    counts = page.get_by_role("table").first
    # New, already there.
    expect(counts.get_by_role("row", name="Deltagare").get_by_role("cell")).to_have_text(["3", "0"])
    expect(counts.get_by_role("row", name="Skattningar").get_by_role("cell")).to_have_text(
        ["6", "0"]
    )
    assert_accessible(page, "import preview")
    page.get_by_role("button", name="Importera").click()
    expect(page.get_by_role("heading", name="Import klar")).to_be_visible()
    assert Participant.objects.filter(organisation=unit.organisation).count() == 3
    assert Assessment.objects.count() == 6
    # The imported history draws the participant's spider chart.
    nils = Participant.objects.get(first_name="Nils1")
    go(page, f"/deltagare/{nils.pk}/")
    chart = page.locator("svg desc").filter(has_text="Spindeldiagram med")
    expect(chart.first).to_contain_text("2 tillfällen")

    _upload(page, fixed)
    counts = page.get_by_role("table").first
    expect(counts.get_by_role("row", name="Deltagare").get_by_role("cell")).to_have_text(["0", "3"])
    expect(counts.get_by_role("row", name="Skattningar").get_by_role("cell")).to_have_text(
        ["0", "6"]
    )
    page.get_by_role("button", name="Importera").click()
    expect(page.get_by_role("heading", name="Import klar")).to_be_visible()
    assert Participant.objects.count() == 3
    assert Assessment.objects.count() == 6
