"""Issue 12: a manager reviews the access log of their units (logguppföljning)."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from audit.models import AccessEvent
from audit.services import access_event_record
from logreview.models import LogReview
from participants.tests.factories import make_participant

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser


def _read(actor, participant, day: datetime.date, action=AccessEvent.Action.VIEW):
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    with mock.patch("django.utils.timezone.now", return_value=when):
        access_event_record(
            actor=actor, participant=participant, action=action, what="deltagarsidan"
        )


def test_manager_reviews_the_access_log(page):
    unit = UnitFactory(name="Enhet Norr")
    other_unit = UnitFactory(organisation=unit.organisation, name="Enhet Söder")
    coach = make_user(Role.COACH, unit, first_name="Anna", last_name="Norrsson")
    other_coach = make_user(Role.COACH, other_unit)
    make_user(Role.MANAGER, unit, username="cecilia", first_name="Cecilia", last_name="Chef")
    own = make_participant(coach=coach, first_name="Karin", last_name="Ek")
    elsewhere = make_participant(coach=other_coach, first_name="Per", last_name="Sydström")
    _read(coach, own, datetime.date(2026, 1, 20))
    _read(coach, own, datetime.date(2026, 1, 21), AccessEvent.Action.REVEAL)
    _read(coach, elsewhere, datetime.date(2026, 1, 22))

    login(page, "cecilia")
    expect(page.get_by_text("Ingen logguppföljning är gjord än.")).to_be_visible()
    page.get_by_role("link", name="Till logguppföljningen").click()
    expect(page.get_by_role("heading", name="Logguppföljning", level=1)).to_be_visible()
    assert_accessible(page, "log review overview")

    page.get_by_label("Från").fill("2026-01-01")
    page.get_by_label("Till").fill("2026-01-31")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("heading", name="Flaggor 2026-01-01–2026-01-31")).to_be_visible()

    page.get_by_role("link", name="Åtkomst utanför uppdrag och enhet").click()
    expect(page.get_by_role("heading", name="Åtkomst utanför uppdrag och enhet")).to_be_visible()
    table = page.get_by_role("region", name="Åtkomst utanför uppdrag och enhet")
    expect(table).to_contain_text("Per Sydström")
    expect(table).to_contain_text("Anna Norrsson")
    expect(table).not_to_contain_text("Karin Ek")
    assert_accessible(page, "flag page")

    # From the flag to the search, filtered on the user and the participant.
    page.get_by_role("link", name="Användarens händelser med deltagaren").click()
    expect(page.get_by_text("1 händelse hittades.")).to_be_visible()
    assert_accessible(page, "log search")

    page.get_by_role("link", name="Logguppföljning").first.click()
    page.get_by_label("Från").fill("2026-01-01")
    page.get_by_label("Till").fill("2026-01-31")
    page.get_by_role("button", name="Visa").click()
    page.get_by_role("link", name="Registrera logguppföljning").click()
    expect(page.get_by_label("Periodens början")).to_have_value("2026-01-01")
    expect(page.get_by_label("Periodens slut")).to_have_value("2026-01-31")
    page.get_by_label("Åtkomst utanför uppdrag och enhet").check()
    page.get_by_label("Visade personnummer").check()
    page.get_by_role("button", name="Registrera").click()
    expect(page.get_by_role("alert")).to_contain_text("Kommentar")
    assert_accessible(page, "review form with an error")
    page.get_by_label("Kommentar").fill(
        "Anna läste en deltagare i Enhet Söder; vikariat, i ordning."
    )
    page.get_by_role("button", name="Registrera").click()
    expect(page.get_by_text("Logguppföljningen är registrerad.")).to_be_visible()
    expect(page.get_by_text("vikariat, i ordning")).to_be_visible()
    assert_accessible(page, "review detail")
    review = LogReview.objects.get()
    assert review.flags_reviewed == ["outside_caseload", "reveal"]

    go(page, "/")
    expect(page.get_by_text("Senaste logguppföljning gjordes")).to_contain_text(
        "och gällde 2026-01-01–2026-01-31"
    )
    expect(
        page.get_by_text("Nästa logguppföljning skulle ha gjorts senast 2026-02-28.")
    ).to_be_visible()
    assert_accessible(page, "start page with the review line")
