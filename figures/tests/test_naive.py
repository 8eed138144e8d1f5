"""Every figure of the page against a second, deliberately naive route: plain Python
over the rows of one mixed fixture, day by day where the database works with spans."""

import datetime
import itertools
import statistics
from decimal import ROUND_HALF_UP, Decimal

import pytest

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from activities import rules
from activities.models import ParticipantActivity
from activities.tests.factories import make_activity
from assessments.models import Answer, Assessment
from assessments.tests.factories import make_assessment
from core import method
from figures import selectors
from figures.models import BELIEF_CODE
from participants import services as participant_services
from participants.models import WORK_OR_STUDIES, CoachAssignment, Period
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db
D = datetime.date
FROM, TO = D(2026, 1, 1), D(2026, 6, 30)
WEEK = datetime.timedelta(days=7)


@pytest.fixture
def scope():
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit)
    # (enrolled, closed, outcome, activities as (kind, start, end, status), levels by day)
    people = [
        (
            D(2025, 10, 1),
            D(2026, 3, 31),
            "work_unsubsidised",
            [
                ("job_focused", D(2025, 11, 1), D(2026, 2, 1), "finished"),
                ("health", D(2026, 1, 10), D(2026, 3, 1), "finished"),
            ],
            {D(2025, 12, 1): [2, 2, 3, 1, 4, 2], D(2026, 3, 1): [3, 2, 4, 2, 4, None]},
        ),
        (
            D(2025, 6, 1),
            D(2026, 2, 14),
            "studies",
            [("social", D(2026, 1, 20), None, "ongoing")],
            {D(2025, 9, 1): [1, 1, 1, 1, 1, 1], D(2026, 1, 15): [2, 3, 1, 2, 2, 2]},
        ),
        (
            D(2026, 2, 1),
            None,
            None,
            [
                ("job_focused", D(2026, 2, 10), D(2026, 3, 10), "finished"),
                ("competence", D(2026, 4, 1), None, "ongoing"),
                ("health", D(2026, 5, 1), D(2026, 5, 20), "cancelled"),
            ],
            {D(2026, 2, 5): [3, 3, 3, 3, 3, 3], D(2026, 5, 5): [4, 2, 3, 5, 3, 4]},
        ),
        (D(2026, 3, 1), None, None, [], {D(2026, 3, 5): [2, 2, 2, 2, 2, 2]}),
        (
            D(2025, 1, 1),
            None,
            None,
            [
                ("job_focused", D(2025, 2, 1), None, "ongoing"),
                ("health", D(2026, 6, 1), None, "planned"),
            ],
            {
                D(2025, 12, 20): [4, 4, 4, 4, 4, 4],
                D(2026, 3, 20): [5, 3, 4, None, 4, 2],
                D(2026, 6, 19): [5, 4, 4, 4, 2, 2],
            },
        ),
        (
            D(2026, 1, 20),
            D(2026, 6, 1),
            "moved",
            [
                ("health", D(2026, 1, 25), D(2026, 2, 5), "finished"),
                ("social", D(2026, 3, 1), D(2026, 3, 20), "finished"),
                ("job_focused", D(2026, 6, 10), D(2026, 6, 20), "finished"),
            ],
            {D(2026, 1, 22): [1, 2, 1, 2, 1, 2], D(2026, 5, 1): [2, 2, 2, 3, 1, 3]},
        ),
        (D(2024, 1, 1), D(2025, 6, 1), "studies", [], {D(2024, 6, 1): [3] * 6}),
    ]
    for enrolled, closed, outcome, activities, levels in people:
        person = make_participant(coach=coach, started_on=enrolled)
        for kind, start, end, status in activities:
            make_activity(
                coach=coach,
                participant=person,
                kind=kind,
                start_date=start,
                end_date=end,
                status=status,
                indicator_codes=["health"] if kind == "health" else [],
            )
        for n, (day, answers) in enumerate(sorted(levels.items())):
            make_assessment(
                coach=coach, participant=person, on=day, levels=answers, coach_belief=2 + n % 3
            )
        if closed:
            participant_services.participant_close(
                actor=coach, participant=person, closed_on=closed, outcome=outcome
            )
    return selectors.Scope(organisation_ids=[unit.organisation_id], date_from=FROM, date_to=TO)


def _people(scope):
    return [
        p
        for p in selectors.filtered_people(scope)
        if any(
            pe.started_on <= scope.date_to
            and (pe.closed_on is None or pe.closed_on >= scope.date_from)
            for pe in Period.objects.filter(participant=p)
        )
    ]


def _days(start, end):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def test_flow(scope):
    periods = list(Period.objects.filter(participant__in=selectors.filtered_people(scope)))
    in_range = lambda d: d is not None and FROM <= d <= TO  # noqa: E731
    closed = [pe for pe in periods if in_range(pe.closed_on)]
    to_work = [pe for pe in closed if pe.outcome in WORK_OR_STUDIES]
    flow = selectors.flow(scope)
    assert flow.active == len(_people(scope)) == 6
    assert flow.new == len({pe.participant_id for pe in periods if in_range(pe.started_on)})
    assert flow.closed == len({pe.participant_id for pe in closed}) == 3
    assert flow.work_or_studies == len(to_work) == 2
    assert flow.median_days_to_work == statistics.median(
        (pe.closed_on - pe.started_on).days for pe in to_work
    )


def _occasions(person, code):
    """(day, level) per assessment with an answered scale question on the indicator, at
    the mean of its answers rounded half up."""
    result = {}
    for answer in Answer.objects.filter(
        assessment__participant=person,
        assessment__deleted_at__isnull=True,
        question__indicator__code=code,
        question__kind="scale",
        declined=False,
    ).select_related("assessment"):
        result.setdefault((answer.assessment.assessed_on, answer.assessment_id), []).append(
            answer.level
        )
    return [
        (day, int((Decimal(sum(v)) / len(v)).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
        for (day, _id), v in sorted(result.items())
    ]


def test_indicator_changes(scope):
    low = method.low_score_threshold()
    found = {c.code: c for c in selectors.indicator_changes(scope)}
    assert found
    for code, item in found.items():
        firsts, lasts, linked = [], [], []
        for person in _people(scope):
            occasions = [o for o in _occasions(person, code) if o[0] <= TO]
            if len(occasions) < 2:
                continue
            firsts.append(occasions[0][1])
            lasts.append(occasions[-1][1])
            linked.append(
                ParticipantActivity.objects.filter(participant=person).exists()
                and any(
                    code in (a.indicator_codes or [])
                    for a in ParticipantActivity.objects.filter(participant=person)
                )
            )
        changes = [b - a for a, b in zip(firsts, lasts, strict=True)]
        assert item.people == len(changes), code
        assert item.mean_change == round(sum(changes) / len(changes), 2), code
        assert item.improved == sum(c >= 1 for c in changes), code
        assert item.low_latest == sum(v < low for v in lasts), code
        assert item.low_with_activity == sum(
            v < low and k for v, k in zip(lasts, linked, strict=True)
        ), code


def test_cadence(scope):
    weeks = method.assessment_interval_weeks()
    follow_ups = on_time = assessments = 0
    for person in _people(scope):
        days = sorted(
            Assessment.objects.filter(participant=person, deleted_at__isnull=True).values_list(
                "assessed_on", flat=True
            )
        )
        for i, day in enumerate(days):
            if FROM <= day <= TO:
                assessments += 1
                if i:
                    follow_ups += 1
                    on_time += (day - days[i - 1]).days <= weeks * 7
    cadence = selectors.cadence(scope)
    assert (cadence.assessments, cadence.follow_ups, cadence.within_interval) == (
        assessments,
        follow_ups,
        on_time,
    )


def test_belief(scope):
    rated = [
        a
        for p in _people(scope)
        for a in Assessment.objects.filter(participant=p, deleted_at__isnull=True)
        if FROM <= a.assessed_on <= TO and a.coach_belief is not None
    ]
    gaps = [
        a.coach_belief - answer.level
        for a in rated
        for answer in Answer.objects.filter(
            assessment=a, question__indicator__code=BELIEF_CODE, declined=False
        )
    ]
    factors = selectors.success_factors(scope)
    assert factors.belief_mean == round(sum(a.coach_belief for a in rated) / len(rated), 2)
    assert factors.belief_people == len({a.participant_id for a in rated})
    if gaps:
        assert factors.belief_gap == round(sum(gaps) / len(gaps), 2)


def _window(person):
    periods = Period.objects.filter(participant=person)
    overlapping = [
        pe
        for pe in periods
        if pe.started_on <= TO and (pe.closed_on is None or pe.closed_on >= FROM)
    ]
    (period,) = overlapping  # one period each in this fixture
    return max(period.started_on, FROM), min(period.closed_on or TO, TO)


def test_breaks_and_parallel_time(scope):
    gap_days = method.activity_gap_days()
    longest, enrolled, both = [], 0, 0
    for person in _people(scope):
        start, end = _window(person)
        activities = list(ParticipantActivity.objects.filter(participant=person))
        run = best = 0
        for day in _days(start, end):
            running = [a for a in activities if rules.runs_on(a, day)]
            kinds = {a.kind for a in running}
            both += rules.is_parallel(kinds)
            run = 0 if running else run + 1
            best = max(best, run)
            enrolled += 1
        longest.append(best)
    gaps, together = selectors.activity_time(scope, gap_days=gap_days)
    assert gaps.people == len(longest)
    assert gaps.with_long_gap == sum(g > gap_days for g in longest)
    assert gaps.median_longest_gap == statistics.median(longest)
    assert together.enrolled_days == enrolled
    assert together.parallel_days == both


def test_job_focus_and_parallel(scope):
    job = parallel = 0
    for person in _people(scope):
        start, end = _window(person)
        kinds = {
            a.kind
            for a in ParticipantActivity.objects.filter(participant=person)
            if any(rules.runs_on(a, day) for day in _days(start, end))
        }
        job += rules.JOB_FOCUSED in kinds
        parallel += rules.is_parallel(kinds)
    factors = selectors.success_factors(scope)
    assert (factors.people, factors.with_job_focus, factors.with_parallel) == (
        len(_people(scope)),
        job,
        parallel,
    )


def test_bip_goal_orientation_is_one_occasion_rounded_half_up():
    from assessments.tests.factories import card, scale_codes

    unit = UnitFactory()
    coach = make_user(Role.COACH, unit)
    codes = scale_codes(card("bip"))
    person = make_participant(coach=coach, started_on=D(2026, 1, 5))
    for day, job_idea, improve in ((D(2026, 1, 10), 2, 3), (D(2026, 4, 10), 2, 2)):
        levels = [3] * len(codes)
        levels[codes.index("job_idea")] = job_idea
        levels[codes.index("improve_chances")] = improve
        make_assessment(coach=coach, participant=person, code="bip", on=day, levels=levels)
    scope = selectors.Scope(organisation_ids=[unit.organisation_id], date_from=FROM, date_to=TO)
    item = next(c for c in selectors.indicator_changes(scope) if c.code == "goal_orientation")
    occasions = _occasions(person, "goal_orientation")
    assert occasions == [(D(2026, 1, 10), 3), (D(2026, 4, 10), 2)]  # 2.5 rounds up to 3
    assert item.people == 1
    assert item.first_levels == {3: 1}
    assert item.latest_levels == {2: 1}


def test_new_per_quarter_outcomes_and_gender(scope):
    periods = list(Period.objects.filter(participant__in=selectors.filtered_people(scope)))
    started = [pe for pe in periods if FROM <= pe.started_on <= TO]
    quarters = dict(selectors.new_per_quarter(scope))
    assert quarters == {
        D(2026, 1, 1): sum(pe.started_on.month <= 3 for pe in started),
        D(2026, 4, 1): sum(pe.started_on.month > 3 for pe in started),
    }
    closed = [pe for pe in periods if pe.closed_on and FROM <= pe.closed_on <= TO]
    outcomes: dict[str, int] = {}
    for pe in closed:
        outcomes[pe.outcome] = outcomes.get(pe.outcome, 0) + 1
    assert selectors.flow(scope).outcomes == outcomes
    people = _people(scope)
    for gender, row in selectors.by_gender(scope).items():
        mine = [p for p in people if p.gender == gender]
        mine_closed = [pe for pe in closed if pe.participant.gender == gender]
        assert row["active"] == len(mine)
        assert row["closed"] == len({pe.participant_id for pe in mine_closed})
        assert row["work"] == len(
            {pe.participant_id for pe in mine_closed if pe.outcome in WORK_OR_STUDIES}
        )


def test_work_share_counts_people_like_the_closed_it_is_a_part_of():
    """A participant closed to work, enrolled again and closed to studies in the same
    range is one closed person and one person to work or studies, not two."""
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit)
    twice = make_participant(coach=coach, started_on=D(2025, 11, 1))
    participant_services.participant_close(
        actor=coach, participant=twice, closed_on=D(2026, 2, 1), outcome="work_unsubsidised"
    )
    participant_services.participant_reenrol(
        actor=coach,
        participant=twice,
        started_on=D(2026, 3, 1),
        referral_source="self",
        referral_date=None,
        coach=coach,
    )
    participant_services.participant_close(
        actor=coach, participant=twice, closed_on=D(2026, 5, 1), outcome="studies"
    )
    other = make_participant(coach=coach, started_on=D(2026, 1, 10))
    participant_services.participant_close(
        actor=coach, participant=other, closed_on=D(2026, 4, 1), outcome="moved"
    )
    scope = selectors.Scope(organisation_ids=[unit.organisation_id], date_from=FROM, date_to=TO)
    periods = Period.objects.filter(participant__in=selectors.filtered_people(scope))
    closed = [pe for pe in periods if pe.closed_on and FROM <= pe.closed_on <= TO]
    people_closed = {pe.participant_id for pe in closed}
    people_to_work = {pe.participant_id for pe in closed if pe.outcome in WORK_OR_STUDIES}
    flow = selectors.flow(scope)
    assert (flow.closed, flow.work_or_studies) == (len(people_closed), len(people_to_work))
    assert (flow.closed, flow.work_or_studies) == (2, 1)
    assert flow.work_or_studies <= flow.closed
    assert flow.median_days_to_work == statistics.median(
        (pe.closed_on - pe.started_on).days for pe in closed if pe.outcome in WORK_OR_STUDIES
    )


def test_coach_continuity_counts_changes_inside_the_period(scope):
    people = _people(scope)
    unit = people[0].unit
    other_coach = make_user(Role.COACH, unit)
    for person, day in ((people[0], D(2026, 3, 1)), (people[1], D(2026, 8, 1))):
        participant_services.coach_change(
            actor=other_coach,
            participant=person,
            new_coach=other_coach,
            changed_on=day,
            reason="Föräldraledighet",
            handover_note="Överlämning på möte",
        )
    changed = {
        c.participant_id
        for p in people
        for c in CoachAssignment.objects.filter(participant=p)
        if c.reason and FROM <= c.started_on <= TO
    }
    factors = selectors.success_factors(scope)
    assert factors.no_coach_change == len(people) - len(changed) == len(people) - 1
    assert factors.coach_changes == len(changed)


def test_what_works_means(scope):
    pairs: dict[str, list] = {}
    people: dict[str, set] = {}
    for person in selectors.participants(scope):
        activities = list(ParticipantActivity.objects.filter(participant=person))
        by_card: dict = {}
        for a in Assessment.objects.filter(participant=person, deleted_at__isnull=True):
            by_card.setdefault(a.version.instrument_id, []).append(a)
        for occasions in by_card.values():
            occasions.sort(key=lambda a: (a.assessed_on, a.id))
            for previous, current in itertools.pairwise(occasions):
                if not FROM <= current.assessed_on <= TO:
                    continue
                ran = [
                    a
                    for a in activities
                    if a.status in rules.RAN_STATUSES
                    and a.start_date <= current.assessed_on
                    and (a.end_date is None or a.end_date >= previous.assessed_on)
                ]
                job = any(a.kind == rules.JOB_FOCUSED for a in ran)
                other = any(a.kind != rules.JOB_FOCUSED for a in ran)
                combination = selectors._combination(job, other)
                before = {
                    x.question.code: x.level
                    for x in previous.answers.filter(declined=False, question__kind="scale")
                }
                for x in current.answers.filter(declined=False, question__kind="scale"):
                    if x.question.code in before:
                        pairs.setdefault(combination, []).append(x.level - before[x.question.code])
                        people.setdefault(combination, set()).add(person.pk)
    effects = {e.combination: e for e in selectors.what_works(scope, per_indicator=False)}
    assert pairs
    for combination in selectors.COMBINATIONS:
        found = pairs.get(combination, [])
        effect = effects[combination]
        assert effect.pairs == len(found), combination
        assert effect.people == len(people.get(combination, ())), combination
        assert effect.mean == (sum(found) / len(found) if found else None), combination


def test_county_organisations_side_by_side():
    """The county page's rows: each organisation's flow, counted person by person."""
    units = [UnitFactory(), UnitFactory()]
    for n, unit in enumerate(units):
        coach = make_user(Role.COACH, unit)
        for k in range(3 + 2 * n):
            person = make_participant(coach=coach, started_on=D(2025, 12, 1) + 2 * k * WEEK)
            if k % 2:
                participant_services.participant_close(
                    actor=coach,
                    participant=person,
                    closed_on=D(2026, 4, 1) + k * WEEK,
                    outcome="studies" if k % 4 == 1 else "moved",
                )
    organisations = [u.organisation_id for u in units]
    scope = selectors.Scope(organisation_ids=organisations, date_from=FROM, date_to=TO)
    rows = {r["organisation"].pk: r["flow"] for r in selectors.organisation_overview(scope)}
    assert set(rows) == set(organisations)
    for organisation in organisations:
        mine = [p for p in _people(scope) if p.organisation_id == organisation]
        periods = [pe for p in mine for pe in Period.objects.filter(participant=p)]
        closed = [pe for pe in periods if pe.closed_on and FROM <= pe.closed_on <= TO]
        flow = rows[organisation]
        assert flow.active == len(mine)
        assert flow.new == len({pe.participant_id for pe in periods if pe.started_on >= FROM})
        assert flow.closed == len({pe.participant_id for pe in closed})
        assert flow.work_or_studies == len(
            {pe.participant_id for pe in closed if pe.outcome in WORK_OR_STUDIES}
        )
    assert [(rows[o].active, rows[o].new) for o in organisations] == [(3, 0), (5, 2)]
