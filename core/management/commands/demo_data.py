"""Creates fictional demo data. Safe to run twice: nothing is duplicated."""

import datetime
import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organisation, Role, Unit, User
from assessments import services as assessment_services
from assessments.models import Assessment
from assessments.rules import AnswerInput, AssessmentInput
from instruments.models import InstrumentChoice, InstrumentVersion
from participants import services
from participants.models import Gender, Outcome, Participant, ReferralSource, TargetGroup

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
        self._user(
            "chef", "Cecilia", "Chef", norrby, [(Role.MANAGER, north), (Role.MANAGER, south)]
        )
        self._user("admin", "Adam", "Administratör", norrby, [(Role.ADMINISTRATOR, None)])
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
        return True

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
        self._assessments(rng, today, participant, coach, started)
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
