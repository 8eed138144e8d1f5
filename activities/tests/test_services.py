import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from activities import selectors, services
from activities.models import CatalogueItem, ParticipantActivity
from activities.tests.factories import make_activity, make_catalogue_item
from core.exceptions import RuleError

pytestmark = pytest.mark.django_db
D = datetime.date


def test_end_before_start_is_refused(coach, participant):
    with pytest.raises(RuleError):
        make_activity(
            coach=coach, participant=participant, start_date=D(2026, 3, 1), end_date=D(2026, 2, 1)
        )
    assert not ParticipantActivity.objects.exists()


def test_an_activity_from_another_organisations_catalogue_is_refused(coach, participant):
    foreign = make_catalogue_item(organisation=UnitFactory().organisation)
    with pytest.raises(RuleError):
        make_activity(coach=coach, participant=participant, item=foreign)


def test_an_archived_activity_cannot_be_added_but_stays_on_old_records(coach, participant, unit):
    item = make_catalogue_item(organisation=unit.organisation)
    kept = make_activity(coach=coach, participant=participant, item=item)
    item.is_active = False
    item.save()
    with pytest.raises(RuleError):
        make_activity(coach=coach, participant=participant, item=item)
    services.activity_update(
        actor=coach, activity=kept, data={"status": "finished", "end_date": D(2026, 3, 1)}
    )
    kept.refresh_from_db()
    assert kept.status == "finished"


def test_a_catalogue_activity_takes_its_kind_and_indicators(coach, participant, unit):
    item = make_catalogue_item(
        organisation=unit.organisation, kind="health", indicator_codes=["health"]
    )
    activity = make_activity(coach=coach, participant=participant, item=item, name="")
    assert activity.kind == "health"
    assert activity.indicator_codes == ["health"]
    assert activity.name == item.name


def test_suggestions_put_job_focused_first(unit):
    make_catalogue_item(
        organisation=unit.organisation, name="A hälsa", kind="health", indicator_codes=["health"]
    )
    make_catalogue_item(
        organisation=unit.organisation,
        name="Z jobb",
        kind="job_focused",
        indicator_codes=["health"],
    )
    found = selectors.suggestions_for(
        organisation_id=unit.organisation_id, indicator_codes=["health"]
    )
    assert [i.name for i in found["health"]] == ["Z jobb", "A hälsa"]


def test_coaches_browse_and_filter_but_only_managers_edit(client, coach, unit):
    make_catalogue_item(
        organisation=unit.organisation,
        name="Språkcafé",
        kind="competence",
        indicator_codes=["making_contact"],
    )
    make_catalogue_item(
        organisation=unit.organisation,
        name="Jobbsökarträff",
        kind="job_focused",
        provider="own_unit",
    )
    client.force_login(coach)
    page = client.get(reverse("activities:catalogue"), {"kind": "competence"}).content.decode()
    assert "Språkcafé" in page
    assert "Jobbsökarträff" not in page
    assert client.get(reverse("activities:catalogue_create")).status_code == 403
    manager = make_user(Role.MANAGER, unit)
    client.force_login(manager)
    response = client.post(
        reverse("activities:catalogue_create"),
        {
            "name": "Praktik",
            "kind": "job_focused",
            "phase": "preparing",
            "provider": "employment_service",
            "format": "individual",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert CatalogueItem.objects.filter(name="Praktik", organisation=unit.organisation).exists()


def test_activity_form_rejects_hours_over_forty_and_keeps_input(client, coach, participant):
    client.force_login(coach)
    response = client.post(
        reverse("activities:activity_create", args=[participant.pk]),
        {
            "name": "Arbetsträning hos Ica",
            "kind": "job_focused",
            "start_date": "2026-02-01",
            "hours_per_week": "45",
            "status": "ongoing",
        },
    )
    page = response.content.decode()
    assert "mellan 0 och 40" in page
    assert 'value="Arbetsträning hos Ica"' in page
    assert not ParticipantActivity.objects.exists()
