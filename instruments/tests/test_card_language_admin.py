"""Issue 18 §1: an administrator adds a language to a card in the product, a coach sends a
link in it (marked "ej granskad"), and a language switched off cannot be chosen."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import make_user
from assessments.tests.factories import card
from instruments.cardtexts import text_keys
from instruments.models import CardLanguage
from participants.tests.factories import make_participant
from selfrating.models import Invitation

pytestmark = pytest.mark.django_db

POLISH = {
    "name": "BIP – karta postępów",
    "intro": "Pytania dotyczą pracy, nauki, zdrowia i codziennego życia.",
}


def _polish_texts(version) -> dict[str, str]:
    # Every key with a stand-in Polish text: the point here is the flow, not the words.
    return {key: POLISH.get(key, f"[pl] {key}") for key in text_keys(version)}


def test_add_a_language_fill_it_send_a_link_and_switch_it_off(client, unit):
    administrator = make_user(Role.ADMINISTRATOR, organisation=unit.organisation)
    coach = make_user(Role.COACH, unit)
    participant = make_participant(coach=coach, first_name="Jan")
    version = card("bip")
    client.force_login(administrator)

    # Added on the administrator's page, switched off until every text is there.
    languages_url = reverse("instruments:languages", args=[version.pk])
    response = client.post(
        languages_url,
        {"code": "pl", "name": "Polski", "swedish_name": "polska", "direction": "ltr"},
    )
    assert response.status_code == 302
    polish = CardLanguage.objects.get(version=version, code="pl")
    assert polish.organisation_id == unit.organisation_id
    assert not polish.enabled
    assert not polish.is_reviewed
    client.post(reverse("instruments:language_enable", args=[version.pk, "pl"]), {"enabled": "1"})
    polish.refresh_from_db()
    assert not polish.enabled  # texts missing: refused

    # The edit page shows the Swedish beside each field.
    edit_url = reverse("instruments:language", args=[version.pk, "pl"])
    page = client.get(edit_url).content.decode()
    assert "Har du en idé om vilket arbete du gärna vill ha?" in page
    assert 'lang="pl"' in page

    # Imported as a file.
    upload = SimpleUploadedFile(
        "pl.json", json.dumps(_polish_texts(version)).encode(), content_type="application/json"
    )
    response = client.post(edit_url, {"action": "import", "file": upload})
    assert response.status_code == 302
    polish.refresh_from_db()
    assert polish.texts["name"] == POLISH["name"]
    client.post(reverse("instruments:language_enable", args=[version.pk, "pl"]), {"enabled": "1"})
    polish.refresh_from_db()
    assert polish.enabled

    # The coach sees it, marked "ej granskad", and sends a link in it.
    client.force_login(coach)
    invitations_url = reverse("selfrating:invitations", args=[participant.pk])
    page = client.get(invitations_url).content.decode()
    assert "Polska – Polski (ej granskad)" in page
    assert "Arabiska – العربية (ej granskad)" in page
    assert "Svenska – Svenska</option>" in page  # the original is reviewed: not marked
    response = client.post(
        invitations_url,
        {"version": version.pk, "presentation": "descriptions", "language": "pl", "kiosk": "0"},
    )
    assert response.status_code == 200
    invitation = Invitation.objects.get()
    assert invitation.language == "pl"

    # The participant's pages are in Polish.
    token = response.content.decode().split("/s/")[1].split("/")[0]
    participant_client = client.__class__()
    participant_client.get(reverse("selfrating:open", args=[token]))
    start = participant_client.get(reverse("selfrating:start")).content.decode()
    assert '<html lang="pl" dir="ltr">' in start
    assert POLISH["intro"] in start

    # Switched off: the participant falls back to Swedish, the coach cannot choose it.
    client.force_login(administrator)
    client.post(reverse("instruments:language_enable", args=[version.pk, "pl"]), {"enabled": "0"})
    start = participant_client.get(reverse("selfrating:start")).content.decode()
    assert '<html lang="sv" dir="ltr">' in start
    assert POLISH["intro"] not in start
    client.force_login(coach)
    assert "Polski" not in client.get(invitations_url).content.decode()
    response = client.post(
        invitations_url,
        {"version": version.pk, "presentation": "descriptions", "language": "pl", "kiosk": "0"},
    )
    assert Invitation.objects.count() == 1
    assert "Kortet finns inte på det språket" in response.content.decode()


def test_switching_off_a_shipped_language_is_the_organisations_own(client, unit, organisation):
    administrator = make_user(Role.ADMINISTRATOR, organisation=organisation)
    version = card("smail")
    client.force_login(administrator)
    client.post(reverse("instruments:language_enable", args=[version.pk, "so"]), {"enabled": "0"})
    own = CardLanguage.objects.get(version=version, code="so", organisation=organisation)
    assert not own.enabled
    shipped = CardLanguage.objects.get(version=version, code="so", organisation__isnull=True)
    assert shipped.enabled  # other organisations keep it


def test_review_is_recorded_and_an_edit_makes_it_unreviewed_again(client, organisation):
    administrator = make_user(Role.ADMINISTRATOR, organisation=organisation)
    version = card("smail")
    client.force_login(administrator)
    url = reverse("instruments:language", args=[version.pk, "ar"])
    response = client.post(
        url, {"action": "review", "reviewed_by": "Auktoriserad översättare A", "reviewed_at": ""}
    )
    assert response.status_code == 200  # the date is required
    assert "Granskad den" in response.content.decode()
    client.post(
        url,
        {
            "action": "review",
            "reviewed_by": "Auktoriserad översättare A",
            "reviewed_at": "2026-11-30",
        },
    )
    arabic = CardLanguage.objects.get(version=version, code="ar", organisation=organisation)
    assert arabic.is_reviewed
    assert arabic.review_recorded_by == administrator
    data = {
        "action": "texts",
        "revision": arabic.revision,
        **{f"t-{k.replace('.', '__')}": v for k, v in arabic.texts.items()},
    }
    data["t-q__q1"] = "هل تعتقد أنك قادر على العمل؟"
    assert client.post(url, data).status_code == 302
    arabic.refresh_from_db()
    assert arabic.texts["q.q1"] == "هل تعتقد أنك قادر على العمل؟"
    assert not arabic.is_reviewed
    assert arabic.reviewed_by == ""
    # A form opened on the old revision is a conflict, and keeps the input.
    data["t-q__q1"] = "نص آخر"
    response = client.post(url, data)
    assert response.status_code == 409
