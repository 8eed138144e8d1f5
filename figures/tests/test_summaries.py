"""The summary tables (ADR 9) follow every change the services make, and a rebuild from
scratch gives the same rows. Small fixtures, expected rows worked out by hand."""

import datetime
import io

import pytest
from django.core.management import call_command

from activities import services as activity_services
from activities.tests.factories import make_activity
from assessments import services as assessment_services
from assessments.rules import AssessmentInput
from assessments.tests.factories import answers, card, make_assessment
from figures.models import (
    OPEN_END,
    ActivitySpan,
    AssessmentStep,
    IndicatorChange,
    IndicatorLevel,
)
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db
D = datetime.date
# SMAIL's six questions in the card's order, one per indicator (answers() fills them so).
SMAIL_INDICATORS = (
    "belief_in_work",
    "labour_market_knowledge",
    "goal_orientation",
    "cooperation",
    "daily_life",
    "health",
)


@pytest.fixture
def person(coach):
    return make_participant(coach=coach, started_on=D(2026, 1, 5))


def _levels(person, code="health"):
    """(assessed on, level, first level, valid to) of the summary rows of one indicator."""
    return list(
        IndicatorLevel.objects.filter(participant=person, code=code)
        .order_by("assessed_on", "assessment_id")
        .values_list("assessed_on", "level", "first_level", "valid_to")
    )


def _steps(person):
    """(assessed on, days since previous, has a pair, job, other, changes, sum, squares)."""
    return [
        (
            s.assessed_on,
            s.days_since_previous,
            s.previous_id is not None,
            s.job,
            s.other,
            s.changes,
            s.change_sum,
            s.change_squares,
        )
        for s in AssessmentStep.objects.filter(participant=person).order_by("assessed_on")
    ]


def _changes(person):
    """(assessed on, indicator, job, other, changes, sum, squares), by date and indicator."""
    return list(
        IndicatorChange.objects.filter(participant=person)
        .order_by("assessed_on", "code")
        .values_list(
            "assessed_on", "code", "job", "other", "changes", "change_sum", "change_squares"
        )
    )


def _snapshot():
    """Every summary row, without the surrogate keys."""
    return (
        sorted(
            IndicatorLevel.objects.values_list(
                "participant_id",
                "assessment_id",
                "code",
                "assessed_on",
                "valid_to",
                "level",
                "first_level",
                "linked",
            )
        ),
        sorted(
            AssessmentStep.objects.values_list(
                "assessment_id",
                "participant_id",
                "assessed_on",
                "days_since_previous",
                "previous_id",
                "job",
                "other",
                "changes",
                "change_sum",
                "change_squares",
                "coach_belief",
                "belief_answers",
                "belief_sum",
            )
        ),
        sorted(
            IndicatorChange.objects.values_list(
                "assessment_id",
                "participant_id",
                "code",
                "assessed_on",
                "job",
                "other",
                "changes",
                "change_sum",
                "change_squares",
            )
        ),
        sorted(
            ActivitySpan.objects.values_list(
                "participant_id", "kind_class", "starts_on", "ends_on", "previous_ends_on"
            )
        ),
    )


def _input(version, on, levels, **fields):
    return AssessmentInput(
        version=version, assessed_on=on, mode="together", answers=answers(version, levels), **fields
    )


def test_submitted_assessments_give_levels_from_the_second_occasion_on(coach, person):
    # SMAIL's six questions: belief in work, labour market, goal, cooperation, daily life,
    # health. Health: 2, then declined, then 4, then 3.
    make_assessment(coach=coach, participant=person, on=D(2026, 1, 10), levels=[1, 1, 1, 1, 1, 2])
    make_assessment(
        coach=coach, participant=person, on=D(2026, 4, 10), levels=[2, 2, 2, 2, 2, None]
    )
    assert _levels(person) == []  # one answered occasion of health: no change yet
    make_assessment(coach=coach, participant=person, on=D(2026, 7, 10), levels=[3, 3, 3, 3, 3, 4])
    make_assessment(coach=coach, participant=person, on=D(2026, 10, 9), levels=[3, 3, 3, 3, 3, 3])
    assert _levels(person) == [
        (D(2026, 7, 10), 4, 2, D(2026, 10, 9)),
        (D(2026, 10, 9), 3, 2, OPEN_END),
    ]
    # Belief in work was answered on all four: rows from the second on, first level 1.
    assert [row[1:3] for row in _levels(person, "belief_in_work")] == [(2, 1), (3, 1), (3, 1)]


def test_steps_carry_the_cadence_the_changes_and_the_coach_belief(coach, person):
    make_assessment(
        coach=coach,
        participant=person,
        on=D(2026, 1, 10),
        levels=[2, 2, 2, 2, 2, 2],
        coach_belief=4,
    )
    make_assessment(
        coach=coach, participant=person, on=D(2026, 4, 10), levels=[3, 1, 2, 2, 4, None]
    )
    # Changes on the five questions answered both times: +1, -1, 0, 0, +2.
    assert _steps(person) == [
        (D(2026, 1, 10), None, False, False, False, 0, 0, 0),
        (D(2026, 4, 10), 90, True, False, False, 5, 2, 6),
    ]
    first = AssessmentStep.objects.get(participant=person, assessed_on=D(2026, 1, 10))
    assert (first.coach_belief, first.belief_answers, first.belief_sum) == (4, 1, 2)


def test_a_correction_and_a_deletion_rebuild_the_participants_rows(coach, person):
    smail = card("smail")
    make_assessment(coach=coach, participant=person, on=D(2026, 1, 10), levels=[2] * 6)
    middle = make_assessment(coach=coach, participant=person, on=D(2026, 4, 10), levels=[3] * 6)
    make_assessment(coach=coach, participant=person, on=D(2026, 7, 10), levels=[5] * 6)
    assert [s[5:] for s in _steps(person)] == [(0, 0, 0), (6, 6, 6), (6, 12, 24)]
    # Health on the middle occasion corrected from 3 to 1, and the date moved.
    assessment_services.assessment_correct(
        actor=coach,
        assessment=middle,
        data=_input(smail, D(2026, 4, 17), [3, 3, 3, 3, 3, 1]),
        expected_revision=1,
    )
    assert _levels(person) == [
        (D(2026, 4, 17), 1, 2, D(2026, 7, 10)),
        (D(2026, 7, 10), 5, 2, OPEN_END),
    ]
    assert _steps(person)[1][:2] == (D(2026, 4, 17), 97)
    # 5 × (+1) and -1 to the middle; 5 × (+2) and +4 to the last.
    assert [s[5:] for s in _steps(person)] == [(0, 0, 0), (6, 4, 6), (6, 14, 36)]
    middle.refresh_from_db()
    assessment_services.assessment_delete(actor=coach, assessment=middle, reason="Fel dag")
    # The last occasion now pairs with the first: +3 on every question.
    assert _steps(person) == [
        (D(2026, 1, 10), None, False, False, False, 0, 0, 0),
        (D(2026, 7, 10), 181, True, False, False, 6, 18, 54),
    ]
    assert _levels(person) == [(D(2026, 7, 10), 5, 2, OPEN_END)]


def test_the_changes_per_indicator_follow_a_correction_and_a_deletion(coach, person):
    # SMAIL's six questions: belief in work, labour market, goal, cooperation, daily life,
    # health; one question per indicator.
    smail = card("smail")
    make_assessment(coach=coach, participant=person, on=D(2026, 1, 10), levels=[2] * 6)
    middle = make_assessment(
        coach=coach, participant=person, on=D(2026, 4, 10), levels=[3, 1, 2, 2, 4, None]
    )
    make_activity(
        coach=coach,
        participant=person,
        kind="job_focused",
        start_date=D(2026, 2, 1),
        end_date=D(2026, 3, 1),
        status="finished",
    )
    april = D(2026, 4, 10)
    # Health was declined in April: no change on it. The first occasion has none.
    assert [row for row in _changes(person) if row[1] in ("belief_in_work", "daily_life")] == [
        (april, "belief_in_work", True, False, 1, 1, 1),
        (april, "daily_life", True, False, 1, 2, 4),
    ]
    assert {row[1] for row in _changes(person)} == set(SMAIL_INDICATORS) - {"health"}
    assessment_services.assessment_correct(
        actor=coach,
        assessment=middle,
        data=_input(smail, april, [3, 1, 2, 2, 4, 5]),
        expected_revision=1,
    )
    assert (april, "health", True, False, 1, 3, 9) in _changes(person)
    make_assessment(coach=coach, participant=person, on=D(2026, 7, 10), levels=[5] * 6)
    middle.refresh_from_db()
    assessment_services.assessment_delete(actor=coach, assessment=middle, reason="Fel dag")
    # July now pairs with January: +3 on every indicator, the job activity in between.
    assert _changes(person) == [
        (D(2026, 7, 10), code, True, False, 1, 3, 9) for code in sorted(SMAIL_INDICATORS)
    ]


def test_an_activity_added_or_moved_changes_the_combination_of_the_pairs_it_overlaps(coach, person):
    for day in (D(2026, 1, 10), D(2026, 4, 10), D(2026, 7, 10)):
        make_assessment(coach=coach, participant=person, on=day, levels=[3] * 6)
    assert [s[3:5] for s in _steps(person)] == [(False, False)] * 3
    job = make_activity(
        coach=coach,
        participant=person,
        kind="job_focused",
        start_date=D(2026, 2, 1),
        end_date=D(2026, 3, 1),
        status="finished",
    )
    make_activity(
        coach=coach,
        participant=person,
        kind="health",
        start_date=D(2026, 3, 1),
        end_date=None,
        status="ongoing",
    )
    # First pair (10 Jan–10 Apr): both kinds; second pair (10 Apr–10 Jul): health only.
    assert [s[3:5] for s in _steps(person)] == [(False, False), (True, True), (False, True)]
    activity_services.activity_update(
        actor=coach, activity=job, data={"start_date": D(2026, 5, 1), "end_date": D(2026, 6, 1)}
    )
    assert [s[3:5] for s in _steps(person)] == [(False, False), (False, True), (True, True)]
    # A planned activity has not run: it changes nothing.
    make_activity(
        coach=coach,
        participant=person,
        kind="job_focused",
        start_date=D(2026, 1, 20),
        status="planned",
    )
    assert [s[3:5] for s in _steps(person)] == [(False, False), (False, True), (True, True)]


def test_activity_spans_merge_overlapping_and_next_day_activities(coach, person):
    for start, end, kind in [
        (D(2026, 1, 1), D(2026, 1, 31), "job_focused"),
        (D(2026, 2, 1), D(2026, 2, 28), "health"),  # the next day: one span of any kind
        (D(2026, 1, 15), D(2026, 1, 20), "job_focused"),  # inside the first
        (D(2026, 3, 10), None, "job_focused"),  # after a break, still running
    ]:
        make_activity(
            coach=coach,
            participant=person,
            kind=kind,
            start_date=start,
            end_date=end,
            status="finished" if end else "ongoing",
        )
    spans = sorted(
        ActivitySpan.objects.filter(participant=person).values_list(
            "kind_class", "starts_on", "ends_on", "previous_ends_on"
        )
    )
    assert spans == [
        ("any", D(2026, 1, 1), D(2026, 2, 28), None),
        ("any", D(2026, 3, 10), OPEN_END, D(2026, 2, 28)),
        ("job", D(2026, 1, 1), D(2026, 1, 31), None),
        ("job", D(2026, 3, 10), OPEN_END, D(2026, 1, 31)),
        ("other", D(2026, 2, 1), D(2026, 2, 28), None),
    ]


def test_a_linked_activity_marks_the_indicator(coach, person):
    make_assessment(coach=coach, participant=person, on=D(2026, 1, 10), levels=[2] * 6)
    make_assessment(coach=coach, participant=person, on=D(2026, 4, 10), levels=[2] * 6)
    assert not IndicatorLevel.objects.filter(participant=person, linked=True).exists()
    make_activity(coach=coach, participant=person, kind="health", indicator_codes=["health"])
    linked = IndicatorLevel.objects.filter(participant=person, linked=True)
    assert list(linked.values_list("code", flat=True)) == ["health"]


def test_two_questions_on_one_indicator_count_as_one_occasion_at_their_rounded_mean(coach, person):
    # BIP asks two questions on goal orientation (the first two scale questions).
    bip = card("bip")
    make_assessment(
        coach=coach, participant=person, code="bip", on=D(2026, 1, 10), levels=[1, 2] + [3] * 7
    )
    assert _levels(person, "goal_orientation") == []  # one occasion, not two
    make_assessment(
        coach=coach, participant=person, code="bip", on=D(2026, 4, 10), levels=[4, 3] + [3] * 7
    )
    # Mean 1.5 rounds to 2 on the first occasion; 3.5 to 4 on the second.
    assert _levels(person, "goal_orientation") == [(D(2026, 4, 10), 4, 2, OPEN_END)]
    assert bip.questions.filter(kind="scale").count() == 9


def test_the_rebuild_gives_the_same_rows_as_the_services_kept(coach, person):
    other = make_participant(coach=coach, started_on=D(2026, 1, 5))
    make_assessment(coach=coach, participant=person, on=D(2026, 1, 10), levels=[2] * 6)
    changed = make_assessment(coach=coach, participant=person, on=D(2026, 4, 10), levels=[3] * 6)
    make_assessment(coach=coach, participant=person, on=D(2026, 7, 10), levels=[4] * 6)
    make_assessment(coach=coach, participant=other, code="bip", on=D(2026, 2, 1), levels=[3] * 9)
    make_assessment(coach=coach, participant=other, code="bip", on=D(2026, 5, 1), levels=[4] * 9)
    make_assessment(coach=coach, participant=other, on=D(2026, 6, 1), levels=[1] * 6)
    activity = make_activity(
        coach=coach,
        participant=person,
        kind="job_focused",
        start_date=D(2026, 2, 1),
        indicator_codes=["health"],
    )
    make_activity(coach=coach, participant=other, kind="social", start_date=D(2026, 3, 1))
    activity_services.activity_update(
        actor=coach, activity=activity, data={"end_date": D(2026, 5, 1), "status": "finished"}
    )
    assessment_services.assessment_correct(
        actor=coach,
        assessment=changed,
        data=_input(card("smail"), D(2026, 4, 12), [5, 4, 3, 2, 1, None]),
        expected_revision=1,
    )
    kept = _snapshot()
    assert all(kept)
    call_command("figures_rebuild", stdout=io.StringIO())
    assert _snapshot() == kept


def test_a_self_rating_submitted_on_a_link_is_summarised(coach, person):
    from selfrating import services as selfrating_services

    make_assessment(coach=coach, participant=person, on=D(2026, 2, 1), levels=[3] * 6)
    invitation, _ = selfrating_services.invitation_create(
        actor=coach, participant=person, version=card("smail")
    )
    for number, level in enumerate(("4", "4", "declined", "2", "5", "1"), start=1):
        selfrating_services.draft_answer_save(
            invitation_id=invitation.pk, key=f"q_q{number}", value=level
        )
    selfrating_services.draft_answer_save(
        invitation_id=invitation.pk, key="job_search", value=["online_databases"]
    )
    assessment = selfrating_services.invitation_submit(invitation_id=invitation.pk)
    step = AssessmentStep.objects.get(assessment=assessment)
    # Five questions answered both times: +1, +1, -1, +2, -2.
    assert (step.changes, step.change_sum, step.change_squares) == (5, 1, 11)
    assert _levels(person) == [(assessment.assessed_on, 1, 3, OPEN_END)]
