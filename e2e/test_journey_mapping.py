"""Sections 3 and 4: two mapping meetings and the approved summary, the matching
decision, and the individual plan signed by the three parties."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from participants.tests.factories import make_participant

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser


@pytest.fixture
def sara():
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit, username="hanna", first_name="Hanna", last_name="Berg")
    today = datetime.date.today()
    return make_participant(
        coach=coach,
        first_name="Sara",
        last_name="Ek",
        started_on=today - 30 * 1 * datetime.timedelta(days=1),
    )


def _days_ago(n: int) -> str:
    return (datetime.date.today() - datetime.timedelta(days=n)).isoformat()


def test_mapping_to_matching_to_signed_plan(page, sara):
    login(page, "hanna")
    go(page, f"/deltagare/{sara.pk}/kartlaggning/")
    expect(page.get_by_role("heading", name="Kartläggning för Sara Ek")).to_be_visible()
    assert_accessible(page, "empty mapping")

    # Two meetings, the second over an hour with an interpreter.
    page.get_by_role("link", name="Registrera samtal").click()
    page.get_by_role("button", name="Spara samtalet").click()
    expect(page.locator("#error-summary")).to_contain_text("Ange datum för kartläggningssamtalet.")
    assert_accessible(page, "meeting form with errors")
    page.get_by_label("Datum för samtalet").fill(_days_ago(20))
    page.get_by_label("Längd i minuter").fill("50")
    page.get_by_role("button", name="Spara samtalet").click()
    expect(page.get_by_text("Kartläggningssamtalet är registrerat.")).to_be_visible()
    page.get_by_role("link", name="Registrera samtal").click()
    page.get_by_label("Datum för samtalet").fill(_days_ago(13))
    page.get_by_label("Längd i minuter").fill("70")
    page.get_by_label("Tolk användes").check()
    page.get_by_role("button", name="Spara samtalet").click()
    expect(page.get_by_text("Samtalet varade 70 minuter")).to_be_visible()

    # Areas and the motivation cross.
    page.get_by_role("link", name="Skriv i områdena").click()
    body = page.locator("fieldset", has=page.locator("legend", has_text="Kroppsfunktioner"))
    body.get_by_label("Fakta").fill("Diskbråck sedan 2019")
    body.get_by_label("Hinder i förhållande till arbete").fill("Kan inte lyfta tungt")
    body.get_by_label("Resurser i förhållande till arbete").fill("Sjukgymnastik hjälper")
    leisure = page.locator("fieldset", has=page.locator("legend", has_text="Fritidsintressen"))
    leisure.get_by_label("Resurser i förhållande till arbete").fill("Cyklar långa rundor")
    assert_accessible(page, "areas form")
    page.get_by_role("button", name="Spara områdena").click()
    expect(page.get_by_text("Områdena är sparade.")).to_be_visible()
    page.get_by_role("link", name="Skriv i motivationskorset").click()
    page.get_by_label("Bra med förändring för mig", exact=True).fill("Egen lön")
    page.get_by_label("Mindre bra för min omgivning med förändring för mig").fill(
        "Mindre tid hemma"
    )
    assert_accessible(page, "motivation form")
    page.get_by_role("button", name="Spara motivationskorset").click()

    # Summary and approval.
    page.get_by_role("link", name="Skriv sammanfattningen").click()
    page.get_by_label("Sammanställning").fill(
        "Sara vill arbeta i storkök. Ryggen kräver lätta lyft."
    )
    page.get_by_label("Handledarens bedömning").fill("Arbetsträning i storkök är rimligt.")
    page.get_by_label("Rehabiliteringsförslag och övriga åtgärder").fill("Ergonomisk genomgång.")
    page.get_by_label("Datum").fill(_days_ago(10))
    assert_accessible(page, "summary form")
    page.get_by_role("button", name="Spara sammanfattningen").click()
    page.get_by_role("link", name="Registrera deltagarens godkännande").click()
    page.get_by_label("Datum då deltagaren godkände sammanfattningen").fill(_days_ago(9))
    page.get_by_label("Sammanfattningen är genomgången med deltagaren").check()
    assert_accessible(page, "approval form")
    page.get_by_role("button", name="Registrera godkännandet").click()
    expect(page.get_by_text(f"Godkänd av deltagaren {_days_ago(9)}.")).to_be_visible()
    expect(page.locator("table.mapping-areas").first).to_contain_text("Diskbråck sedan 2019")
    assert_accessible(page, "mapping with approved summary")
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the mapping page scrolls sideways at 320 px ({width})"
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Utskrift av sammanfattningen").click()
    expect(page.get_by_role("heading", name="Sammanfattning av kartläggningen")).to_be_visible()
    assert_accessible(page, "summary print view")

    # Matching.
    go(page, f"/deltagare/{sara.pk}/matchning/")
    page.get_by_label("Arbetsträning").check()
    page.get_by_label("Motivering").fill("Erfarenhet av kök; lätta lyft.")
    page.get_by_label("Beslutsdatum").fill(_days_ago(8))
    assert_accessible(page, "matching form")
    page.get_by_role("button", name="Spara beslutet").click()
    expect(page.get_by_text("Matchningsbeslutet är sparat.")).to_be_visible()
    assert_accessible(page, "matching decision")

    # The individual plan.
    page.get_by_role("link", name="Individuell plan mot arbete").click()
    page.get_by_role("link", name="Skriv den individuella planen").click()
    page.get_by_label("Deltagarens mål").fill("Arbete i storkök")
    page.get_by_label("Delmål").fill("Ta körkort")
    page.get_by_label("Upprättad").fill(_days_ago(7))
    row1 = page.locator("fieldset.responsibility-row").nth(0)
    row1.get_by_label("Vad ska göras").fill("Ordna arbetsträningsplats")
    row1.get_by_label("Vem ansvarar").fill("Hanna")
    row2 = page.locator("fieldset.responsibility-row").nth(1)
    row2.get_by_label("Vad ska göras").fill("Besluta om arbetsträning")
    page.get_by_role("button", name="Spara planen").click()
    expect(page.locator("#error-summary")).to_contain_text("Skriv vem som ansvarar.")
    assert_accessible(page, "plan form with errors")
    row2 = page.locator("fieldset.responsibility-row").nth(1)
    row2.get_by_label("Vem ansvarar").fill("Arbetsförmedlingen")
    page.get_by_role("button", name="Spara planen").click()
    expect(page.get_by_text("Den individuella planen är sparad.")).to_be_visible()

    page.get_by_role("link", name="Registrera underskrifter").click()
    for legend, name in (
        ("Deltagaren", "Sara Ek"),
        ("Handledaren", "Hanna Berg"),
        ("Arbetsförmedlingen", "Maria Lind"),
    ):
        party = page.locator("fieldset.signature", has=page.locator("legend", has_text=legend))
        party.get_by_label("Namn").fill(name)
        party.get_by_label("Datum").fill(_days_ago(7))
    assert_accessible(page, "signature form")
    page.get_by_role("button", name="Spara underskrifterna").click()
    expect(page.get_by_text("Planen är underskriven av alla tre parter.")).to_be_visible()
    expect(page.locator("section.signatures")).to_contain_text("Maria Lind")
    assert_accessible(page, "signed plan")
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the plan page scrolls sideways at 320 px ({width})"
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Utskrift att ta med hem").click()
    expect(page.get_by_role("heading", name="Individuell plan mot arbete")).to_be_visible()
    assert_accessible(page, "plan print view")
