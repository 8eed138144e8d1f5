"""The figures that once said something other than their labels (issue #19), each
computed again by a second, deliberately naive route: plain Python over the rows."""

import datetime
import itertools

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from activities import rules
from activities.models import ParticipantActivity
from activities.tests.factories import make_activity
from assessments import cadence as due
from assessments.models import Answer, Assessment
from assessments.tests.factories import make_assessment
from figures import selectors
from participants import services as participant_services
from participants.models import CoachAssignment, Period
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db
D = datetime.date


def _scope(unit, date_from=None, date_to=None, **kw):
    return selectors.Scope(
        organisation_ids=[unit.organisation_id],
        date_from=date_from or D(2026, 1, 1),
        date_to=date_to or D(2026, 12, 31),
        **kw,
    )


# --- Assessments within the interval ------------------------------------------------


def _naive_on_time(scope, weeks):
    """Follow-ups in the period, and those made on or before the day the coach's due
    list says the next assessment is due (assessments.cadence.next_due)."""
    follow_ups = on_time = 0
    for person in selectors.participants(scope):
        days = sorted(
            Assessment.objects.filter(participant=person, deleted_at__isnull=True).values_list(
                "assessed_on", flat=True
            )
        )
        for previous, day in itertools.pairwise(days):
            if scope.date_from <= day <= scope.date_to:
                follow_ups += 1
                due_on = due.next_due(
                    period_started_on=previous, last_assessed_on=previous, interval_weeks=weeks
                )
                on_time += day <= due_on
    return follow_ups, on_time


def test_cadence_uses_the_due_lists_interval_not_a_week_more(unit, coach):
    # Follow-ups 91, 95 and 98 days after the previous one: only the first is on time
    # by the due list (13 weeks). The page used to allow 98 days and showed all three.
    person = make_participant(coach=coach, started_on=D(2025, 12, 1))
    day = D(2026, 1, 5)
    make_assessment(coach=coach, participant=person, on=day)
    for gap in (91, 95, 98):
        day += datetime.timedelta(days=gap)
        make_assessment(coach=coach, participant=person, on=day)
    scope = _scope(unit)
    cadence = selectors.cadence(scope)
    assert (cadence.follow_ups, cadence.within_interval) == _naive_on_time(scope, 13) == (3, 1)
    assert cadence.interval_weeks == 13
    assert cadence.grace_days == 0


def test_cadence_follows_the_organisations_interval_and_the_grace_setting(unit, coach, settings):
    unit.organisation.assessment_interval_weeks = 14
    unit.organisation.save()
    person = make_participant(coach=coach, started_on=D(2025, 12, 1))
    make_assessment(coach=coach, participant=person, on=D(2026, 1, 5))
    make_assessment(coach=coach, participant=person, on=D(2026, 1, 5) + datetime.timedelta(98))
    scope = _scope(unit)
    assert selectors.cadence(scope).within_interval == _naive_on_time(scope, 14)[1] == 1
    # With 13 weeks and no grace the 98 days are late; a grace of 7 days lets them in.
    unit.organisation.assessment_interval_weeks = 13
    unit.organisation.save()
    assert selectors.cadence(_scope(unit)).within_interval == 0
    settings.STEGVIS = {**settings.STEGVIS, "CADENCE_GRACE_DAYS": 7}
    cadence = selectors.cadence(_scope(unit))
    assert cadence.within_interval == 1
    assert cadence.grace_days == 7


def test_county_cadence_uses_each_organisations_interval(unit, coach):
    other_unit = UnitFactory()
    other_unit.organisation.assessment_interval_weeks = 10
    other_unit.organisation.save()
    other_coach = make_user(Role.COACH, other_unit)
    for c, gap in ((coach, 91), (other_coach, 91)):
        person = make_participant(coach=c, started_on=D(2025, 12, 1))
        make_assessment(coach=c, participant=person, on=D(2026, 1, 5))
        make_assessment(coach=c, participant=person, on=D(2026, 1, 5) + datetime.timedelta(gap))
    scope = selectors.Scope(
        organisation_ids=[unit.organisation_id, other_unit.organisation_id],
        date_from=D(2026, 1, 1),
        date_to=D(2026, 12, 31),
    )
    cadence = selectors.cadence(scope)
    # 91 days is on time at 13 weeks, late at 10.
    assert (cadence.follow_ups, cadence.within_interval) == (2, 1)
    assert cadence.interval_weeks is None  # the organisations differ


# --- Success factors 3 and 5: activities during enrolment ---------------------------


def _naive_activity_factors(scope):
    """Per participant in scope, the kinds of the activities that ran on a day inside
    both the period and one of their enrolment periods (activities.rules.runs_on)."""
    job = parallel = 0
    for person in selectors.participants(scope):
        kinds = set()
        periods = list(Period.objects.filter(participant=person))
        for activity in ParticipantActivity.objects.filter(participant=person):
            day = scope.date_from
            while day <= scope.date_to:
                enrolled = any(
                    p.started_on <= day and (p.closed_on is None or day <= p.closed_on)
                    for p in periods
                )
                if enrolled and rules.runs_on(activity, day):
                    kinds.add(activity.kind)
                    break
                day += datetime.timedelta(days=1)
        job += rules.JOB_FOCUSED in kinds
        parallel += rules.is_parallel(kinds)
    return job, parallel


def test_parallel_counts_only_activities_during_enrolment(unit, coach):
    # Closed 2026-10-14 with a job-focused activity during the enrolment and another
    # kind that started after it (2026-11-29): not parallel.
    closed = make_participant(coach=coach, started_on=D(2026, 1, 5))
    make_activity(
        coach=coach,
        participant=closed,
        kind="job_focused",
        start_date=D(2026, 3, 1),
        end_date=D(2026, 9, 1),
        status="finished",
    )
    make_activity(
        coach=coach,
        participant=closed,
        kind="health",
        start_date=D(2026, 11, 29),
        end_date=D(2026, 12, 10),
        status="finished",
    )
    participant_services.participant_close(
        actor=coach, participant=closed, closed_on=D(2026, 10, 14), outcome="moved"
    )
    # Another whose activities both ran during the enrolment: parallel.
    both = make_participant(coach=coach, started_on=D(2026, 1, 5))
    for kind in ("job_focused", "health"):
        make_activity(coach=coach, participant=both, kind=kind, start_date=D(2026, 2, 1))
    # A job-focused activity only before the enrolment: no job focus.
    before = make_participant(coach=coach, started_on=D(2026, 6, 1))
    make_activity(
        coach=coach,
        participant=before,
        kind="job_focused",
        start_date=D(2026, 2, 1),
        end_date=D(2026, 3, 1),
        status="finished",
    )
    scope = _scope(unit)
    factors = selectors.success_factors(scope)
    assert (factors.with_job_focus, factors.with_parallel) == _naive_activity_factors(scope)
    assert (factors.with_job_focus, factors.with_parallel) == (2, 1)


# --- Success factor 2: coach changes inside the period ------------------------------


def _naive_coach_changes(scope):
    """People in scope without a change of coach (a new coach with a reason) started in
    the period, and the changes in the period with a handover."""
    people = list(selectors.participants(scope))
    changes = [
        c
        for c in CoachAssignment.objects.filter(participant__in=people).exclude(reason="")
        if scope.date_from <= c.started_on <= scope.date_to
    ]
    changed = {c.participant_id for c in changes}
    return (
        sum(p.pk not in changed for p in people),
        len(changes),
        sum(bool(c.handover_note) for c in changes),
    )


def test_coach_continuity_of_a_past_period_ignores_later_changes(unit, coach):
    other = make_user(Role.COACH, unit)
    people = [make_participant(coach=coach, started_on=D(2026, 1, 5)) for _ in range(3)]
    for person, on in ((people[0], D(2026, 3, 1)), (people[1], D(2026, 8, 1))):
        participant_services.coach_change(
            actor=coach,
            participant=person,
            new_coach=other,
            changed_on=on,
            reason="Flytt",
            handover_note="Planen överlämnad",
        )
    # The first half of 2026: the change in August is after it.
    scope = _scope(unit, date_to=D(2026, 6, 30))
    factors = selectors.success_factors(scope)
    found = (factors.no_coach_change, factors.coach_changes, factors.changes_with_handover)
    assert found == _naive_coach_changes(scope) == (2, 1, 1)


# --- What works: intervals clustered by person ---------------------------------------


def _naive_pairs(scope):
    """The changes per question between consecutive assessments on the same card in
    the period, with the person and the kinds of activity that ran in between."""
    result = []
    for person in selectors.participants(scope):
        assessments = list(
            Assessment.objects.filter(participant=person, deleted_at__isnull=True)
            .select_related("version")
            .order_by("assessed_on", "id")
        )
        activities = list(ParticipantActivity.objects.filter(participant=person))
        for i, current in enumerate(assessments):
            if not scope.date_from <= current.assessed_on <= scope.date_to:
                continue
            previous = next(
                (
                    a
                    for a in reversed(assessments[:i])
                    if a.version.instrument_id == current.version.instrument_id
                ),
                None,
            )
            if previous is None:
                continue
            kinds = {
                a.kind
                for a in activities
                if a.status in rules.RAN_STATUSES
                and a.start_date <= current.assessed_on
                and (a.end_date is None or a.end_date >= previous.assessed_on)
            }
            job = rules.JOB_FOCUSED in kinds
            other = bool(kinds - {rules.JOB_FOCUSED})
            levels = {}
            for answer in Answer.objects.filter(assessment=previous).select_related("question"):
                if not answer.declined and answer.question.kind == "scale":
                    levels[answer.question.code] = answer.level
            for answer in Answer.objects.filter(assessment=current).select_related(
                "question__indicator"
            ):
                code = answer.question.code
                if not answer.declined and answer.question.kind == "scale" and code in levels:
                    indicator = answer.question.indicator.code
                    result.append((person.pk, job, other, indicator, answer.level - levels[code]))
    return result


def _naive_cluster_ci(changes_by_person: dict[int, list[int]]):
    """CR1 by hand: SE² = G/(G−1) · Σ_i (Σ_j (x_ij − m))² / N², t with G−1 df."""
    from scipy.stats import t

    values = [x for xs in changes_by_person.values() for x in xs]
    n, g = len(values), len(changes_by_person)
    mean = sum(values) / n
    squares = sum(sum(x - mean for x in xs) ** 2 for xs in changes_by_person.values())
    se = (g / (g - 1) * squares / n**2) ** 0.5
    margin = t.ppf(0.975, g - 1) * se
    return round(mean - margin, 2), round(mean + margin, 2)


def test_what_works_interval_is_clustered_by_person(unit, coach):
    # Six people with a job-focused and a health activity in between; each moves all
    # six SMAIL questions the same way, so the pairs of one person are alike.
    deltas = [2, -1, 1, 0, 2, -1]
    for n, delta in enumerate(deltas):
        person = make_participant(coach=coach, started_on=D(2026, 1, 5))
        make_assessment(coach=coach, participant=person, on=D(2026, 1, 10), levels=[3] * 6)
        for kind in ("job_focused", "health"):
            make_activity(
                coach=coach,
                participant=person,
                kind=kind,
                start_date=D(2026, 1, 20),
                end_date=D(2026, 3, 1),
                status="finished",
            )
        # One question declined for some: the people give different numbers of pairs.
        levels = [3 + delta] * 6 if n % 2 else [3 + delta] * 5 + [None]
        make_assessment(coach=coach, participant=person, on=D(2026, 4, 10), levels=levels)
    scope = _scope(unit)
    pairs = [p for p in _naive_pairs(scope) if p[1] and p[2]]
    by_person: dict[int, list[int]] = {}
    for person, _job, _other, _indicator, change in pairs:
        by_person.setdefault(person, []).append(change)
    effect = next(
        e
        for e in selectors.what_works(scope, per_indicator=False)
        if e.combination == "job_and_other"
    )
    assert effect.pairs == len(pairs) == 33
    assert effect.people == len(by_person) == 6
    assert effect.mean == pytest.approx(sum(c for *_, c in pairs) / len(pairs))
    assert effect.ci95 == _naive_cluster_ci(by_person)
    # Treating the 33 pairs as independent gave a much narrower interval.
    mean = effect.mean
    sd = (sum((c - mean) ** 2 for *_, c in pairs) / (len(pairs) - 1)) ** 0.5
    naive_margin = 1.96 * sd / len(pairs) ** 0.5
    low, high = effect.ci95
    assert high - low > 2 * naive_margin * 1.5
    # Per indicator, the same rule.
    health = next(
        e
        for e in selectors.what_works(scope)
        if e.code == "health" and e.combination == "job_and_other"
    )
    health_pairs: dict[int, list[int]] = {}
    for person, _job, _other, indicator, change in pairs:
        if indicator == "health":
            health_pairs.setdefault(person, []).append(change)
    assert health.pairs == sum(len(v) for v in health_pairs.values())
    assert health.people == len(health_pairs) >= 2
    assert health.ci95 == _naive_cluster_ci(health_pairs)


def test_no_interval_from_a_single_person(unit, coach):
    person = make_participant(coach=coach, started_on=D(2026, 1, 5))
    make_assessment(coach=coach, participant=person, on=D(2026, 1, 10), levels=[2] * 6)
    make_assessment(coach=coach, participant=person, on=D(2026, 4, 10), levels=[3, 4, 2, 3, 3, 5])
    effect = next(e for e in selectors.what_works(_scope(unit), per_indicator=False) if e.pairs)
    assert effect.pairs == 6
    assert effect.people == 1
    assert effect.ci95 is None  # six pairs, but one person


def test_the_managers_page_shows_the_cadence_on_the_due_lists_terms(client, unit, coach):
    person = make_participant(coach=coach, started_on=D(2025, 12, 1))
    make_assessment(coach=coach, participant=person, on=D(2026, 1, 5))
    make_assessment(coach=coach, participant=person, on=D(2026, 1, 5) + datetime.timedelta(95))
    client.force_login(make_user(Role.MANAGER, unit))
    response = client.get(
        reverse("figures:manager"), {"date_from": "2026-01-01", "date_to": "2026-12-31"}
    )
    assert response.context["cadence"].within_interval == 0
    assert response.context["cadence"].interval_weeks == 13
