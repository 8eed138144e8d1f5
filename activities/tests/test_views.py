import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import make_user
from activities.models import CatalogueItem, ParticipantActivity
from activities.tests.factories import make_activity, make_catalogue_item

pytestmark = pytest.mark.django_db


def _activity_data(**overrides):
    data = {
        "start_date": "2026-02-01",
        "end_date": "",
        "hours_per_week": "10",
        "status": "ongoing",
        "version": "1",
    }
    data.update(overrides)
    return data


def test_two_coaches_editing_one_activity_the_second_gets_a_conflict(
    client, coach, unit, participant
):
    activity = make_activity(coach=coach, participant=participant)
    other = make_user(Role.COACH, unit)
    url = reverse("activities:activity_edit", args=[participant.pk, activity.pk])
    # Both open the form on version 1.
    client.force_login(coach)
    assert 'name="version" value="1"' in client.get(url).content.decode()

    first = client.post(url, _activity_data(hours_per_week="12"))
    assert first.status_code == 302

    client.force_login(other)
    second = client.post(url, _activity_data(hours_per_week="30", status="paused"))
    assert second.status_code == 409
    page = second.content.decode()
    assert "Någon annan har ändrat uppgifterna medan du skrev" in page
    assert 'value="30"' in page  # the second coach's input is kept
    activity.refresh_from_db()
    assert activity.hours_per_week == 12  # the first change is not lost
    assert activity.status == "ongoing"
    assert activity.version == 2


def test_an_edit_on_the_current_version_is_saved_and_bumps_it(client, coach, participant):
    activity = make_activity(coach=coach, participant=participant)
    client.force_login(coach)
    url = reverse("activities:activity_edit", args=[participant.pk, activity.pk])
    response = client.post(
        url, _activity_data(status="finished", end_date="2026-03-01", version="1")
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.end_date, activity.version) == (
        "finished",
        datetime.date(2026, 3, 1),
        2,
    )
    assert ParticipantActivity.objects.count() == 1


def test_a_stale_catalogue_edit_is_a_409_and_keeps_the_input(client, unit):
    manager = make_user(Role.MANAGER, unit)
    item = make_catalogue_item(organisation=unit.organisation, name="Jobbklubb")
    client.force_login(manager)
    url = reverse("activities:catalogue_edit", args=[item.pk])
    data = {
        "name": "Jobbklubb tisdag",
        "description": "",
        "kind": "job_focused",
        "phase": "preparing",
        "indicator_codes": ["job_search"],
        "provider": "own_unit",
        "format": "group",
        "schedule": "",
        "capacity": "",
        "is_active": "on",
        "version": "1",
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "name": "Jobbklubb onsdag"})
    assert response.status_code == 409
    assert 'value="Jobbklubb onsdag"' in response.content.decode()
    assert CatalogueItem.objects.get(pk=item.pk).name == "Jobbklubb tisdag"


def test_the_activity_form_offers_the_participants_card_and_no_empty_radio(
    client, coach, participant
):
    from assessments.tests.factories import make_assessment

    client.force_login(coach)
    url = reverse("activities:activity_create", args=[participant.pk])
    before = client.get(url).content.decode()
    assert 'value="making_contact"' in before  # not assessed yet: every card's indicators
    make_assessment(coach=coach, participant=participant, code="smail")
    page = client.get(url).content.decode()
    assert 'value="belief_in_work"' in page
    for bip_only in ("making_contact", "network_support", "concentration"):
        assert f'value="{bip_only}"' not in page
    assert "---------" not in page
    assert 'name="kind" value=""' not in page
    assert 'name="status" value=""' not in page
