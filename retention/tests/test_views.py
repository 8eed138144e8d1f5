import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from retention.models import ErasureRun, RetentionHold, RetentionRule
from retention.tests.cases import Office, make_case

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def office():
    return Office(UnitFactory())


@pytest.fixture
def closed(office):
    return make_case(office, started_on=D(2020, 1, 7), closed_on=D(2020, 3, 2), full=False)


def test_rule_page_for_the_administrator(client, office):
    admin = make_user(Role.ADMINISTRATOR, organisation=office.organisation)
    client.force_login(admin)
    url = reverse("retention:rule")
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="case_years" value="5"' in page.content.decode()

    response = client.post(url, {"case_years": 6, "access_log_years": 8, "version": 1})
    assert response.status_code == 302
    rule = RetentionRule.objects.get(organisation=office.organisation)
    assert (rule.case_years, rule.access_log_years, rule.updated_by) == (6, 8, admin)

    stale = client.post(url, {"case_years": 9, "access_log_years": 9, "version": 1})
    assert stale.status_code == 409
    assert "Någon annan har ändrat uppgifterna" in stale.content.decode()
    assert 'value="9"' in stale.content.decode()  # the input is kept
    invalid = client.post(url, {"case_years": 0, "access_log_years": 8, "version": 2})
    assert invalid.status_code == 200
    assert 'aria-invalid="true"' in invalid.content.decode()
    assert RetentionRule.objects.get().case_years == 6


@pytest.mark.parametrize("role", [Role.COACH, Role.MANAGER, Role.COUNTY_ANALYST])
def test_rule_page_refuses_other_roles(client, office, role):
    user = make_user(
        role,
        office.unit if role in (Role.COACH, Role.MANAGER) else None,
        organisation=office.organisation,
    )
    client.force_login(user)
    assert client.get(reverse("retention:rule")).status_code == 403


def test_manager_places_and_lifts_a_hold(client, office, closed):
    client.force_login(office.manager)
    url = reverse("retention:participant", args=[closed["participant"].pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Undanta från gallring" in page.content.decode()
    assert "2025-03-02" in page.content.decode()  # due five years after the last entry

    missing = client.post(url, {"reason": "archive_decision", "reference": ""})
    assert missing.status_code == 200
    assert not RetentionHold.objects.exists()

    response = client.post(url, {"reason": "archive_decision", "reference": "KS 2024/17"})
    assert response.status_code == 302
    hold = RetentionHold.objects.get()
    assert (hold.placed_by, hold.reference) == (office.manager, "KS 2024/17")
    page = client.get(url).content.decode()
    assert "KS 2024/17" in page
    assert "Upphäv undantaget" in page

    lift = reverse("retention:hold_lift", args=[closed["participant"].pk, hold.pk])
    assert client.get(lift).status_code == 405
    assert client.post(lift).status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_by == office.manager


def test_participant_pages_refuse_coaches_and_other_organisations(client, office, closed):
    pid = closed["participant"].pk
    urls = [reverse("retention:participant", args=[pid]), reverse("retention:erase", args=[pid])]
    client.force_login(office.coach)
    assert [client.get(u).status_code for u in urls] == [403, 403]
    stranger = make_user(Role.MANAGER, UnitFactory())
    client.force_login(stranger)
    assert [client.get(u).status_code for u in urls] == [404, 404]
    # A manager of another unit in the same organisation does not reach it either.
    neighbour = make_user(Role.MANAGER, UnitFactory(organisation=office.organisation))
    client.force_login(neighbour)
    assert [client.get(u).status_code for u in urls] == [404, 404]


def test_erase_after_confirmation(client, office):
    case = make_case(office, started_on=D(2024, 1, 8), closed_on=D(2024, 6, 3))
    pid = case["participant"].pk
    client.force_login(office.manager)
    url = reverse("retention:erase", args=[pid])
    page = client.get(url).content.decode()
    assert "Det här tas bort" in page
    assert "kartläggningar: 1" in page.lower()
    assert "Det här finns kvar" in page

    unconfirmed = client.post(url, {"reason": "gdpr_art_17", "reference": ""})
    assert unconfirmed.status_code == 200
    assert "error-summary" in unconfirmed.content.decode()
    assert not ErasureRun.objects.exists()

    named = client.post(
        url, {"reason": "gdpr_art_17", "reference": case["names"][0], "confirm": "on"}
    )
    assert named.status_code == 200
    assert not ErasureRun.objects.exists()

    done = client.post(url, {"reason": "gdpr_art_17", "reference": "Dnr 1", "confirm": "on"})
    assert done.status_code == 302
    assert done.url == reverse("participants:list")
    assert ErasureRun.objects.get().case_ids == [pid]
    # The case is gone from every page.
    assert client.get(reverse("participants:detail", args=[pid])).status_code == 404
    assert client.get(url).status_code == 404


def test_erase_page_refuses_an_open_case(client, office):
    case = make_case(office, started_on=D(2024, 1, 8), closed_on=None, full=False)
    client.force_login(office.manager)
    url = reverse("retention:erase", args=[case["participant"].pk])
    page = client.get(url).content.decode()
    assert "Inskrivningen pågår" in page
    assert 'name="confirm"' not in page
    response = client.post(url, {"reason": "gdpr_art_17", "confirm": "on"})
    assert response.status_code == 200
    assert not ErasureRun.objects.exists()


def test_participant_page_links_to_gallring_for_the_manager_only(client, office, closed):
    detail = reverse("participants:detail", args=[closed["participant"].pk])
    link = reverse("retention:participant", args=[closed["participant"].pk])
    client.force_login(office.manager)
    assert link in client.get(detail).content.decode()
    client.force_login(office.coach)
    assert link not in client.get(detail).content.decode()
