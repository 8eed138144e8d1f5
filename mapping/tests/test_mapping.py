"""Mapping (kartläggning): meetings, the order of summary and approval, conflicts, and
the texts' sensitivity: never in lists, every read and print in the access log."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from assessments.tests.factories import make_assessment
from audit.models import AccessEvent
from core.exceptions import ConflictError, RuleError
from demo.mapping import demo_journey
from mapping import selectors, services
from mapping.models import Mapping, MappingApproval, MappingMeeting
from mapping.tests.factories import make_meeting, make_summary
from participants.tests.factories import make_participant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("logged_in_coach")]
DAY = datetime.timedelta(days=1)
SECRET = "RYGGBESVÄR-HEMLIGT"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def participant(coach, today):
    return make_participant(
        coach=coach, first_name="Amina", last_name="Holm", started_on=today - 60 * DAY
    )


def _text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _url(name, participant, *args):
    return reverse(f"mapping:{name}", args=[participant.pk, *args])


# Meetings


def test_a_meeting_without_a_date_is_refused_next_to_the_field_and_nothing_saved(
    client, participant
):
    response = client.post(_url("meeting_create", participant), {"minutes": "45"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Formuläret innehåller fel" in html
    assert 'id="held_on-error"' in html
    assert "Ange datum för kartläggningssamtalet." in html
    assert 'value="45"' in html  # what was typed is kept
    assert not MappingMeeting.objects.exists()
    assert not Mapping.objects.exists()


def test_the_service_refuses_a_meeting_without_a_date(coach, participant):
    with pytest.raises(RuleError):
        services.mapping_meeting_add(actor=coach, participant=participant, held_on=None, minutes=30)
    assert not Mapping.objects.exists()


def test_a_meeting_in_the_future_or_before_enrolment_is_refused(coach, participant, today):
    with pytest.raises(RuleError):
        make_meeting(coach=coach, participant=participant, held_on=today + DAY)
    with pytest.raises(RuleError):
        make_meeting(coach=coach, participant=participant, held_on=today - 61 * DAY)
    assert not MappingMeeting.objects.exists()


def test_a_meeting_over_an_hour_is_saved_with_a_visible_warning(client, participant, today):
    response = client.post(
        _url("meeting_create", participant),
        {"held_on": (today - DAY).isoformat(), "minutes": "75", "interpreter_used": "on"},
        follow=True,
    )
    html = response.content.decode()
    assert "Samtalet varade 75 minuter" in html
    assert "över en timme" in html
    meeting = MappingMeeting.objects.get()
    assert meeting.minutes == 75
    assert meeting.interpreter_used


def test_a_meeting_of_an_hour_gives_no_warning(client, participant, today):
    response = client.post(
        _url("meeting_create", participant),
        {"held_on": (today - DAY).isoformat(), "minutes": "60"},
        follow=True,
    )
    html = response.content.decode()
    assert "Kartläggningssamtalet är registrerat." in html
    assert "Samtalet varade" not in html
    assert "över en timme" not in html


# Summary and approval


def test_approval_before_a_summary_is_refused_and_nothing_saved(client, coach, participant, today):
    make_meeting(coach=coach, participant=participant)
    mapping = selectors.mapping_current(participant=participant)
    response = client.post(
        _url("approve", participant),
        {"approved_on": today.isoformat(), "confirmed": "on", "version": mapping.version},
    )
    assert response.status_code == 200
    assert "Skriv sammanfattningen först" in response.content.decode()
    mapping.refresh_from_db()
    assert mapping.approved_on is None
    assert not MappingApproval.objects.exists()


def test_approval_without_any_mapping_is_refused(coach, participant, today):
    with pytest.raises(RuleError):
        services.mapping_approve(
            actor=coach, participant=participant, approved_on=today, expected_version=None
        )
    assert not Mapping.objects.exists()


def test_summary_needs_a_meeting_first(coach, participant, today):
    with pytest.raises(RuleError):
        services.mapping_summary_save(
            actor=coach,
            participant=participant,
            summary="Text",
            assessment="",
            rehabilitation_proposals="",
            written_on=today,
            expected_version=None,
        )
    assert not Mapping.objects.exists()


def test_approval_not_before_the_summary_date(client, coach, participant, today):
    make_meeting(coach=coach, participant=participant, held_on=today - 10 * DAY)
    mapping = make_summary(coach=coach, participant=participant, written_on=today - 5 * DAY)
    response = client.post(
        _url("approve", participant),
        {
            "approved_on": (today - 6 * DAY).isoformat(),
            "confirmed": "on",
            "version": mapping.version,
        },
    )
    html = response.content.decode()
    assert 'id="approved_on-error"' in html
    assert "före datumet då sammanfattningen skrevs" in html
    with pytest.raises(RuleError):
        services.mapping_approve(
            actor=coach,
            participant=participant,
            approved_on=today - 6 * DAY,
            expected_version=mapping.version,
        )
    mapping.refresh_from_db()
    assert mapping.approved_on is None


def test_approval_then_a_changed_summary_clears_it_and_keeps_what_was_approved(
    client, coach, participant, today
):
    make_meeting(coach=coach, participant=participant, held_on=today - 10 * DAY)
    mapping = make_summary(
        coach=coach, participant=participant, summary="Första texten.", written_on=today - 5 * DAY
    )
    response = client.post(
        _url("approve", participant),
        {
            "approved_on": (today - 4 * DAY).isoformat(),
            "confirmed": "on",
            "version": mapping.version,
        },
    )
    assert response.status_code == 302
    mapping.refresh_from_db()
    assert mapping.approved_on == today - 4 * DAY
    with pytest.raises(RuleError):
        services.mapping_approve(
            actor=coach,
            participant=participant,
            approved_on=today,
            expected_version=mapping.version,
        )

    response = client.post(
        _url("summary_edit", participant),
        {
            "summary": "Andra texten.",
            "assessment": "Bedömning.",
            "rehabilitation_proposals": "Förslag.",
            "written_on": (today - 2 * DAY).isoformat(),
            "version": mapping.version,
        },
        follow=True,
    )
    assert "Godkännandet är återkallat" in response.content.decode()
    mapping.refresh_from_db()
    assert mapping.approved_on is None
    approval = MappingApproval.objects.get()
    assert approval.summary == "Första texten."
    assert approval.withdrawn_at is not None
    assert selectors.journey_steps(participant=participant)[0].done_on is None


def test_saving_the_summary_unchanged_keeps_the_approval(coach, participant, today):
    make_meeting(coach=coach, participant=participant, held_on=today - 10 * DAY)
    mapping = make_summary(coach=coach, participant=participant, written_on=today - 5 * DAY)
    mapping = services.mapping_approve(
        actor=coach, participant=participant, approved_on=today, expected_version=mapping.version
    )
    mapping, cleared = services.mapping_summary_save(
        actor=coach,
        participant=participant,
        summary=mapping.summary,
        assessment=mapping.assessment,
        rehabilitation_proposals=mapping.rehabilitation_proposals,
        written_on=mapping.summary_written_on,
        expected_version=mapping.version,
    )
    assert not cleared
    assert mapping.approved_on == today


def test_an_edit_based_on_an_older_version_is_a_conflict_and_keeps_the_input(
    client, coach, participant
):
    make_meeting(coach=coach, participant=participant)
    mapping = selectors.mapping_current(participant=participant)
    stale = mapping.version
    services.mapping_areas_save(
        actor=coach,
        participant=participant,
        areas=[services.AreaInput(area="body", facts="Först")],
        expected_version=stale,
    )
    response = client.post(
        _url("areas_edit", participant), {"version": stale, "body_facts": "Min text"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Någon annan har ändrat uppgifterna" in html
    assert "Min text" in html
    assert selectors.mapping_current(participant=participant).areas.get().facts == "Först"
    with pytest.raises(ConflictError):
        services.mapping_motivation_save(
            actor=coach, participant=participant, texts={}, expected_version=stale
        )


def test_areas_and_motivation_are_saved_and_shown(client, coach, participant):
    make_meeting(coach=coach, participant=participant)
    mapping = selectors.mapping_current(participant=participant)
    response = client.post(
        _url("areas_edit", participant),
        {
            "version": mapping.version,
            "body_facts": "Diskbråck",
            "body_obstacles": "Kan inte lyfta tungt",
            "leisure_resources": "Cyklar långa rundor",
        },
    )
    assert response.status_code == 302
    mapping.refresh_from_db()
    response = client.post(
        _url("motivation_edit", participant),
        {"version": mapping.version, "motivation_good_for_me": "Egen lön"},
    )
    assert response.status_code == 302
    html = client.get(_url("detail", participant)).content.decode()
    for text in ("Diskbråck", "Kan inte lyfta tungt", "Cyklar långa rundor", "Egen lön"):
        assert text in html
    assert "Kroppsfunktioner" in html
    assert "Professionellt nätverk" in html


# Sensitivity: lists, scoping, the access log


def _fill(coach, participant):
    make_meeting(coach=coach, participant=participant)
    mapping = selectors.mapping_current(participant=participant)
    mapping = services.mapping_areas_save(
        actor=coach,
        participant=participant,
        areas=[services.AreaInput(area="body", facts=SECRET, obstacles=SECRET + "-H")],
        expected_version=mapping.version,
    )
    mapping = services.mapping_motivation_save(
        actor=coach,
        participant=participant,
        texts={"motivation_good_for_me": SECRET + "-M"},
        expected_version=mapping.version,
    )
    return make_summary(coach=coach, participant=participant, summary=SECRET + "-S")


def test_mapping_texts_never_appear_on_list_pages(client, coach, participant):
    _fill(coach, participant)
    for url in (
        reverse("participants:list"),
        reverse("participants:list") + "?q=Amina",
        reverse("participants:caseload"),
        reverse("participants:detail", args=[participant.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Amina" in html, url
        assert SECRET not in html, url
    assert SECRET in client.get(_url("detail", participant)).content.decode()


@pytest.mark.parametrize("who", ["foreign_coach", "sibling_coach"])
def test_another_organisations_or_units_coach_gets_404_and_nothing_is_logged(
    client, coach, unit, participant, who
):
    mapping = _fill(coach, participant)
    other_unit = (
        UnitFactory() if who == "foreign_coach" else UnitFactory(organisation=unit.organisation)
    )
    client.force_login(make_user(Role.COACH, other_unit))
    before = AccessEvent.objects.count()
    for url in (
        _url("detail", participant),
        _url("meeting_create", participant),
        _url("areas_edit", participant),
        _url("motivation_edit", participant),
        _url("summary_edit", participant),
        _url("approve", participant),
        _url("summary_print", participant, mapping.pk),
        _url("summary_pdf", participant, mapping.pk),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET not in response.content.decode()
    assert AccessEvent.objects.count() == before


def test_a_mapping_of_another_participant_is_404(client, coach, participant):
    mapping = _fill(coach, participant)
    other = make_participant(coach=coach)
    response = client.get(_url("summary_print", other, mapping.pk))
    assert response.status_code == 404


def test_every_read_and_print_is_in_the_access_log(client, coach, participant):
    mapping = _fill(coach, participant)
    client.get(_url("detail", participant))
    views = AccessEvent.objects.filter(
        participant=participant, action=AccessEvent.Action.VIEW, what="kartläggning"
    )
    assert views.count() == 1
    client.get(_url("summary_edit", participant))
    client.get(_url("areas_edit", participant))
    assert views.count() == 3
    client.get(_url("summary_print", participant, mapping.pk))
    client.get(_url("summary_pdf", participant, mapping.pk))
    prints = AccessEvent.objects.filter(participant=participant, action=AccessEvent.Action.PRINT)
    assert prints.count() == 2
    assert all(event.what.startswith("kartläggning") for event in prints)
    assert views.count() == 5


def test_the_summary_pdf_has_the_summary_and_nothing_restricted(client, coach, participant, today):
    make_assessment(
        coach=coach,
        participant=participant,
        on=today - 20 * DAY,
        violence={"asked": True, "support_offered": True, "note": "SKYDDADANTECKNING"},
    )
    mapping = _fill(coach, participant)
    mapping = services.mapping_approve(
        actor=coach, participant=participant, approved_on=today, expected_version=mapping.version
    )
    response = client.get(_url("summary_pdf", participant, mapping.pk))
    assert response["Content-Type"] == "application/pdf"
    text = _text(response)
    assert "Sammanfattning av kartläggningen" in text
    assert SECRET + "-S" in text
    assert "Amina Holm" in text
    assert f"godkänd {today:%Y-%m-%d}" in text
    assert "SKYDDADANTECKNING" not in text
    assert "våld" not in text.lower()
    html = client.get(_url("summary_print", participant, mapping.pk)).content.decode()
    assert SECRET + "-S" in html


def test_a_closed_participant_cannot_be_mapped(client, coach, participant, today):
    make_meeting(coach=coach, participant=participant)
    from participants.services import participant_close

    participant_close(
        actor=coach, participant=participant, closed_on=today, outcome="studies", note=""
    )
    with pytest.raises(RuleError):
        make_meeting(coach=coach, participant=participant, held_on=today)
    html = client.get(_url("detail", participant)).content.decode()
    assert "som är avslutad" in html
    assert "Registrera samtal" not in html


# The journey and the demo


def test_journey_step_counts_meetings_and_is_done_on_the_approval(
    coach, participant, today, django_assert_num_queries
):
    with django_assert_num_queries(1):
        (step,) = selectors.journey_steps(participant=participant)
    assert step.key == "mapping"
    assert not step.is_done
    assert step.detail == "0 möten"
    make_meeting(coach=coach, participant=participant, held_on=today - 10 * DAY)
    make_meeting(coach=coach, participant=participant, held_on=today - 3 * DAY)
    mapping = make_summary(coach=coach, participant=participant, written_on=today - 2 * DAY)
    services.mapping_approve(
        actor=coach,
        participant=participant,
        approved_on=today - DAY,
        expected_version=mapping.version,
    )
    with django_assert_num_queries(1):
        (step,) = selectors.journey_steps(participant=participant)
    assert step.detail == "2 möten"
    assert step.done_on == today - DAY
    assert step.url == _url("detail", participant)


def test_demo_journey(coach, today):
    participant = make_participant(coach=coach, started_on=today - 200 * DAY)
    mapping = demo_journey(participant=participant, coach=coach, today=today)
    assert mapping.approved_on == today - 180 * DAY
    meetings = list(mapping.meetings.all())
    assert [(m.held_on, m.minutes, m.interpreter_used) for m in meetings] == [
        (today - 193 * DAY, 55, False),
        (today - 186 * DAY, 60, True),
    ]
    assert mapping.areas.count() >= 5
    assert mapping.motivation_good_for_me
    (step,) = selectors.journey_steps(participant=participant)
    assert step.done_on == today - 180 * DAY
    assert step.detail == "2 möten"
