"""Issue sections 1 and 2: a manager registers a referral from Arbetsförmedlingen and
assigns it to a coach, which enrols the participant; the coach holds the intake meeting
with consent to exchange information, shares a document under it, and records the
withdrawal."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from participants.models import Participant

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser


@pytest.fixture
def staffed_unit():
    """A unit with a manager (chef) and a coach (hanna), who sign in with the password."""
    staffed_unit = UnitFactory(name="Arbetsmarknadsenheten Norr")
    make_user(Role.MANAGER, staffed_unit, username="chef", first_name="Carina", last_name="Chef")
    make_user(Role.COACH, staffed_unit, username="hanna", first_name="Hanna", last_name="Holm")
    return staffed_unit


def test_referral_assignment_intake_consent_and_share(page, staffed_unit):
    today = datetime.date.today()
    login(page, "chef")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Aktualiseringar"
    ).click()
    expect(page.get_by_role("heading", name="Aktualiseringar", level=1)).to_be_visible()
    assert_accessible(page, "referral inbox, empty")

    page.get_by_role("link", name="Registrera aktualisering").click()
    assert_accessible(page, "referral form")
    page.get_by_role("button", name="Registrera").click()
    expect(page.get_by_role("heading", name="Formuläret innehåller fel")).to_be_visible()
    assert_accessible(page, "referral form with errors")

    page.get_by_label("Arbetsförmedlingen").check()
    page.get_by_label("Aktualiserad av (namn)").fill("Erik Lund")
    page.get_by_label("Kontor eller enhet").fill("Arbetsförmedlingen Norrby")
    page.get_by_label("Förnamn").fill("Amina")
    page.get_by_label("Efternamn").fill("Sandberg")
    page.get_by_label("Kvinna").check()
    page.get_by_label("Anledning till aktualiseringen").fill(
        "Har varit utan arbete länge och behöver en kartläggning."
    )
    page.get_by_label("Önskat startdatum").fill(today.isoformat())
    page.get_by_role("button", name="Registrera").click()

    expect(page.get_by_role("status")).to_contain_text("väntar på fördelning")
    expect(page.get_by_role("rowheader", name="Sandberg, Amina")).to_be_visible()
    assert_accessible(page, "referral inbox with a referral")

    # On a narrow screen the inbox table scrolls in its own box, not the page.
    page.set_viewport_size({"width": 320, "height": 700})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, "referral inbox at 320 px")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Fördela Amina Sandberg").click()
    assert_accessible(page, "assignment form")
    page.get_by_label("Handledare").select_option(label="Hanna Holm")
    page.get_by_role("button", name="Fördela och skriv in").click()
    expect(page.get_by_text("Amina Sandberg är inskriven med Hanna Holm")).to_be_visible()
    expect(page.get_by_text("Inga aktualiseringar väntar på fördelning.")).to_be_visible()
    participant = Participant.objects.get(last_name="Sandberg")
    assert participant.periods.get().started_on == today

    page.get_by_role("button", name="Logga ut").click()
    login(page, "hanna")
    go(page, f"/deltagare/{participant.pk}/inskrivning/")
    expect(page.get_by_text("Inget samtycke")).to_be_visible()
    assert_accessible(page, "intake overview before the meeting")

    page.get_by_role("link", name="Registrera inskrivningssamtal").click()
    assert_accessible(page, "intake form")
    page.get_by_label("Arbetsmarknadsenheten och dess verksamhet").check()
    page.get_by_label("Medgivande om informationsutbyte: vilka").check()
    page.get_by_label("Första kartläggningssamtal bokat").fill(
        (today + datetime.timedelta(days=7)).isoformat()
    )
    page.get_by_label("Arbetsförmedlingen").check()
    page.get_by_label("Försäkringskassan").check()
    # A missing signing date: the message sits by the field and the ticks are kept.
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#consent_signed_on-error")).to_be_visible()
    expect(page.get_by_label("Försäkringskassan")).to_be_checked()
    assert_accessible(page, "intake form with errors")
    page.get_by_label("Medgivandet undertecknat").fill(today.isoformat())
    page.get_by_role("button", name="Spara").click()

    state = f"Samtycke: Arbetsförmedlingen, Försäkringskassan – undertecknat {today.isoformat()}"
    expect(page.get_by_text(state)).to_be_visible()
    assert_accessible(page, "intake overview with consent")

    # Share a document: refused for an agency outside the consent, allowed inside it.
    go(page, f"/deltagare/{participant.pk}/dela/?kind=individual_plan&id=3")
    assert_accessible(page, "share form")
    page.get_by_label("Hälso- och sjukvården (medgivande saknas)").check()
    page.get_by_role("button", name="Registrera delningen").click()
    expect(page.locator("#agency-error")).to_contain_text("omfattar inte den parten")
    assert_accessible(page, "share form refused")
    page.get_by_label("Arbetsförmedlingen").check()
    page.get_by_role("button", name="Registrera delningen").click()
    expect(page.get_by_role("cell", name="Individuell plan mot arbete nr 3")).to_be_visible()

    # Withdrawal: not before signing; then the state says so.
    page.get_by_role("link", name="Återkalla medgivandet").click()
    assert_accessible(page, "withdrawal form")
    page.get_by_label("Återkallat").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Återkalla").click()
    expect(page.locator("#withdrawn_on-error")).to_contain_text("före undertecknandet")
    assert_accessible(page, "withdrawal form with errors")
    page.get_by_label("Återkallat").fill(today.isoformat())
    page.get_by_role("button", name="Återkalla").click()
    expect(page.get_by_text(f"Samtycke återkallat {today.isoformat()}")).to_be_visible()
    assert_accessible(page, "intake overview after withdrawal")
