import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from audit.models import AccessEvent
from participants.models import Participant
from referrals.models import Referral, Status

from .factories import make_referral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("logged_in_manager")]


@pytest.fixture
def coach(unit):
    return make_user(Role.COACH, unit, first_name="Hanna", last_name="Holm")


def _form_data(unit, **overrides):
    data = {
        "unit": unit.pk,
        "source": "employment_service",
        "received_on": "2026-03-02",
        "first_name": "Amina",
        "last_name": "Sandberg",
        "personal_identity_number": "",
        "birth_year": "1981",
        "gender": "woman",
        "phone": "070-111 22 33",
        "preferred_language": "",
        "referrer_name": "Erik Lund",
        "referrer_office": "Arbetsförmedlingen Norrby",
        "referrer_contact": "",
        "reason": "Behöver kartläggning av arbetsförmågan.",
        "wished_start_on": "2026-03-16",
        "decision_on": "",
        "decision_reference": "",
    }
    data.update(overrides)
    return data


def test_a_manager_registers_and_finds_the_referral_in_the_inbox(client, unit, manager):
    response = client.post(reverse("referrals:create"), _form_data(unit))
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:inbox")
    page = client.get(reverse("referrals:inbox")).content.decode()
    assert "Sandberg, Amina" in page
    assert "2026-03-16" in page


def test_a_coach_registers_and_lands_on_the_referral(client, unit, coach):
    client.force_login(coach)
    response = client.post(reverse("referrals:create"), _form_data(unit))
    referral = Referral.objects.get()
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])
    page = client.get(response["Location"]).content.decode()
    assert "väntar på att enhetschefen fördelar" in page


def test_bad_registration_keeps_input_shows_errors_and_saves_nothing(client, unit, manager):
    response = client.post(
        reverse("referrals:create"),
        _form_data(unit, source="social_services", first_name="", reason="Vill börja arbeta."),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert Referral.objects.count() == 0
    assert "Formuläret innehåller fel" in page
    assert "Detta fält måste fyllas i." in page
    # The decision date is checked by the service; shown next to its field too.
    response = client.post(
        reverse("referrals:create"),
        _form_data(unit, source="social_services", reason="Vill börja arbeta."),
    )
    page = response.content.decode()
    assert Referral.objects.count() == 0
    assert 'id="decision_on-error"' in page
    assert "4 kap. 4 § socialtjänstlagen" in page
    assert "Vill börja arbeta." in page
    assert 'value="Sandberg"' in page


def test_assignment_enrols_and_leaves_the_inbox(client, unit, coach, manager):
    referral = make_referral(actor=coach)
    url = reverse("referrals:assign", args=[referral.pk])
    page = client.get(url).content.decode()
    assert "Hanna Holm" in page
    response = client.post(
        url, {"coach": coach.pk, "assigned_on": "2026-01-12", "version": referral.version}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.ASSIGNED
    assert referral.participant.coach_assignments.get().coach == coach
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    assert url not in inbox
    assert "Inga aktualiseringar väntar på fördelning." in inbox
    assert reverse("participants:detail", args=[referral.participant_id]) in inbox


def test_assignment_to_a_coach_outside_the_unit_is_refused_next_to_the_field(
    client, unit, coach, manager
):
    elsewhere = make_user(Role.COACH, UnitFactory(organisation=unit.organisation))
    referral = make_referral(actor=coach)
    response = client.post(
        reverse("referrals:assign", args=[referral.pk]),
        {"coach": elsewhere.pk, "assigned_on": "2026-01-12", "version": referral.version},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="coach-error"' in page
    assert "är inte handledare på" in page
    assert 'value="2026-01-12"' in page
    assert Participant.objects.count() == 0
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED


def test_a_user_of_another_organisation_is_not_a_choice(client, unit, coach, manager):
    stranger = make_user(Role.COACH, UnitFactory())
    referral = make_referral(actor=coach)
    response = client.post(
        reverse("referrals:assign", args=[referral.pk]),
        {"coach": stranger.pk, "assigned_on": "2026-01-12", "version": referral.version},
    )
    assert "Välj en handledare på enheten." in response.content.decode()
    assert Participant.objects.count() == 0


def test_assignment_on_a_stale_form_is_a_conflict(client, unit, coach, manager):
    referral = make_referral(actor=coach)
    response = client.post(
        reverse("referrals:assign", args=[referral.pk]),
        {"coach": coach.pk, "assigned_on": "2026-01-12", "version": referral.version + 5},
    )
    assert response.status_code == 409
    assert Participant.objects.count() == 0


def test_edit_detects_a_conflict_and_keeps_the_input(client, unit, coach, manager):
    referral = make_referral(actor=coach)
    url = reverse("referrals:edit", args=[referral.pk])
    data = _form_data(unit, first_name="Mina ändringar", version=referral.version)
    Referral.objects.filter(pk=referral.pk).update(version=referral.version + 1)
    response = client.post(url, data)
    assert response.status_code == 409
    assert 'value="Mina ändringar"' in response.content.decode()
    referral.refresh_from_db()
    assert referral.first_name != "Mina ändringar"
    data["version"] = referral.version
    assert client.post(url, data).status_code == 302
    referral.refresh_from_db()
    assert referral.first_name == "Mina ändringar"


def test_another_organisations_referral_is_404(client, manager):
    foreign = make_referral(actor=make_user(Role.COACH, UnitFactory()))
    for name in ("referrals:detail", "referrals:edit", "referrals:assign"):
        assert client.get(reverse(name, args=[foreign.pk])).status_code == 404
    assert foreign.full_name not in client.get(reverse("referrals:inbox")).content.decode()


def test_reading_a_referral_is_logged(client, coach, manager):
    referral = make_referral(actor=coach)
    client.get(reverse("referrals:detail", args=[referral.pk]))
    event = AccessEvent.objects.filter(action=AccessEvent.Action.VIEW).get()
    assert event.actor == manager
    assert event.what.startswith(f"aktualisering {referral.pk}")


def test_the_inbox_makes_the_same_queries_for_many_rows(
    client, unit, coach, manager, django_assert_num_queries
):
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("referrals:inbox")).status_code == 200
        return len(context)

    make_referral(actor=coach)
    one = count_queries()
    for _ in range(10):
        make_referral(actor=make_user(Role.COACH, unit))
    with django_assert_num_queries(one):
        client.get(reverse("referrals:inbox"))


def test_the_nav_shows_referrals_to_managers_only(client, coach, manager):
    assert "Aktualiseringar" in client.get(reverse("referrals:inbox")).content.decode()
    client.force_login(coach)
    page = client.get(reverse("participants:caseload")).content.decode()
    assert reverse("referrals:inbox") + '"' not in page


def test_the_assignment_offers_only_the_units_coaches(client, unit, coach, manager):
    other_unit = UnitFactory(organisation=unit.organisation)
    make_user(Role.COACH, other_unit, first_name="Olle", last_name="Annanenhet")
    referral = make_referral(actor=coach)
    page = client.get(reverse("referrals:assign", args=[referral.pk])).content.decode()
    assert "Hanna Holm" in page
    assert "Olle Annanenhet" not in page
