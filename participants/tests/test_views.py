import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from audit.models import AccessEvent
from participants.models import Participant
from participants.tests.factories import make_participant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("logged_in_coach")]


def _create_data(unit, coach, **overrides):
    data = {
        "first_name": "Amina",
        "last_name": "Holm",
        "personal_identity_number": "",
        "birth_year": "1988",
        "gender": "woman",
        "preferred_language": "somaliska",
        "unit": unit.pk,
        "coach": coach.pk,
        "started_on": "2026-03-02",
        "referral_source": "social_services",
        "referral_date": "2026-02-20",
    }
    data.update(overrides)
    return data


def test_registering_a_participant_shows_them_in_the_caseload(client, unit, coach):
    response = client.post(reverse("participants:create"), _create_data(unit, coach))
    participant = Participant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:detail", args=[participant.pk])
    caseload = client.get(reverse("participants:caseload")).content.decode()
    assert "Mina deltagare" in caseload
    assert "Holm, Amina" in caseload


def test_invalid_registration_keeps_input_shows_errors_and_saves_nothing(client, unit, coach):
    response = client.post(
        reverse("participants:create"),
        _create_data(
            unit,
            coach,
            first_name="",
            personal_identity_number="19811228-9875",
            started_on="2099-01-01",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert Participant.objects.count() == 0
    assert "Formuläret innehåller fel" in page
    assert "Detta fält måste fyllas i." in page
    assert "Kontrollsiffran stämmer inte" in page
    assert "framtiden" in page
    assert 'value="19811228-9875"' in page
    assert 'value="Holm"' in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="first_name-error' in page


def test_duplicate_personal_number_links_to_the_existing_record(client, unit, coach):
    existing = make_participant(coach=coach, personal_identity_number="198112289874")
    response = client.post(
        reverse("participants:create"),
        _create_data(unit, coach, personal_identity_number="811228-9874", birth_year=""),
    )
    page = response.content.decode()
    assert Participant.objects.count() == 1
    assert "Personnumret finns redan registrerat." in page
    assert reverse("participants:detail", args=[existing.pk]) in page
    event = AccessEvent.objects.get(participant=existing, what="personnummerkontroll")
    assert (event.actor, event.action) == (coach, AccessEvent.Action.VIEW)


def test_a_personal_number_in_another_unit_is_logged_and_says_only_whom_to_ask(client, unit, coach):
    other_unit = UnitFactory(organisation=unit.organisation, name="Enheten Norr")
    elsewhere = make_participant(
        coach=make_user(Role.COACH, other_unit),
        first_name="Hemligt",
        last_name="Namnsson",
        personal_identity_number="198112289874",
    )
    before = AccessEvent.objects.filter(participant=elsewhere).count()
    response = client.post(
        reverse("participants:create"),
        _create_data(unit, coach, personal_identity_number="811228-9874", birth_year=""),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert Participant.objects.count() == 1
    assert "finns redan registrerat på en annan enhet i organisationen" in page
    assert "Kontakta din chef" in page
    for detail in ("Hemligt", "Namnsson", "Enheten Norr", f"/deltagare/{elsewhere.pk}/"):
        assert detail not in page
    events = AccessEvent.objects.filter(participant=elsewhere).order_by("pk")
    assert events.count() == before + 1
    event = events.last()
    assert event.actor == coach
    assert event.action == AccessEvent.Action.VIEW
    assert event.what.startswith("personnummerkontroll")
    assert event.organisation_id == unit.organisation_id


def test_a_personal_number_not_held_writes_no_lookup_event(client, unit, coach):
    client.post(
        reverse("participants:create"),
        _create_data(unit, coach, personal_identity_number="811228-9874", birth_year=""),
    )
    assert Participant.objects.count() == 1
    assert not AccessEvent.objects.filter(what__startswith="personnummerkontroll").exists()


def test_birth_year_is_taken_from_the_personal_number(client, unit, coach):
    client.post(
        reverse("participants:create"),
        _create_data(unit, coach, personal_identity_number="811228-9874", birth_year=""),
    )
    participant = Participant.objects.get()
    assert participant.birth_year == 1981
    assert participant.personal_identity_number == "198112289874"


def test_a_conflicting_edit_is_refused_and_keeps_what_was_typed(client, unit, coach):
    participant = make_participant(coach=coach, first_name="Elin")
    url = reverse("participants:edit", args=[participant.pk])
    form = {
        "first_name": "Elin",
        "last_name": "Ny",
        "birth_year": "1990",
        "gender": "woman",
        "unit": unit.pk,
        "version": "1",
    }
    assert client.post(url, form).status_code == 302  # first save wins, version becomes 2
    response = client.post(url, dict(form, last_name="Annan"))  # still based on version 1
    page = response.content.decode()
    assert response.status_code == 409
    assert "Någon annan har ändrat" in page
    assert 'value="Annan"' in page
    participant.refresh_from_db()
    assert participant.last_name == "Ny"


def test_coach_change_form_requires_a_handover_note(client, unit, coach):
    participant = make_participant(coach=coach)
    other = make_user(Role.COACH, unit)
    url = reverse("participants:coach_change", args=[participant.pk])
    response = client.post(
        url, {"new_coach": other.pk, "changed_on": "2026-03-01", "reason": "Flytt"}
    )
    assert response.status_code == 200
    assert "Överlämning" in response.content.decode()
    assert participant.coach_assignments.count() == 1
    response = client.post(
        url,
        {
            "new_coach": other.pk,
            "changed_on": "2026-03-01",
            "reason": "Flytt",
            "handover_note": "Planen genomgången",
        },
    )
    assert response.status_code == 302
    detail = client.get(reverse("participants:detail", args=[participant.pk])).content.decode()
    assert "Planen genomgången" in detail
    assert "Flytt" in detail


def test_close_then_reenrol_through_the_pages(client, unit, coach):
    participant = make_participant(coach=coach, started_on=datetime.date(2025, 1, 1))
    client.post(
        reverse("participants:close", args=[participant.pk]),
        {"closed_on": "2025-06-30", "outcome": "studies", "note": ""},
    )
    detail = client.get(reverse("participants:detail", args=[participant.pk])).content.decode()
    assert "Studier" in detail
    assert "Skriv in på nytt" in detail
    response = client.post(
        reverse("participants:reenrol", args=[participant.pk]),
        {"started_on": "2025-06-01", "referral_source": "self", "coach": coach.pk},
    )
    assert "innan den förra avslutades" in response.content.decode()
    client.post(
        reverse("participants:reenrol", args=[participant.pk]),
        {"started_on": "2026-01-12", "referral_source": "self", "coach": coach.pk},
    )
    assert participant.periods.count() == 2


def test_list_searches_by_name_and_number_and_filters_status(client, unit, coach):
    make_participant(
        coach=coach, first_name="Karin", last_name="Ek", personal_identity_number="198112289874"
    )
    make_participant(coach=coach, first_name="Oskar", last_name="Lund")
    url = reverse("participants:list")
    assert "Ek, Karin" in client.get(url, {"q": "karin"}).content.decode()
    assert "Lund" not in client.get(url, {"q": "karin"}).content.decode()
    assert "Ek, Karin" in client.get(url, {"q": "811228"}).content.decode()
    assert "Lund, Oskar" in client.get(url, {"status": "active"}).content.decode()
    assert "Lund, Oskar" not in client.get(url, {"status": "closed"}).content.decode()


def test_list_query_count_does_not_grow_with_participants(
    client, unit, coach, django_assert_max_num_queries
):
    for _ in range(3):
        make_participant(coach=coach)
    url = reverse("participants:list")
    client.get(url)
    # +3 (SQLite) or +4 (PostgreSQL) for the one VIEW_LIST access-log row.
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for _ in range(20):
        make_participant(coach=coach)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("Exempelsson") == 23
