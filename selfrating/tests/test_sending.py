"""Sending the link by e-mail or SMS (issue 15 §4): the message holds the link and
nothing personal, the sending is in the access log, bad input is said at the field."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from assessments.tests.factories import card
from audit.models import AccessEvent
from participants.tests.factories import make_participant
from selfrating import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("logged_in_coach")]


@pytest.fixture
def participant(coach):
    return make_participant(coach=coach, first_name="Leila", last_name="Nordin")


def _made_link(client, participant) -> str:
    page = client.post(
        reverse("selfrating:invitations", args=[participant.pk]),
        {"version": card("smail").pk, "presentation": "descriptions"},
    ).content.decode()
    assert "Skicka länken till deltagaren" in page
    return re.search(r'name="url" value="([^"]+)"', page).group(1)


def _sent_rows(participant):
    return AccessEvent.objects.filter(participant=participant, action=AccessEvent.Action.SEND)


def test_the_link_by_email_holds_nothing_personal(client, participant):
    url = _made_link(client, participant)
    response = client.post(
        reverse("selfrating:invitations", args=[participant.pk]),
        {"action": "send", "url": url, "channel": "email", "address": "leila@example.se"},
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["leila@example.se"]
    assert url in message.body
    for personal in ("Leila", "Nordin", f"/deltagare/{participant.pk}"):
        assert personal not in message.body.replace(url, "")
    [row] = _sent_rows(participant)
    assert "e-post" in row.what
    assert "leila@example.se" not in row.what


def test_the_link_by_sms_through_the_console_backend(client, participant, capsys):
    url = _made_link(client, participant)
    response = client.post(
        reverse("selfrating:invitations", args=[participant.pk]),
        {"action": "send", "url": url, "channel": "sms", "address": "070-123 45 67"},
    )
    assert response.status_code == 302
    out = capsys.readouterr().out
    assert "SMS to 0701234567" in out
    assert url in out
    assert "Leila" not in out
    assert "Nordin" not in out
    assert _sent_rows(participant).count() == 1


def test_a_bad_number_is_said_at_the_field_and_nothing_is_sent(client, participant, capsys):
    url = _made_link(client, participant)
    response = client.post(
        reverse("selfrating:invitations", args=[participant.pk]),
        {"action": "send", "url": url, "channel": "sms", "address": "12ab"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="address-error"' in page
    assert "mobilnummer med 8–15 siffror" in page
    assert 'value="12ab"' in page  # what was typed is kept
    assert url in page  # the link is still shown
    assert "SMS to" not in capsys.readouterr().out
    assert not _sent_rows(participant).exists()


def test_only_a_usable_link_of_this_participant_is_sent(client, coach, participant):
    url = _made_link(client, participant)
    other = make_participant(coach=coach)
    refused = client.post(
        reverse("selfrating:invitations", args=[other.pk]),
        {"action": "send", "url": url, "channel": "email", "address": "a@example.se"},
    )
    assert "Länken kan inte skickas" in refused.content.decode()
    invitation = participant.invitations.get()
    services.invitation_revoke(actor=coach, invitation=invitation)
    revoked = client.post(
        reverse("selfrating:invitations", args=[participant.pk]),
        {"action": "send", "url": url, "channel": "email", "address": "a@example.se"},
    )
    assert "Länken kan inte skickas" in revoked.content.decode()
    assert mail.outbox == []
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.SEND).exists()
