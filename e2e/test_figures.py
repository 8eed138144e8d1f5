"""Issue 6: the manager's figures and the county view, accessible and without names."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from assessments.tests.factories import make_assessment
from participants.tests.factories import make_participant

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser


def test_manager_and_analyst_see_figures_without_names(page):
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit)
    make_user(Role.MANAGER, unit, username="cecilia")
    make_user(Role.COUNTY_ANALYST, username="alva")
    today = datetime.date.today()
    for n in range(6):
        person = make_participant(
            coach=coach, first_name=f"Namn{n}", started_on=today - datetime.timedelta(days=200)
        )
        make_assessment(coach=coach, participant=person, on=today - datetime.timedelta(days=150))
        make_assessment(
            coach=coach, participant=person, on=today - datetime.timedelta(days=60), levels=[4] * 6
        )
    login(page, "cecilia")
    go(page, "/siffror/")
    expect(page.get_by_role("heading", name="Progression per indikator")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Namn1")
    assert_accessible(page, "manager figures")
    page.get_by_label("Till").fill("2000-01-01")
    page.get_by_role("button", name="Visa").click()
    expect(
        page.get_by_text("Periodens slut kan inte ligga före dess början.").first
    ).to_be_visible()

    page.context.clear_cookies()
    login(page, "alva")
    expect(page.get_by_role("heading", name="Länet: organisationer sida vid sida")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Namn1")
    assert_accessible(page, "county figures")
