"""A county's worth of fictional data for benchmarks: organisations, units, coaches,
participants with periods, coach changes, activities and assessments every 13 weeks.

Progression depends on the combination of activities (job-focused together with
others progresses fastest, as BIP found), so the figures have something to show.
Reproducible from --seed. Uses bulk inserts; writes no access events, since no person
reads anything. Ends by rebuilding the figures' summary tables (figures_rebuild), which
bulk inserts bypass.
"""

import datetime
import random
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organisation, Role, Unit, User
from activities.models import ParticipantActivity
from assessments.models import Answer, Assessment
from instruments.models import InstrumentVersion
from participants.models import CoachAssignment, Participant, Period, TargetGroup

PROFILES = {  # share of participants, kinds of activity, step per occasion
    "both": (0.45, ("job_focused", "other"), 0.35),
    "job": (0.2, ("job_focused",), 0.2),
    "other": (0.2, ("other",), 0.05),
    "none": (0.15, (), -0.05),
}
OTHER_KINDS = ("social", "health", "competence")
OUTCOMES_GOOD = ("work_unsubsidised", "work_subsidised", "studies")
OUTCOMES_OTHER = ("other_intervention", "ill_health", "moved", "dropped_out", "other")
BATCH = 5000


class Command(BaseCommand):
    help = "Generate a county-scale fictional data set (default 50 000 participants)."

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=50_000)
        parser.add_argument("--organisations", type=int, default=8)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        started = time.perf_counter()
        rng = random.Random(options["seed"])
        today = timezone.localdate()
        first_day = today - datetime.timedelta(days=365 * options["years"])
        cards = list(
            InstrumentVersion.objects.filter(status="published", organisation__isnull=True)
            .order_by("instrument__code")
            .prefetch_related("questions")
        )
        scale = {c.pk: [q for q in c.questions.all() if q.kind == "scale"] for c in cards}
        with transaction.atomic():
            units, coaches, groups = self._structure(rng, options["organisations"])
        total = options["participants"]
        counts = {"assessments": 0, "activities": 0, "answers": 0}
        for offset in range(0, total, BATCH):
            with transaction.atomic():
                self._batch(
                    rng,
                    min(BATCH, total - offset),
                    offset,
                    units,
                    coaches,
                    groups,
                    cards,
                    scale,
                    first_day,
                    today,
                    counts,
                )
            self.stdout.write(f"  {min(offset + BATCH, total)} participants …")
        call_command("figures_rebuild", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} participants, {counts['assessments']} assessments "
                f"({counts['answers']} answers), {counts['activities']} activities "
                f"in {time.perf_counter() - started:.0f} s"
            )
        )

    def _structure(self, rng, n_orgs):
        units, coaches, groups = [], {}, {}
        for o in range(n_orgs):
            org, _ = Organisation.objects.get_or_create(name=f"Länskommun {o + 1}")
            for name in ("Född utomlands", "Funktionsnedsättning", "Långtidsarbetslös", "Ung"):
                groups.setdefault(org.pk, []).append(
                    TargetGroup.objects.get_or_create(organisation=org, name=name)[0]
                )
            for u in range(3):
                unit, _ = Unit.objects.get_or_create(organisation=org, name=f"Enhet {u + 1}")
                units.append(unit)
                for c in range(8):
                    user, created = User.objects.get_or_create(
                        username=f"lan{o + 1}-{u + 1}-{c + 1}",
                        defaults={"organisation": org, "first_name": "Coach", "last_name": str(c)},
                    )
                    if created:
                        user.set_unusable_password()
                        user.save()
                        Membership.objects.create(
                            user=user, organisation=org, unit=unit, role=Role.COACH
                        )
                    coaches.setdefault(unit.pk, []).append(user)
        return units, coaches, groups

    def _batch(
        self, rng, n, offset, units, coaches, groups, cards, scale, first_day, today, counts
    ):
        span = (today - first_day).days
        now = timezone.now()
        plans = []
        people = []
        for i in range(n):
            unit = rng.choice(units)
            start = first_day + datetime.timedelta(days=rng.randint(0, span - 30))
            profile = rng.choices(list(PROFILES), weights=[p[0] for p in PROFILES.values()])[0]
            length = rng.randint(250, 1800)
            closed = start + datetime.timedelta(days=length)
            plans.append((unit, start, profile, closed if closed < today else None))
            people.append(
                Participant(
                    organisation_id=unit.organisation_id,
                    unit=unit,
                    first_name="Fiktiv",
                    last_name=f"Person {offset + i}",
                    gender=rng.choices(["woman", "man", "other", "undisclosed"], [48, 48, 2, 2])[0],
                    birth_year=rng.randint(1960, 2008),
                    last_activity_at=now,
                )
            )
        people = Participant.objects.bulk_create(people)
        memberships = []
        periods, assignments, activities, assessments, answers_for = [], [], [], [], []
        for person, (unit, start, profile, closed) in zip(people, plans, strict=True):
            if rng.random() < 0.6:
                memberships.append(
                    Participant.target_groups.through(
                        participant_id=person.pk,
                        targetgroup_id=rng.choice(groups[unit.organisation_id]).pk,
                    )
                )
            unit_coaches = coaches[unit.pk]
            coach = rng.choice(unit_coaches)
            end = closed or today
            if rng.random() < 0.15 and (end - start).days > 60:
                change = start + datetime.timedelta(days=rng.randint(30, (end - start).days - 1))
                assignments.append(
                    CoachAssignment(
                        participant=person,
                        coach=coach,
                        started_on=start,
                        ended_on=change,
                        created_by=coach,
                    )
                )
                assignments.append(
                    CoachAssignment(
                        participant=person,
                        coach=rng.choice(unit_coaches),
                        started_on=change,
                        reason="Byte",
                        handover_note="Överlämnat" if rng.random() < 0.7 else "",
                        created_by=coach,
                    )
                )
            else:
                assignments.append(
                    CoachAssignment(
                        participant=person, coach=coach, started_on=start, created_by=coach
                    )
                )
            # Activities back to back, with an occasional gap.
            kinds = PROFILES[profile][1]
            day = start + datetime.timedelta(days=rng.randint(0, 20))
            while kinds and day < end:
                stop = day + datetime.timedelta(days=rng.randint(30, 110))
                for kind in kinds:
                    actual = rng.choice(OTHER_KINDS) if kind == "other" else kind
                    running = stop >= today
                    activities.append(
                        ParticipantActivity(
                            participant=person,
                            name=actual,
                            kind=actual,
                            start_date=day,
                            end_date=None if running else stop,
                            status="ongoing" if running else "finished",
                            created_by=coach,
                        )
                    )
                day = stop + datetime.timedelta(days=rng.choice([1, 1, 1, 1, 10, 30]))
            # Assessments every 13 weeks (give or take) with progression by profile.
            card = cards[0] if rng.random() < 0.7 or len(cards) == 1 else cards[1]
            step = PROFILES[profile][2]
            base = {q.pk: rng.uniform(1, 3.2) for q in scale[card.pk]}
            occasion, day = 0, start + datetime.timedelta(days=rng.randint(0, 14))
            gain = 0.0
            while day <= end:
                assessments.append(
                    Assessment(
                        participant=person,
                        organisation_id=unit.organisation_id,
                        version=card,
                        assessed_on=day,
                        mode="together",
                        coach_belief=rng.randint(1, 5),
                        created_by=coach,
                    )
                )
                levels = {}
                for question_id, level in base.items():
                    if rng.random() < 0.04:
                        levels[question_id] = None
                    else:
                        value = level + gain + rng.gauss(0, 0.5)
                        levels[question_id] = max(1, min(5, round(value)))
                answers_for.append(levels)
                gain += step
                occasion += 1
                day += datetime.timedelta(weeks=13, days=rng.randint(-7, 10))
            if closed:
                good = 0.25 + 0.1 * max(gain, 0)
                outcome = (
                    rng.choice(OUTCOMES_GOOD) if rng.random() < good else rng.choice(OUTCOMES_OTHER)
                )
            periods.append(
                Period(
                    participant=person,
                    started_on=start,
                    referral_source="employment_service",
                    closed_on=closed,
                    outcome=outcome if closed else "",
                    created_by=coach,
                )
            )
        Participant.target_groups.through.objects.bulk_create(memberships, batch_size=BATCH)
        Period.objects.bulk_create(periods, batch_size=BATCH)
        CoachAssignment.objects.bulk_create(assignments, batch_size=BATCH)
        ParticipantActivity.objects.bulk_create(activities, batch_size=BATCH)
        assessments = Assessment.objects.bulk_create(assessments, batch_size=BATCH)
        answers = [
            Answer(assessment=a, question_id=qid, level=level, declined=level is None)
            for a, levels in zip(assessments, answers_for, strict=True)
            for qid, level in levels.items()
        ]
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        counts["assessments"] += len(assessments)
        counts["activities"] += len(activities)
        counts["answers"] += len(answers)
