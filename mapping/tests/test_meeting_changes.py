"""Correcting and removing mapping meetings: the same rules as adding, the warning over an
hour, conflicts, the order against the matching decision, the access log and scoping."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from audit.models import AccessEvent
from core.exceptions import ConflictError, RuleError
from mapping import services
from mapping.models import MappingMeeting
from mapping.tests.factories import make_meeting, make_summary
from matching.tests.factories import make_decision
from participants.tests.factories import make_participant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("logged_in_coach")]
DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def participant(coach, today):
    return make_participant(coach=coach, started_on=today - 60 * DAY)


@pytest.fixture
def start(today):
    return today - 60 * DAY


@pytest.fixture
def meeting(coach, participant, start):
    return make_meeting(coach=coach, participant=participant, held_on=start + 5 * DAY)


def _url(name, participant, meeting):
    return reverse(f"mapping:{name}", args=[participant.pk, meeting.pk])


def _update(coach, participant, meeting, **changes):
    values = {
        "held_on": meeting.held_on,
        "minutes": meeting.minutes,
        "interpreter_used": meeting.interpreter_used,
        "expected_version": meeting.version,
    }
    values.update(changes)
    return services.mapping_meeting_update(
        actor=coach, participant=participant, meeting_id=meeting.pk, **values
    )


def _events(participant, action):
    return list(AccessEvent.objects.filter(participant=participant, action=action))


# Editing: the service


def test_an_edit_saves_the_meeting_bumps_its_version_and_logs_a_change(
    coach, participant, meeting, start
):
    updated = _update(coach, participant, meeting, held_on=start + 7 * DAY, minutes=40)
    updated.refresh_from_db()
    assert (updated.held_on, updated.minutes, updated.version) == (start + 7 * DAY, 40, 2)
    [event] = _events(participant, AccessEvent.Action.CHANGE)
    assert event.actor == coach
    assert f"kartläggningssamtal {start + 7 * DAY:%Y-%m-%d}" in event.what
    assert f"tidigare {start + 5 * DAY:%Y-%m-%d}" in event.what


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"held_on": None}, "held_on"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": None}, "minutes"),
    ],
)
def test_an_edit_follows_the_rules_of_adding(coach, participant, meeting, changes, field):
    with pytest.raises(RuleError) as error:
        _update(coach, participant, meeting, **changes)
    assert error.value.field == field
    meeting.refresh_from_db()
    assert meeting.version == 1
    assert not _events(participant, AccessEvent.Action.CHANGE)


def test_an_edit_into_the_future_or_before_the_period_is_refused(
    coach, participant, meeting, today, start
):
    for day in (today + DAY, start - DAY):
        with pytest.raises(RuleError) as error:
            _update(coach, participant, meeting, held_on=day)
        assert error.value.field == "held_on"
    meeting.refresh_from_db()
    assert meeting.held_on == start + 5 * DAY


def test_an_edit_over_an_hour_is_saved(coach, participant, meeting):
    updated = _update(coach, participant, meeting, minutes=90)
    assert updated.is_too_long
    assert MappingMeeting.objects.get().minutes == 90


def test_an_edit_based_on_an_older_version_is_a_conflict(coach, participant, meeting):
    _update(coach, participant, meeting, minutes=30)
    with pytest.raises(ConflictError):
        _update(coach, participant, meeting, minutes=45)  # still version 1
    assert MappingMeeting.objects.get().minutes == 30


def test_the_first_meeting_cannot_move_after_the_matching_decision(
    coach, participant, meeting, start
):
    make_meeting(coach=coach, participant=participant, held_on=start + 20 * DAY)
    make_decision(coach=coach, participant=participant, decided_on=start + 10 * DAY)
    with pytest.raises(RuleError) as error:
        _update(coach, participant, meeting, held_on=start + 12 * DAY)
    assert error.value.field == "held_on"
    assert f"{start + 10 * DAY:%Y-%m-%d}" in str(error.value)
    meeting.refresh_from_db()
    assert meeting.held_on == start + 5 * DAY
    # Up to the decision's date is allowed, and so is moving a later meeting.
    _update(coach, participant, meeting, held_on=start + 10 * DAY)
    meeting.refresh_from_db()
    assert meeting.held_on == start + 10 * DAY
    later = MappingMeeting.objects.get(held_on=start + 20 * DAY)
    _update(coach, participant, later, held_on=start + 30 * DAY)
    later.refresh_from_db()
    assert later.held_on == start + 30 * DAY


def test_a_decision_of_an_earlier_period_does_not_bind_the_meetings(
    coach, participant, meeting, start
):
    # Only decisions in the meeting's own period count: one dated before it is ignored.
    participant.matching_decisions.model.objects.create(
        participant=participant,
        decided_on=start - 100 * DAY,
        destination="studies",
        reason="Tidigare period.",
        created_by=coach,
    )
    _update(coach, participant, meeting, held_on=start + 30 * DAY)
    meeting.refresh_from_db()
    assert meeting.held_on == start + 30 * DAY


def test_the_first_meeting_cannot_move_after_the_written_summary(
    coach, participant, meeting, start
):
    make_summary(coach=coach, participant=participant, written_on=start + 8 * DAY)
    with pytest.raises(RuleError) as error:
        _update(coach, participant, meeting, held_on=start + 9 * DAY)
    assert error.value.field == "held_on"
    assert f"{start + 8 * DAY:%Y-%m-%d}" in str(error.value)
    meeting.refresh_from_db()
    assert meeting.held_on == start + 5 * DAY


# Removing: the service


def test_removing_needs_a_reason(coach, participant, meeting):
    with pytest.raises(RuleError) as error:
        services.mapping_meeting_remove(
            actor=coach,
            participant=participant,
            meeting_id=meeting.pk,
            reason="  ",
            expected_version=1,
        )
    assert error.value.field == "reason"
    assert MappingMeeting.objects.exists()
    assert not _events(participant, AccessEvent.Action.DELETE)


def test_removing_deletes_the_meeting_and_logs_it_with_the_reason(coach, participant, meeting):
    services.mapping_meeting_remove(
        actor=coach,
        participant=participant,
        meeting_id=meeting.pk,
        reason="Registrerat på fel deltagare",
        expected_version=1,
    )
    assert not MappingMeeting.objects.exists()
    [event] = _events(participant, AccessEvent.Action.DELETE)
    assert event.actor == coach
    assert f"kartläggningssamtal {meeting.held_on:%Y-%m-%d}" in event.what
    assert "Registrerat på fel deltagare" in event.what


def test_the_only_meeting_cannot_be_removed_after_a_matching_decision(coach, participant, meeting):
    make_decision(coach=coach, participant=participant)
    with pytest.raises(RuleError, match="enda kartläggningssamtalet"):
        services.mapping_meeting_remove(
            actor=coach,
            participant=participant,
            meeting_id=meeting.pk,
            reason="Fel",
            expected_version=1,
        )
    assert MappingMeeting.objects.filter(pk=meeting.pk).exists()
    assert not _events(participant, AccessEvent.Action.DELETE)


def test_one_of_several_meetings_can_be_removed_after_a_matching_decision(
    coach, participant, meeting, start
):
    other = make_meeting(coach=coach, participant=participant, held_on=start + 6 * DAY)
    make_decision(coach=coach, participant=participant, decided_on=start + 7 * DAY)
    services.mapping_meeting_remove(
        actor=coach,
        participant=participant,
        meeting_id=other.pk,
        reason="Dubbel",
        expected_version=1,
    )
    # Removing the first would leave the decision before the first meeting.
    make_meeting(coach=coach, participant=participant, held_on=start + 9 * DAY)
    with pytest.raises(RuleError, match="efter matchningsbeslutet"):
        services.mapping_meeting_remove(
            actor=coach,
            participant=participant,
            meeting_id=meeting.pk,
            reason="Fel",
            expected_version=1,
        )


def test_removing_an_edited_meeting_from_an_older_page_is_a_conflict(coach, participant, meeting):
    _update(coach, participant, meeting, minutes=30)
    with pytest.raises(ConflictError):
        services.mapping_meeting_remove(
            actor=coach,
            participant=participant,
            meeting_id=meeting.pk,
            reason="Fel",
            expected_version=1,
        )
    assert MappingMeeting.objects.exists()


# Views


def test_the_mapping_page_links_to_editing_and_removing_each_meeting(client, participant, meeting):
    html = client.get(reverse("mapping:detail", args=[participant.pk])).content.decode()
    assert _url("meeting_edit", participant, meeting) in html
    assert _url("meeting_remove", participant, meeting) in html


def test_the_edit_form_shows_the_meeting(client, participant, meeting):
    response = client.get(_url("meeting_edit", participant, meeting))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{meeting.held_on:%Y-%m-%d}"' in html
    assert 'value="50"' in html


def test_bad_input_is_shown_next_to_the_field_keeps_the_text_and_saves_nothing(
    client, participant, meeting
):
    response = client.post(
        _url("meeting_edit", participant, meeting),
        {"held_on": "", "minutes": "75", "version": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Formuläret innehåller fel" in html
    assert 'id="held_on-error"' in html
    assert "Ange datum för kartläggningssamtalet." in html
    assert 'value="75"' in html
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.version) == (50, 1)


def test_an_edit_over_an_hour_shows_the_warning(client, participant, meeting):
    response = client.post(
        _url("meeting_edit", participant, meeting),
        {"held_on": meeting.held_on.isoformat(), "minutes": "75", "version": "1"},
        follow=True,
    )
    html = response.content.decode()
    assert "Kartläggningssamtalet är ändrat." in html
    assert "Samtalet varade 75 minuter" in html
    assert MappingMeeting.objects.get().minutes == 75


def test_moving_after_the_decision_is_shown_next_to_the_date(
    client, coach, participant, meeting, start
):
    make_decision(coach=coach, participant=participant, decided_on=start + 10 * DAY)
    typed = (start + 12 * DAY).isoformat()
    response = client.post(
        _url("meeting_edit", participant, meeting),
        {"held_on": typed, "minutes": "50", "version": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="held_on-error"' in html
    assert "efter matchningsbeslutet" in html
    assert f'value="{typed}"' in html
    meeting.refresh_from_db()
    assert meeting.held_on == start + 5 * DAY


def test_an_edit_view_conflict_is_409_and_keeps_the_input(client, coach, participant, meeting):
    _update(coach, participant, meeting, minutes=30)
    response = client.post(
        _url("meeting_edit", participant, meeting),
        {"held_on": meeting.held_on.isoformat(), "minutes": "44", "version": "1"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Någon annan har ändrat uppgifterna" in html
    assert 'value="44"' in html
    assert MappingMeeting.objects.get().minutes == 30


def test_the_remove_view_needs_a_reason_next_to_the_field(client, participant, meeting):
    response = client.post(_url("meeting_remove", participant, meeting), {"version": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="reason-error"' in html
    assert "Ange varför samtalet tas bort." in html
    assert MappingMeeting.objects.exists()


def test_the_remove_view_refuses_the_only_meeting_after_a_decision(
    client, coach, participant, meeting
):
    make_decision(coach=coach, participant=participant)
    response = client.post(
        _url("meeting_remove", participant, meeting), {"reason": "Fel datum", "version": "1"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "enda kartläggningssamtalet" in html
    assert "Fel datum" in html
    assert MappingMeeting.objects.exists()


def test_the_remove_view_removes_and_returns_to_the_mapping(client, participant, meeting):
    response = client.post(
        _url("meeting_remove", participant, meeting),
        {"reason": "Dubbelregistrerat", "version": "1"},
        follow=True,
    )
    assert "Kartläggningssamtalet är borttaget." in response.content.decode()
    assert not MappingMeeting.objects.exists()


def test_another_organisations_coach_gets_404_and_changes_nothing(client, participant, meeting):
    outsider = make_user(Role.COACH, UnitFactory())
    assert outsider.organisation_id != participant.organisation_id
    client.force_login(outsider)
    for name in ("meeting_edit", "meeting_remove"):
        url = _url(name, participant, meeting)
        assert client.get(url).status_code == 404
        data = {"held_on": meeting.held_on.isoformat(), "minutes": "10", "reason": "x"}
        assert client.post(url, {**data, "version": "1"}).status_code == 404
    meeting.refresh_from_db()
    assert meeting.minutes == 50


def test_a_meeting_of_another_participant_is_404(client, coach, participant, meeting):
    other = make_participant(coach=coach)
    for name in ("meeting_edit", "meeting_remove"):
        assert client.get(_url(name, other, meeting)).status_code == 404
