"""Issue 17 §2: an administrator issues an API key (shown once), sees it listed and
revokes it; the page is accessible."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser


def test_an_administrator_issues_and_revokes_a_key(page):
    unit = UnitFactory(name="Jobbcentrum")
    make_user(Role.ADMINISTRATOR, organisation=unit.organisation, username="ada")
    login(page, "ada")
    go(page, "/organisation/")
    page.get_by_role("link", name="API-nycklar").click()
    expect(page.get_by_role("heading", name="API-nycklar", level=1)).to_be_visible()
    assert_accessible(page, "API-nycklar")

    page.get_by_label("Integrationens namn").fill("Power BI")
    page.get_by_label("Chef").check()
    page.get_by_label("Enhet").select_option(label="Jobbcentrum")
    page.get_by_role("button", name="Utfärda nyckeln").click()
    expect(page.get_by_role("heading", name="Nyckeln för Power BI är utfärdad")).to_be_visible()
    key = page.get_by_label("Nyckel", exact=True).input_value()
    assert key.startswith("stegvis_")
    assert_accessible(page, "nyckeln utfärdad")

    page.get_by_role("link", name="Klart").click()
    row = page.get_by_role("row", name="Power BI")
    expect(row).to_contain_text("Chef – Jobbcentrum")
    assert key not in page.content()
    row.get_by_role("button", name="Återkalla nyckeln för Power BI").click()
    expect(page.get_by_text("Nyckeln för Power BI är återkallad.")).to_be_visible()
    expect(page.get_by_role("row", name="Power BI")).to_contain_text("Återkallad")
