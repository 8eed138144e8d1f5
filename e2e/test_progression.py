"""Issue 3: a coach enters assessments and sees every occasion in the spider chart."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from participants.tests.factories import make_participant

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser


@pytest.fixture
def omar():
    coach = make_user(Role.COACH, UnitFactory(), username="hanna")
    return make_participant(
        coach=coach,
        first_name="Omar",
        last_name="Lind",
        started_on=datetime.date.today() - datetime.timedelta(days=200),
    )


def _answer(page, levels):
    questions = page.locator("fieldset.question")
    for index, level in enumerate(levels):
        question = questions.nth(index)
        if level is None:
            question.get_by_label("Vill inte svara").check()
        else:
            question.locator(f"input[type=radio][value='{level}']").check()


def test_two_assessments_give_two_polygons_and_a_change_table(page, omar):
    login(page, "hanna")
    go(page, f"/deltagare/{omar.pk}/")
    page.get_by_role("link", name="Ny skattning: BIP – progressionskort").click()
    expect(page.get_by_text("Fråga 1 av 9")).to_be_visible()
    expect(page.get_by_role("heading", name="Samtalsguide")).to_be_visible()
    assert_accessible(page, "BIP card")
    first = (datetime.date.today() - datetime.timedelta(days=100)).isoformat()
    page.get_by_label("Datum för skattningen").fill(first)
    _answer(page, [2, 2, 3, 3, 2, 3, 4, 3, 2])
    page.get_by_role("button", name="Spara skattningen").click()
    expect(page.get_by_text("Skattningen är sparad.")).to_be_visible()

    page.get_by_role("link", name="Ny skattning: BIP – progressionskort").click()
    # Numbers only: the level descriptions are hidden, the numbers stay.
    page.get_by_label("Endast siffror").check()
    expect(page.get_by_text("Jag har ingen idé alls om vilket arbete")).to_be_hidden()
    _answer(page, [3, None, 4, 3, 3, 4, 4, 3, 3])
    page.get_by_role("button", name="Spara skattningen").click()
    expect(page.get_by_text("Skattningen är sparad.")).to_be_visible()

    chart = page.locator("svg.spider-chart")
    expect(chart.locator("g.occasion")).to_have_count(2)
    table = page.locator("table.change-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("Vill inte svara")
    expect(table).to_contain_text("+1")
    assert_accessible(page, "participant page with chart")
    # On a 320 px screen the wide tables scroll inside their own box, not the page.
    page.set_viewport_size({"width": 320, "height": 700})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_an_invalid_card_keeps_the_answers(page, omar):
    login(page, "hanna")
    go(page, f"/deltagare/{omar.pk}/skattning/ny/?kort=smail")
    page.get_by_label("Datum för skattningen").fill("2099-01-01")
    _answer(page, [1, 2, 3, 4, 5])  # the sixth question is left out
    page.get_by_role("button", name="Spara skattningen").click()
    expect(page.get_by_role("heading", name="Formuläret innehåller fel")).to_be_visible()
    expect(page.get_by_text("Datumet kan inte ligga i framtiden.").first).to_be_visible()
    expect(page.locator("fieldset.question").nth(4).locator("input[value='5']")).to_be_checked()
    assert_accessible(page, "card with errors")
