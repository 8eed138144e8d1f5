"""Creates fictional demo data. Safe to run twice: nothing is duplicated."""

import datetime
import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organisation, Role, Unit, User
from activities import services as activity_services
from activities.models import CatalogueItem
from assessments import services as assessment_services
from assessments.models import Assessment
from assessments.rules import AnswerInput, AssessmentInput
from demo import employment as employment_demo
from demo import groupactivities as group_demo
from demo import intake as intake_demo
from demo import journey as journey_demo
from demo import mapping as mapping_demo
from demo import matching as matching_demo
from demo import referrals as referral_demo
from demo import worktraining as worktraining_demo
from demo.catalogue import CATALOGUE
from instruments.models import InstrumentChoice, InstrumentVersion
from participants import services
from participants.models import Gender, Outcome, Participant, ReferralSource, TargetGroup
from participants.selectors import caseload
from plans import services as plan_services
from selfrating import services as selfrating_services

PASSWORD = "demo1234"  # noqa: S105 - fictional demo accounts, refused unless DEBUG

FIRST_NAMES = {
    Gender.WOMAN: [
        "Anna",
        "Maria",
        "Fatima",
        "Elin",
        "Sara",
        "Amira",
        "Karin",
        "Leila",
        "Johanna",
        "Hanna",
        "Noor",
        "Ida",
        "Linnea",
        "Sofia",
        "Aisha",
    ],
    Gender.MAN: [
        "Erik",
        "Johan",
        "Ahmed",
        "Lars",
        "Mohammed",
        "Oskar",
        "Anders",
        "Ali",
        "Per",
        "Jonas",
        "Yusuf",
        "Nils",
        "Mikael",
        "Daniel",
        "Samir",
    ],
}
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Hassan",
    "Lindberg",
    "Lindqvist",
    "Berg",
    "Axelsson",
    "Sandberg",
    "Holm",
    "Ali",
    "Ek",
    "Lund",
]
TARGET_GROUPS = ["Född utomlands", "Funktionsnedsättning", "Långtidsarbetslös", "Ung (16–29 år)"]
OUTCOMES = [
    Outcome.WORK_UNSUBSIDISED,
    Outcome.WORK_SUBSIDISED,
    Outcome.STUDIES,
    Outcome.OTHER_INTERVENTION,
    Outcome.ILL_HEALTH,
    Outcome.DROPPED_OUT,
]


class Command(BaseCommand):
    help = "Create fictional demo organisations, users and participants (idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo data sets the known password 'demo1234' and is refused when DEBUG is off."
            )
        with transaction.atomic():
            created = self._create()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready." if created else "Demo data already present; nothing added."
            )
        )
        self.stdout.write(
            "\nLog in at http://127.0.0.1:8000 with password demo1234 as:\n"
            "  handledare  – coach, Arbetsmarknadsenheten Norr (Mina deltagare)\n"
            "  handledare2 – coach, Arbetsmarknadsenheten Norr\n"
            "  chef        – manager of both units in Norrby kommun\n"
            "  admin       – administrator of Norrby kommun\n"
            "  sakerhet    – security officer of Norrby kommun (log review)\n"
            "  analytiker  – county analyst (aggregated figures only)\n"
            "  sodra       – coach in Söderå kommun (sees none of Norrby's people)\n"
        )

    def _user(self, username, first, last, organisation, roles):
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "organisation": organisation},
        )
        user.set_password(PASSWORD)
        user.save()
        for role, unit in roles:
            Membership.objects.get_or_create(
                user=user, organisation=organisation, unit=unit, role=role
            )
        return user

    def _create(self) -> bool:
        norrby, _ = Organisation.objects.get_or_create(name="Norrby kommun")
        sodera, _ = Organisation.objects.get_or_create(name="Söderå kommun")
        finsam, _ = Organisation.objects.get_or_create(
            name="Samordningsförbundet Länet",
            defaults={"kind": Organisation.Kind.COORDINATION_ASSOCIATION},
        )
        north, _ = Unit.objects.get_or_create(
            organisation=norrby, name="Arbetsmarknadsenheten Norr"
        )
        south, _ = Unit.objects.get_or_create(organisation=norrby, name="Jobbcentrum Syd")
        sodera_unit, _ = Unit.objects.get_or_create(
            organisation=sodera, name="Arbetsmarknadsenheten"
        )

        coach = self._user("handledare", "Hanna", "Handledare", norrby, [(Role.COACH, north)])
        coach2 = self._user("handledare2", "Hugo", "Berglund", norrby, [(Role.COACH, north)])
        coach3 = self._user("handledare3", "Helena", "Sund", norrby, [(Role.COACH, south)])
        manager = self._user(
            "chef", "Cecilia", "Chef", norrby, [(Role.MANAGER, north), (Role.MANAGER, south)]
        )
        self._user("admin", "Adam", "Administratör", norrby, [(Role.ADMINISTRATOR, None)])
        self._user("sakerhet", "Sigrid", "Säker", norrby, [(Role.SECURITY_OFFICER, None)])
        self._user("analytiker", "Alva", "Analytiker", finsam, [(Role.COUNTY_ANALYST, None)])
        sodra = self._user("sodra", "Sixten", "Söder", sodera, [(Role.COACH, sodera_unit)])

        groups = {}
        for org in (norrby, sodera):
            for name in TARGET_GROUPS:
                groups[org.pk, name], _ = TargetGroup.objects.get_or_create(
                    organisation=org, name=name
                )

        cards = {
            v.instrument.code: v
            for v in InstrumentVersion.objects.filter(
                status="published", organisation__isnull=True
            ).select_related("instrument")
        }
        for org, codes in ((norrby, ("smail", "bip")), (sodera, ("bip",))):
            for code in codes:
                InstrumentChoice.objects.get_or_create(
                    organisation=org,
                    instrument=cards[code].instrument,
                    defaults={"version": cards[code]},
                )

        for org in (norrby, sodera):
            for (
                name,
                description,
                kind,
                phase,
                indicators,
                provider,
                form,
                schedule,
                cap,
            ) in CATALOGUE:
                CatalogueItem.objects.get_or_create(
                    organisation=org,
                    name=name,
                    defaults={
                        "description": description,
                        "kind": kind,
                        "phase": phase,
                        "indicator_codes": indicators,
                        "provider": provider,
                        "format": form,
                        "schedule": schedule,
                        "capacity": cap,
                    },
                )

        if Participant.objects.filter(organisation__in=[norrby, sodera]).exists():
            return False
        self.cards = cards

        rng = random.Random(20261122)
        today = timezone.localdate()
        plan = [(north, coach, 20), (north, coach2, 8), (south, coach3, 8), (sodera_unit, sodra, 6)]
        for unit, unit_coach, count in plan:
            for _i in range(count):
                self._participant(
                    rng,
                    today,
                    unit,
                    unit_coach,
                    groups,
                    other_coach={coach: coach2, coach2: coach}.get(unit_coach),
                )
        self._self_ratings(coach)
        self._journey(today, north, manager, coach)
        return True

    def _journey(self, today, unit, manager, coach):
        """One participant walks the whole "Fler i Arbete" path, from a referral by
        Arbetsförmedlingen to a resursanställning, with SMAIL every 13 weeks."""
        participant = referral_demo.demo_journey(
            unit=unit, manager=manager, coach=coach, today=today
        )
        intake_demo.demo_journey(participant=participant, coach=coach, today=today)
        version = self.cards["smail"]
        scale = [q for q in version.questions.all() if q.kind == "scale"]
        trend = [[2, 2, 1, 3, 2, 2], [3, 3, 2, 3, 3, 3], [4, 4, 3, 4, 3, 4]]
        for days_ago, levels, belief in zip((199, 108, 17), trend, (2, 3, 4), strict=True):
            assessment_services.assessment_record(
                actor=coach,
                participant=participant,
                data=AssessmentInput(
                    version=version,
                    assessed_on=today - datetime.timedelta(days=days_ago),
                    mode=Assessment.Mode.TOGETHER,
                    answers={
                        q.code: AnswerInput(level=level)
                        for q, level in zip(scale, levels, strict=False)
                    },
                    coach_belief=belief,
                    job_search_channels=[],
                ),
            )
        health = CatalogueItem.objects.filter(
            organisation=participant.organisation, kind="health"
        ).first()
        if health is not None:
            activity_services.activity_add(
                actor=coach,
                participant=participant,
                catalogue_item=health,
                data={
                    "name": "",
                    "start_date": today - datetime.timedelta(days=190),
                    "end_date": today - datetime.timedelta(days=60),
                    "hours_per_week": 2,
                    "status": "finished",
                },
            )
        mapping_demo.demo_journey(participant=participant, coach=coach, today=today)
        matching_demo.demo_journey(participant=participant, coach=coach, today=today)
        worktraining_demo.demo_journey(participant=participant, coach=coach, today=today)
        group_demo.demo_groups(
            organisation=unit.organisation,
            unit=unit,
            coach=coach,
            participants=list(caseload(actor=coach).exclude(pk=participant.pk)[:6]),
            today=today,
        )
        employment_demo.demo_journey(participant=participant, coach=coach, today=today)
        journey_demo.demo_waiting_referrals(unit=unit, manager=manager, today=today)
        journey_demo.demo_in_progress(unit=unit, manager=manager, coach=coach, today=today)

    def _participant(self, rng, today, unit, coach, groups, other_coach):
        gender = rng.choice(
            [Gender.WOMAN, Gender.MAN, Gender.WOMAN, Gender.MAN, Gender.OTHER, Gender.UNDISCLOSED]
        )
        first = rng.choice(FIRST_NAMES.get(gender) or FIRST_NAMES[rng.choice(list(FIRST_NAMES))])
        started = today - datetime.timedelta(days=rng.randint(20, 700))
        participant = services.participant_create(
            actor=coach,
            profile={
                "first_name": first,
                "last_name": rng.choice(LAST_NAMES),
                "birth_year": rng.randint(1965, 2005),
                "gender": gender,
                "preferred_language": rng.choice(
                    ["svenska", "svenska", "arabiska", "somaliska", "dari", "engelska"]
                ),
                "needs_interpreter": rng.random() < 0.15,
                "unit": unit,
            },
            target_groups=[
                groups[unit.organisation_id, name]
                for name in rng.sample(TARGET_GROUPS, rng.randint(0, 2))
            ],
            coach=coach,
            started_on=started,
            referral_source=rng.choice(ReferralSource.values),
            referral_date=started - datetime.timedelta(days=rng.randint(3, 30)),
        )
        if other_coach and rng.random() < 0.25:
            services.coach_change(
                actor=coach,
                participant=participant,
                new_coach=other_coach,
                changed_on=started + datetime.timedelta(days=rng.randint(5, 15)),
                reason="Föräldraledighet",
                handover_note="Överlämning vid trepartssamtal. Aktivitetsplanen gicks igenom "
                "tillsammans med deltagaren.",
            )
        # The intake comes before any activity (activities start three days in or later).
        intake_demo.demo_intake(
            participant=participant,
            coach=coach,
            held_on=started + datetime.timedelta(days=2),
        )
        self._activities(rng, today, participant, coach, started)
        self._assessments(rng, today, participant, coach, started)
        self._plan(rng, participant, coach)
        if rng.random() < 0.3:
            services.participant_close(
                actor=coach,
                participant=participant,
                closed_on=max(
                    participant.assessments.order_by("-assessed_on")
                    .values_list("assessed_on", flat=True)
                    .first()
                    or started,
                    min(today, started + datetime.timedelta(days=rng.randint(60, 400))),
                ),
                outcome=rng.choice(OUTCOMES),
                note="",
            )

    def _assessments(self, rng, today, participant, coach, started):
        """An assessment every 13 weeks (give or take), with a gentle upward trend."""
        version = self.cards[
            "bip"
            if participant.organisation.name != "Norrby kommun" or rng.random() < 0.3
            else "smail"
        ]
        questions = list(version.questions.all())
        scale = [q for q in questions if q.kind == "scale"]
        multi = next((q for q in questions if q.kind == "multi_choice"), None)
        levels = {q.code: rng.randint(1, 3) for q in scale}
        day = started + datetime.timedelta(days=rng.randint(0, 10))
        # A few participants are overdue: their latest occasion is long ago.
        stop = today - datetime.timedelta(days=rng.choice([0, 0, 0, 40, 100]))
        belief = rng.randint(2, 4)
        while day <= stop:
            answers = {}
            for code in levels:
                if rng.random() < 0.06:
                    answers[code] = AnswerInput(declined=True)
                    continue
                levels[code] = max(1, min(5, levels[code] + rng.choice([-1, 0, 0, 1, 1])))
                answers[code] = AnswerInput(level=levels[code])
            channels = []
            if multi:
                plain = [o["code"] for o in multi.options if not o.get("exclusive")]
                channels = rng.sample(plain, rng.randint(0, 3)) or []
            belief = max(1, min(5, belief + rng.choice([-1, 0, 1])))
            assessment_services.assessment_record(
                actor=coach,
                participant=participant,
                data=AssessmentInput(
                    version=version,
                    assessed_on=day,
                    mode=rng.choice([m for m, _ in Assessment.Mode.choices]),
                    answers=answers,
                    coach_belief=belief,
                    job_search_channels=channels,
                ),
            )
            day += datetime.timedelta(weeks=13, days=rng.randint(-5, 10))

    def _activities(self, rng, today, participant, coach, started):
        """A job-focused activity most of the time, often in parallel with another kind;
        some participants have gaps, some only non-job-focused activities."""
        items = list(CatalogueItem.objects.filter(organisation=participant.organisation))
        job = [i for i in items if i.kind == "job_focused"]
        other = [i for i in items if i.kind != "job_focused"]
        day = started + datetime.timedelta(days=rng.randint(3, 20))
        while day < today:
            pool = job if rng.random() < 0.7 else other
            item = rng.choice(pool)
            length = datetime.timedelta(days=rng.randint(30, 120))
            end = day + length
            status = "finished" if end < today else "ongoing"
            activity_services.activity_add(
                actor=coach,
                participant=participant,
                catalogue_item=item,
                data={
                    "name": "",
                    "start_date": day,
                    "end_date": end if end < today or rng.random() < 0.5 else None,
                    "hours_per_week": rng.choice([None, 4, 8, 12, 20]),
                    "status": status,
                },
            )
            if rng.random() < 0.5:
                partner = rng.choice(other if item.kind == "job_focused" else job)
                p_end = day + datetime.timedelta(days=rng.randint(20, 90))
                activity_services.activity_add(
                    actor=coach,
                    participant=participant,
                    catalogue_item=partner,
                    data={
                        "name": "",
                        "start_date": day,
                        "end_date": p_end if p_end < today else None,
                        "hours_per_week": None,
                        "status": "finished" if p_end < today else "ongoing",
                    },
                )
            # Most continue without a break; some have a gap of a few weeks.
            day = end + datetime.timedelta(days=rng.choice([1, 1, 1, 7, 25]))

    def _plan(self, rng, participant, coach):
        latest = (
            participant.assessments.filter(deleted_at__isnull=True).order_by("-assessed_on").first()
        )
        if latest is None:
            return
        areas = list(latest.version.plan_areas.select_related("indicator"))[:-1]  # not "Övrigt"
        questions = list(latest.version.questions.select_related("indicator"))

        def codes(area) -> set[str]:
            """The indicators a plan area stands for: its own, or its theme's questions'."""
            if area.indicator_id:
                return {area.indicator.code}
            return {
                q.indicator.code for q in questions if q.theme_id == area.theme_id and q.indicator
            }

        activities = list(participant.activities.filter(status__in=["ongoing", "planned"]))

        def related(area) -> list:
            return [a for a in activities if codes(area) & set(a.indicator_codes or [])]

        # Rows for areas the participant's activities work on, so no row pairs an
        # indicator with an unrelated activity; other areas fill up without one.
        sampled = rng.sample(areas, 2)
        picked = [a for a in sampled if related(a)]
        picked += [a for a in areas if related(a) and a not in picked][: 2 - len(picked)]
        picked += [a for a in sampled if a not in picked][: 2 - len(picked)]
        rows = []
        for area in picked:
            generic = rng.choice(
                [
                    "Ha ett CV klart till nästa träff.",
                    "Söka tre jobb i veckan.",
                    "Ta kontakt med en ny person varje vecka.",
                ]
            )
            linked = related(area)[:1]
            rows.append(
                plan_services.RowInput(
                    area_id=area.pk,
                    sub_goal=(
                        f"Delta i {linked[0].name} varje vecka och följa upp till nästa skattning."
                        if linked
                        else generic
                    ),
                    target_score=rng.choice([None, 3, 4]),
                    activity_ids=[a.pk for a in linked],
                    start_date=latest.assessed_on,
                    follow_up_date=latest.assessed_on + datetime.timedelta(weeks=13),
                )
            )
        plan_services.plan_save(
            actor=coach,
            participant=participant,
            assessment=latest,
            goal=rng.choice(
                [
                    "Arbete inom handel.",
                    "Studier på Komvux, vård och omsorg.",
                    "Arbete som lokalvårdare.",
                ]
            ),
            rows=rows,
        )

    def _self_ratings(self, coach):
        """One participant has filled in the card on their phone (for the coach to go
        through), another has started and stopped half-way."""
        active = list(caseload(actor=coach)[:2])
        for index, participant in enumerate(active):
            invitation, _token = selfrating_services.invitation_create(
                actor=coach, participant=participant, version=self.cards["smail"]
            )
            answers = ["3", "4", "declined", "2", "4", "3"][: 6 if index == 0 else 3]
            for number, value in enumerate(answers, start=1):
                selfrating_services.draft_answer_save(
                    invitation_id=invitation.pk, key=f"q_q{number}", value=value
                )
            if index == 0:
                selfrating_services.invitation_submit(invitation_id=invitation.pk)
