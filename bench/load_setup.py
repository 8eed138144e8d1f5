"""Run inside the production stack by `manage.py shell` (bench/load.py): accounts for the
simulated users on the generated county and what they need. Prints one JSON object.

Every coach and manager gets a password and an authenticator (the production settings
ask for a second factor, as deploy/tests/test_production.py shows); each simulated user
signs in with an account of its own, since a code cannot be used twice. Each coach's
participants with an open period get a plan (generate_county makes none), and
invitations to a self-rating are made for the participants on links."""

import json
import os

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import make_password

from accounts.models import Membership, Organisation, Role, User
from instruments.selectors import instrument_versions_for_new
from participants.models import Participant
from plans import services as plan_services
from selfrating.services import invitation_create

PASSWORD = os.environ["BENCH_PASSWORD"]
COACHES = int(os.environ["BENCH_COACHES"])
MANAGERS = int(os.environ["BENCH_MANAGERS"])
INVITATIONS = int(os.environ["BENCH_INVITATIONS"])
PLANS_PER_COACH = 3

hashed = make_password(PASSWORD)


def account(user):
    user.password = hashed
    user.save(update_fields=["password"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return {"username": user.username, "totp": secret}


coaches = list(
    User.objects.filter(username__startswith="lan", memberships__role=Role.COACH)
    .distinct()
    .order_by("pk")[:COACHES]
)
out_coaches = []
for coach in coaches:
    people = list(
        Participant.objects.filter(
            coach_assignments__coach=coach,
            coach_assignments__ended_on__isnull=True,
            periods__closed_on__isnull=True,
        )
        .distinct()
        .order_by("pk")
        .prefetch_related("assessments")
    )
    plans: list[list[int]] = []
    for person in people:
        if len(plans) == PLANS_PER_COACH:
            break
        latest = max(
            (a for a in person.assessments.all() if not a.deleted_at),
            key=lambda a: a.assessed_on,
            default=None,
        )
        if latest is None:
            continue
        areas = list(latest.version.plan_areas.all()[:2])
        plan = plan_services.plan_save(
            actor=coach,
            participant=person,
            assessment=latest,
            goal="Arbete inom handel.",
            rows=[
                plan_services.RowInput(area_id=a.pk, sub_goal="Söka tre jobb i veckan.")
                for a in areas
            ],
        )
        plans.append([person.pk, plan.pk])
    out_coaches.append({**account(coach), "participants": [p.pk for p in people], "plans": plans})

managers = []
organisations = list(Organisation.objects.filter(name__startswith="Länskommun").order_by("pk"))
for i in range(MANAGERS):
    org = organisations[i % len(organisations)]
    user, _ = User.objects.get_or_create(
        username=f"bench-chef-{i + 1}",
        defaults={"organisation": org, "first_name": "Chef", "last_name": str(i + 1)},
    )
    Membership.objects.get_or_create(user=user, organisation=org, unit=None, role=Role.MANAGER)
    managers.append(account(user))

version = instrument_versions_for_new(organisation_id=organisations[0].pk)[0]
tokens = []
pool = [(c, p) for c, d in zip(coaches, out_coaches, strict=True) for p in d["participants"][3:]]
by_pk = {p.pk: p for p in Participant.objects.filter(pk__in=[p for _, p in pool])}
for n in range(INVITATIONS):
    coach, pk = pool[n % len(pool)]
    tokens.append(invitation_create(actor=coach, participant=by_pk[pk], version=version)[1])

print(json.dumps({"coaches": out_coaches, "managers": managers, "tokens": tokens,
                  "card_version": version.pk}))  # fmt: skip
