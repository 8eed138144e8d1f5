"""Issue 12: an administrator sets the retention rule; a manager holds a case, lifts
the hold and erases the case on request after the confirmation page."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from participants.models import Participant
from participants.services import participant_close
from participants.tests.factories import make_participant

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser


def test_rule_hold_and_erasure(page):
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit)
    make_user(Role.MANAGER, unit, username="maja")
    make_user(Role.ADMINISTRATOR, organisation=unit.organisation, username="adam")
    today = datetime.date.today()
    person = make_participant(
        coach=coach,
        first_name="Rakel",
        last_name="Raderasson",
        started_on=today - datetime.timedelta(days=300),
    )
    participant_close(
        actor=coach,
        participant=person,
        closed_on=today - datetime.timedelta(days=10),
        outcome="moved",
        note="Rakel flyttade.",
    )

    login(page, "adam")
    go(page, "/organisation/gallring/")
    assert_accessible(page, "retention rule")
    page.get_by_label("år efter sista anteckningen").fill("0")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page, "retention rule with an error")
    page.get_by_label("år efter sista anteckningen").fill("6")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Gallringsreglerna är sparade.")).to_be_visible()

    page.context.clear_cookies()
    login(page, "maja")
    go(page, f"/deltagare/{person.pk}/")
    page.get_by_role("link", name="Gallring").click()
    assert_accessible(page, "participant retention")
    page.get_by_label("Arkivbeslut (bevaras)").check()
    page.get_by_label("Beslut eller diarienummer").fill("KS 2026/4")
    page.get_by_role("button", name="Undanta från gallring").click()
    expect(page.get_by_text("Akten är undantagen från gallring.").first).to_be_visible()
    go(page, f"/deltagare/{person.pk}/radera/")
    expect(page.get_by_text("Upphäv undantaget först")).to_be_visible()

    go(page, f"/deltagare/{person.pk}/gallring/")
    page.get_by_role("button", name="Upphäv undantaget").click()
    page.get_by_role("link", name="Radera personuppgifterna").click()
    expect(page.get_by_role("heading", name="Det här tas bort")).to_be_visible()
    assert_accessible(page, "erasure confirmation")
    page.get_by_label("Den registrerade har begärt radering (GDPR art. 17)").check()
    page.get_by_role("button", name="Radera personuppgifterna").click()
    expect(page.locator("#error-summary")).to_be_visible()
    page.get_by_label("Den registrerade har begärt radering (GDPR art. 17)").check()
    page.get_by_label("Jag förstår att personuppgifterna tas bort").check()
    page.get_by_role("button", name="Radera personuppgifterna").click()
    expect(page.get_by_text("Personuppgifterna är borttagna.")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Raderasson")
    person = Participant.objects.get(pk=person.pk)
    assert person.erased_at is not None
    assert person.last_name == ""
