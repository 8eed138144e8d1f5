"""Each flag of the log review: what raises it, what does not, thresholds from settings."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import make_user
from audit.models import AccessEvent
from logreview.models import Flag
from logreview.selectors import flag_counts, flag_events
from participants import services as participant_services
from participants.models import Outcome, ReferralSource
from participants.tests.factories import make_participant

from .conftest import log, moment, move_to_unit

pytestmark = pytest.mark.django_db

JAN = (datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))
DAY = datetime.date(2026, 1, 20)


def flagged(actor, flag, period=JAN) -> list[AccessEvent]:
    return list(flag_events(actor=actor, flag=flag, date_from=period[0], date_to=period[1]))


# --- Access outside the caseload and the unit --------------------------------------


def test_a_coach_reading_another_units_participant_is_flagged(
    security_officer, coach, other_participant
):
    event = log(coach, other_participant, moment(DAY))
    assert flagged(security_officer, Flag.OUTSIDE_CASELOAD) == [event]


def test_own_participant_unit_colleague_and_unit_manager_are_not_flagged(
    security_officer, unit, coach, manager, participant, other_coach, other_participant
):
    colleague = make_user(Role.COACH, unit)
    org_wide_manager = make_user(Role.MANAGER, None, organisation=unit.organisation)
    log(coach, participant, moment(DAY))  # their own participant
    log(colleague, participant, moment(DAY))  # a coach of the participant's unit
    log(manager, participant, moment(DAY))  # the unit's manager
    log(org_wide_manager, participant, moment(DAY))  # the organisation's manager
    log(other_coach, other_participant, moment(DAY))
    assert flagged(security_officer, Flag.OUTSIDE_CASELOAD) == []


def test_a_former_coach_is_judged_by_the_assignment_on_the_day_of_access(
    security_officer, unit, other_unit, coach, participant
):
    # The coach hands the participant over on 15 January and moves to another unit.
    successor = make_user(Role.COACH, unit)
    participant_services.coach_change(
        actor=coach,
        participant=participant,
        new_coach=successor,
        changed_on=datetime.date(2026, 1, 15),
        reason="Byter enhet",
        handover_note="Överlämnat muntligt",
    )
    move_to_unit(coach, other_unit)
    while_coach = log(coach, participant, moment(datetime.date(2026, 1, 10)))
    after = log(coach, participant, moment(datetime.date(2026, 1, 16)))
    events = flagged(security_officer, Flag.OUTSIDE_CASELOAD)
    assert after in events
    assert while_coach not in events


# --- Access after the case was closed ----------------------------------------------


@pytest.fixture
def closed(coach, participant):
    participant_services.participant_close(
        actor=coach,
        participant=participant,
        closed_on=datetime.date(2026, 2, 1),
        outcome=Outcome.STUDIES,
    )
    return participant


def test_access_more_than_the_grace_period_after_closing_is_flagged(
    settings, security_officer, coach, closed
):
    settings.LOG_REVIEW = {**settings.LOG_REVIEW, "AFTER_CLOSE_GRACE_DAYS": 30}
    period = (datetime.date(2026, 2, 1), datetime.date(2026, 3, 31))
    on_day_30 = log(coach, closed, moment(datetime.date(2026, 3, 3)))  # 1 Feb + 30 days
    on_day_31 = log(coach, closed, moment(datetime.date(2026, 3, 4)))
    assert flagged(security_officer, Flag.AFTER_CLOSE, period) == [on_day_31]
    assert on_day_30 not in flagged(security_officer, Flag.AFTER_CLOSE, period)


def test_the_grace_period_is_a_setting(settings, security_officer, coach, closed):
    settings.LOG_REVIEW = {**settings.LOG_REVIEW, "AFTER_CLOSE_GRACE_DAYS": 5}
    period = (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    on_day_5 = log(coach, closed, moment(datetime.date(2026, 2, 6)))
    on_day_6 = log(coach, closed, moment(datetime.date(2026, 2, 7)))
    assert flagged(security_officer, Flag.AFTER_CLOSE, period) == [on_day_6]
    assert on_day_5 not in flagged(security_officer, Flag.AFTER_CLOSE, period)


def test_access_during_an_open_period_is_not_flagged(security_officer, coach, participant, closed):
    before_closing = log(coach, participant, moment(datetime.date(2026, 1, 20)))
    participant_services.participant_reenrol(
        actor=coach,
        participant=closed,
        started_on=datetime.date(2026, 6, 1),
        referral_source=ReferralSource.SELF,
        referral_date=None,
        coach=coach,
    )
    after_reenrolment = log(coach, participant, moment(datetime.date(2026, 6, 10)))
    between = log(coach, participant, moment(datetime.date(2026, 5, 10)))
    year = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert flagged(security_officer, Flag.AFTER_CLOSE, year) == [between]
    assert before_closing not in flagged(security_officer, Flag.AFTER_CLOSE, year)
    assert after_reenrolment not in flagged(security_officer, Flag.AFTER_CLOSE, year)


# --- Many participants in a short time ---------------------------------------------


@pytest.fixture
def people(coach):
    return [make_participant(coach=coach) for _ in range(4)]


@pytest.fixture
def burst_settings(settings):
    settings.LOG_REVIEW = {
        **settings.LOG_REVIEW,
        "MANY_PARTICIPANTS": 3,
        "MANY_PARTICIPANTS_MINUTES": 10,
    }


def test_more_than_n_participants_within_m_minutes_is_flagged(
    burst_settings, security_officer, coach, people
):
    events = [log(coach, person, moment(DAY, 10, minute)) for minute, person in enumerate(people)]
    # The fourth distinct participant within ten minutes passes the threshold of three.
    assert flagged(security_officer, Flag.MANY_PARTICIPANTS) == [events[3]]
    page = flagged(security_officer, Flag.MANY_PARTICIPANTS)[0]
    assert page.window_count == 4


def test_the_same_number_spread_out_or_one_person_read_often_is_not_flagged(
    burst_settings, security_officer, coach, people
):
    for n, person in enumerate(people):
        log(coach, person, moment(DAY, 10, n * 4))  # 4 people over 12 minutes: never 4 in 10
    for minute in range(6):
        log(coach, people[0], moment(DAY, 14, minute))  # one person, six times
    assert flagged(security_officer, Flag.MANY_PARTICIPANTS) == []


def test_changes_are_not_reads(burst_settings, security_officer, coach, people):
    for person in people:
        log(coach, person, moment(DAY, 10, 1), action=AccessEvent.Action.CHANGE)
    assert flagged(security_officer, Flag.MANY_PARTICIPANTS) == []


def test_the_threshold_is_a_setting(settings, security_officer, coach, people):
    settings.LOG_REVIEW = {
        **settings.LOG_REVIEW,
        "MANY_PARTICIPANTS": 4,
        "MANY_PARTICIPANTS_MINUTES": 10,
    }
    for minute, person in enumerate(people):
        log(coach, person, moment(DAY, 10, minute))
    assert flagged(security_officer, Flag.MANY_PARTICIPANTS) == []


# --- Revealed personal numbers, exports and printouts -------------------------------


@pytest.mark.parametrize(
    ("flag", "action"),
    [
        (Flag.REVEAL, AccessEvent.Action.REVEAL),
        (Flag.EXPORT, AccessEvent.Action.EXPORT),
        (Flag.PRINT, AccessEvent.Action.PRINT),
    ],
)
def test_action_flags_show_their_action_only(security_officer, coach, participant, flag, action):
    hit = log(coach, participant, moment(DAY), action=action)
    log(coach, participant, moment(DAY), action=AccessEvent.Action.VIEW)
    assert flagged(security_officer, flag) == [hit]


def test_flags_only_count_the_period(security_officer, coach, participant):
    log(coach, participant, moment(datetime.date(2025, 12, 31), 23, 30), AccessEvent.Action.REVEAL)
    inside = log(coach, participant, moment(datetime.date(2026, 1, 1), 0, 10), "reveal")
    log(coach, participant, moment(datetime.date(2026, 2, 1), 0, 5), AccessEvent.Action.REVEAL)
    assert flagged(security_officer, Flag.REVEAL) == [inside]
    counts = flag_counts(actor=security_officer, date_from=JAN[0], date_to=JAN[1])
    assert counts[Flag.REVEAL] == 1
    assert set(counts) == set(Flag.values)


def test_the_flag_page_lists_the_events_with_links_to_the_search(
    client, security_officer, coach, other_participant
):
    log(coach, other_participant, moment(DAY))
    client.force_login(security_officer)
    page = client.get(
        reverse("logreview:flag", args=[Flag.OUTSIDE_CASELOAD]),
        {"date_from": "2026-01-01", "date_to": "2026-01-31"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Per Sydström" in html
    assert (
        f"/logguppfoljning/sok/?user={coach.pk}&amp;participant_id={other_participant.pk}"
        "&amp;date_from=2026-01-01&amp;date_to=2026-01-31"
    ) in html


def test_an_unknown_flag_is_404(client, security_officer):
    client.force_login(security_officer)
    assert client.get(reverse("logreview:flag", args=["nothing"])).status_code == 404


def test_the_many_participants_page_sums_up_per_user(
    client, burst_settings, security_officer, coach, people
):
    for minute, person in enumerate(people):
        log(coach, person, moment(DAY, 10, minute))
    client.force_login(security_officer)
    html = client.get(
        reverse("logreview:flag", args=[Flag.MANY_PARTICIPANTS]),
        {"date_from": "2026-01-01", "date_to": "2026-01-31"},
    ).content.decode()
    assert "Anna Norrsson" in html
    assert "<td>4</td>" in html
    assert f"?user={coach.pk}&amp;date_from=2026-01-20&amp;date_to=2026-01-20" in html


def test_overview_and_flag_pages_query_counts_do_not_grow_with_rows(
    client, burst_settings, security_officer, coach, other_participant, django_assert_num_queries
):
    closed = make_participant(coach=coach, started_on=datetime.date(2025, 6, 1))
    participant_services.participant_close(
        actor=coach, participant=closed, closed_on=datetime.date(2025, 11, 1), outcome=Outcome.MOVED
    )

    def rows(hour):
        """At least one event behind every flag, ten minutes of reads at `hour`."""
        people = [make_participant(coach=coach) for _ in range(4)]
        for minute, person in enumerate(people):
            log(coach, person, moment(DAY, hour, minute))
        for action in ("reveal", "export", "print"):
            log(coach, people[0], moment(DAY, hour, 5), action=action)
        log(coach, other_participant, moment(DAY, hour, 6))
        log(coach, closed, moment(DAY, hour, 7))

    urls = [reverse("logreview:overview")] + [
        reverse("logreview:flag", args=[flag]) for flag in Flag.values
    ]
    period = {"date_from": "2026-01-01", "date_to": "2026-01-31"}
    rows(8)
    client.force_login(security_officer)
    counts = {}
    for url in urls:
        client.get(url, period)
        with CaptureQueriesContext(connection) as few:
            client.get(url, period)
        counts[url] = len(few.captured_queries)
    for hour in range(9, 12):
        rows(hour)
    for url in urls:
        with django_assert_num_queries(counts[url]):
            assert client.get(url, period).status_code == 200
    flag_counts_now = flag_counts(
        actor=security_officer, date_from=datetime.date(2026, 1, 1), date_to=DAY
    )
    assert all(flag_counts_now[flag] >= 4 for flag in Flag.values), flag_counts_now
