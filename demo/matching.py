"""Demo data: matching to work training and a signed individual plan. Fictional texts,
written through the services; call after ``demo.mapping.demo_journey``."""

import datetime

from matching import services
from matching.models import Destination, Party


def demo_journey(*, participant, coach, today: datetime.date):
    day = datetime.timedelta(days=1)
    services.matching_decision_create(
        actor=coach,
        participant=participant,
        destination=Destination.WORK_TRAINING,
        reason=(
            "Kartläggningen visar lång erfarenhet av restaurangkök och stark motivation. "
            "Arbetsträning i storkök med lätta lyft och gradvis ökad tid tar tillvara "
            "resurserna och tar hänsyn till ryggen och familjesituationen."
        ),
        decided_on=today - 178 * day,
    )
    drawn_up_on = today - 175 * day
    plan = services.individual_plan_save(
        actor=coach,
        participant=participant,
        goal="Ett arbete i ett storkök, på sikt heltid, så att jag klarar min egen försörjning.",
        sub_goals=(
            "Arbetsträna i storkök och gå upp till heltid.\n"
            "Utveckla min svenska i arbetet.\n"
            "Ta körkort."
        ),
        drawn_up_on=drawn_up_on,
        rows=[
            services.RowInput(
                what="Ordna arbetsträningsplats i ett storkök",
                who=f"{coach.get_full_name() or coach} (handledare)",
                due_on=drawn_up_on + 14 * day,
                done=True,
            ),
            services.RowInput(
                what="Besluta om arbetsträning",
                who="Arbetsförmedlingen",
                due_on=drawn_up_on + 14 * day,
                done=True,
            ),
            services.RowInput(
                what="Fortsätta SFI kurs C två kvällar i veckan",
                who="Deltagaren",
                due_on=drawn_up_on + 120 * day,
            ),
            services.RowInput(
                what="Boka ergonomisk genomgång på arbetsplatsen",
                who=f"{coach.get_full_name() or coach} (handledare)",
                due_on=drawn_up_on + 30 * day,
            ),
        ],
        expected_version=None,
        based_on_id=None,
    )
    return services.individual_plan_sign(
        actor=coach,
        participant=participant,
        signatures={
            Party.PARTICIPANT: (participant.full_name, drawn_up_on),
            Party.COACH: (coach.get_full_name() or str(coach), drawn_up_on),
            Party.EMPLOYMENT_SERVICE: ("Maria Lind, Arbetsförmedlingen", drawn_up_on),
        },
        expected_version=plan.version,
    )
