"""Issue 12: a manager makes a register extract (PDF and JSON), restricts a participant's
record, sees a save refused, and lifts the restriction."""

import datetime
import io
import json

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from assessments.tests.factories import make_assessment
from audit.models import AccessEvent
from dataprotection.registry import SECTIONS
from participants.models import Participant
from participants.tests.factories import make_participant

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser


@pytest.fixture
def sara_assessed():
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit, username="hanna")
    make_user(Role.MANAGER, unit, username="maja", first_name="Maja", last_name="Chef")
    today = datetime.date.today()
    person = make_participant(
        coach=coach, first_name="Sara", last_name="Ek", started_on=today - datetime.timedelta(10)
    )
    make_assessment(
        coach=coach,
        participant=person,
        on=today,
        violence={"asked": True, "support_offered": False, "note": "SKYDDAD-UPPGIFT"},
    )
    return person


def _download(page) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ner registerutdrag").click()
    path = download.value.path()
    with open(path, "rb") as file:
        return file.read()


def test_manager_makes_an_extract_restricts_and_lifts(page, sara_assessed):
    login(page, "maja")
    go(page, f"/deltagare/{sara_assessed.pk}/")
    page.get_by_role("link", name="Registerutdrag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registerutdrag")
    assert_accessible(page, "register extract page")

    # A decision to include restricted data needs a reason: the error summary says so.
    page.get_by_label("Ta med skyddade uppgifter (frågan om våld)").check()
    page.get_by_role("button", name="Ladda ner registerutdrag").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Skriv varför de skyddade uppgifterna ska med")
    assert_accessible(page, "register extract with an error")
    page.get_by_label("Ta med skyddade uppgifter (frågan om våld)").uncheck()

    page.get_by_label("PDF, att läsa och skriva ut").check()
    pdf = _download(page)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Sara Ek" in text
    assert "Det finns skyddade uppgifter om dig" in text
    assert "SKYDDAD-UPPGIFT" not in text

    page.get_by_label("JSON, maskinläsbar fil för att flytta uppgifterna").check()
    data = json.loads(_download(page))
    assert set(data["sections"]) == {s.key for s in SECTIONS}
    assert data["sections"]["participant"]["rows"][0]["first_name"] == "Sara"
    assert data["sections"]["answers"]["rows"]
    assert data["restricted_data"] == {"exists": True, "included": False}
    assert (
        AccessEvent.objects.filter(
            participant=sara_assessed, action=AccessEvent.Action.EXPORT
        ).count()
        == 2
    )

    # Restrict the record: a reason is required.
    go(page, f"/deltagare/{sara_assessed.pk}/")
    page.get_by_role("link", name="Spärra uppgifter").click()
    assert_accessible(page, "restriction page")
    page.get_by_role("button", name="Spärra uppgifterna").click()
    expect(page.locator("#error-summary")).to_contain_text("Skriv varför uppgifterna spärras")
    page.get_by_label("Anledning till spärren").fill("Deltagaren bestrider skattningen")
    page.get_by_role("button", name="Spärra uppgifterna").click()
    banner = page.locator(".restriction-banner")
    expect(banner).to_contain_text("Uppgifterna är spärrade")
    expect(banner).to_contain_text("Deltagaren bestrider skattningen")
    assert_accessible(page, "participant page with the restriction banner")
    page.set_viewport_size({"width": 320, "height": 700})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})

    # Editing: the form opens, saving is refused with the message, nothing changes.
    page.get_by_role("link", name="Ändra uppgifter").click()
    page.get_by_label("Förnamn").fill("Annan")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#error-summary")).to_contain_text(
        "Ändringar kan inte göras förrän spärren hävs."
    )
    assert Participant.objects.get(pk=sara_assessed.pk).first_name == "Sara"

    # Lift it.
    go(page, f"/deltagare/{sara_assessed.pk}/")
    page.get_by_role("link", name="Häv spärr").click()
    assert_accessible(page, "lift page")
    page.get_by_role("button", name="Häv spärren").click()
    expect(page.locator(".restriction-banner")).to_have_count(0)
    expect(page.get_by_role("link", name="Spärra uppgifter")).to_be_visible()
    whats = list(
        AccessEvent.objects.filter(
            participant=sara_assessed, action=AccessEvent.Action.CHANGE
        ).values_list("what", flat=True)
    )
    assert "spärr: Deltagaren bestrider skattningen" in whats
    assert any(what.startswith("hävd spärr") for what in whats)
