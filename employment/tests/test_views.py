import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from audit.models import AccessEvent
from employment.models import Employment
from participants.models import Outcome
from participants.tests.factories import make_participant

from .factories import make_employment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("logged_in_coach")]


def _data(**overrides):
    data = {
        "employer": "Solbacken",
        "occupation": "Vårdbiträde",
        "started_on": "2026-03-02",
        "ended_on": "2027-03-01",
        "extent": "100",
        "is_resource_employment": "on",
        "support": "wage_subsidy",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _post(client, participant, **overrides):
    return client.post(reverse("employment:create", args=[participant.pk]), _data(**overrides))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"support": "none"}, "support", "kräver ett anställningsstöd"),
        ({"ended_on": "2027-03-02"}, "ended_on", "högst ett år"),
        ({"ended_on": ""}, "ended_on", "ange slutdatum"),
        ({"ended_on": "2026-03-01"}, "ended_on", "före startdatumet"),
        ({"extent": "0"}, "extent", "från 1 till 100"),
        ({"extent": "101"}, "extent", "från 1 till 100"),
        ({"extent": "mycket"}, "extent", "heltal"),
    ],
)
def test_bad_input_shows_the_message_at_the_field_keeps_input_and_saves_nothing(
    client, participant, overrides, field, message
):
    response = _post(client, participant, **overrides)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Formuläret innehåller fel" in html
    assert f'id="{field}-error"' in html
    assert message in response.context["form"].errors[field][0]
    assert 'value="Solbacken"' in html
    assert not Employment.objects.exists()


def test_a_valid_resource_employment_is_saved_and_listed(client, participant):
    response = _post(client, participant)
    assert response.status_code == 302
    page = client.get(reverse("employment:list", args=[participant.pk])).content.decode()
    assert "Solbacken" in page
    assert "Resursanställning" in page
    assert "Lönebidrag" in page


def test_edit_with_a_stale_version_is_a_conflict_and_keeps_input(client, coach, participant):
    employment = make_employment(coach=coach, participant=participant)
    url = reverse("employment:edit", args=[participant.pk, employment.pk])
    data = _data(employer="Nytt namn", is_resource_employment=None, support="none", version="1")
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "employer": "Ännu ett namn"})
    assert response.status_code == 409
    assert "Någon annan har ändrat uppgifterna" in response.content.decode()
    assert 'value="Ännu ett namn"' in response.content.decode()
    employment.refresh_from_db()
    assert employment.employer == "Nytt namn"


@pytest.mark.parametrize(
    ("support", "outcome"),
    [("none", Outcome.WORK_UNSUBSIDISED), ("wage_subsidy", Outcome.WORK_SUBSIDISED)],
)
def test_close_for_work_from_the_employment_page(client, coach, participant, support, outcome):
    employment = make_employment(coach=coach, participant=participant, support=support)
    url = reverse("employment:close", args=[participant.pk, employment.pk])
    page = client.get(url).content.decode()
    assert 'value="2026-03-02"' in page
    assert str(outcome.label) in page
    response = client.post(url, {"closed_on": "2026-03-01"})
    assert "före anställningens början" in response.content.decode()
    assert participant.periods.get().is_open
    response = client.post(url, {"closed_on": "2026-03-09"})
    assert response.status_code == 302
    period = participant.periods.get()
    assert (period.closed_on, period.outcome) == (datetime.date(2026, 3, 9), outcome)


def test_reading_the_employment_page_is_logged(client, participant):
    client.get(reverse("employment:list", args=[participant.pk]))
    assert AccessEvent.objects.filter(
        participant=participant, action=AccessEvent.Action.VIEW, what="anställningar"
    ).exists()


def test_another_organisations_coach_gets_404(client, coach, participant):
    employment = make_employment(coach=coach, participant=participant)
    client.force_login(make_user(Role.COACH, UnitFactory()))
    for name, args in [
        ("employment:list", [participant.pk]),
        ("employment:edit", [participant.pk, employment.pk]),
        ("employment:close", [participant.pk, employment.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404


def test_an_employment_of_another_participant_is_404(client, coach, participant):
    other = make_participant(coach=coach)
    employment = make_employment(coach=coach, participant=other)
    url = reverse("employment:edit", args=[participant.pk, employment.pk])
    assert client.get(url).status_code == 404
