"""Generated cases for the gallring tests, made through the real services at the dates
they happen (the clock is moved, so `created_at` and friends are those dates too)."""

import contextlib
import datetime
import itertools
from unittest import mock

from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import make_user
from activities.tests.factories import make_activity
from assessments import services as assessment_services
from assessments.rules import AnswerInput, AssessmentInput
from assessments.tests.factories import answers, card, make_assessment, scale_codes
from employment.tests.factories import make_employment
from groupactivities import services as group_services
from groupactivities.tests.factories import make_group, make_session
from intake import services as intake_services
from mapping.tests.factories import make_meeting, make_summary
from matching.tests.factories import make_decision, make_individual_plan
from participants import services as participant_services
from participants.models import Gender, Outcome, TargetGroup
from plans.tests.factories import make_plan
from referrals import services as referral_services
from referrals.tests.factories import make_referral
from selfrating import services as selfrating_services
from worktraining import services as worktraining_services
from worktraining.tests.factories import follow_up_data, make_placement

_counter = itertools.count(1)
_DAY = datetime.timedelta(days=1)


@contextlib.contextmanager
def clock(day: datetime.date):
    """Everything inside happens at noon on `day` (Stockholm time)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def personal_number(birth: datetime.date, serial: int) -> str:
    """A valid Swedish personal identity number (12 digits, Luhn check digit)."""
    body = f"{birth:%y%m%d}{serial:03d}"
    total = 0
    for i, ch in enumerate(body):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n // 10 + n % 10
    return f"{birth:%Y%m%d}{serial:03d}{(10 - total % 10) % 10}"


class Office:
    """One organisation with a unit, a coach and a manager, and a group activity."""

    def __init__(self, unit):
        self.unit = unit
        self.organisation = unit.organisation
        self.coach = make_user(Role.COACH, unit)
        self.manager = make_user(Role.MANAGER, unit)
        self.target_group, _ = TargetGroup.objects.get_or_create(
            organisation=self.organisation, name="Utrikes född"
        )
        with clock(datetime.date(2019, 1, 7)):
            self.group = make_group(
                coach=self.coach, unit=unit, started_on=datetime.date(2019, 1, 7)
            )


def make_case(office: Office, *, started_on: datetime.date, closed_on=None, full=True):
    """A participant with records in every journey app, started and (optionally) closed
    on these dates. Their names and personal number are unique ASCII words, written also
    into free-text fields, so a search of every text column finds any left behind."""
    n = next(_counter)
    first, last = f"Gfirst{n:03d}x", f"Glast{n:03d}x"
    birth = datetime.date(1970 + n % 30, 1 + n % 12, 1 + n % 28)
    pin = personal_number(birth, 100 + n)
    coach = office.coach
    day = started_on
    with clock(day):
        referral = make_referral(
            actor=coach,
            unit=office.unit,
            first_name=first,
            last_name=last,
            personal_identity_number=pin,
            birth_year=birth.year,
            gender=Gender.WOMAN if n % 2 else Gender.MAN,
            preferred_language="arabiska",
            phone=f"070-{n:03d} 00 00",
            reason=f"Remiss för {first} {last}.",
            received_on=day,
        )
        referral = referral_services.referral_assign(
            actor=office.manager,
            referral=referral,
            coach=coach,
            assigned_on=day,
            expected_version=referral.version,
        )
        participant = referral.participant
        if n % 3 == 0:
            participant.target_groups.set([office.target_group])
    case = {"participant": participant, "names": [first, last], "pin": pin}
    if full:
        _journey(office, participant, started_on, first, last)
    if closed_on is not None:
        with clock(closed_on):
            participant_services.participant_close(
                actor=coach,
                participant=participant,
                closed_on=closed_on,
                outcome=Outcome.WORK_UNSUBSIDISED,
                note=f"{first} {last} fick arbete.",
            )
    participant.refresh_from_db()
    return case


def _journey(office, participant, started_on, first, last):
    """Records in every journey app, in the handbook's order."""
    coach = office.coach

    def at(days):
        return started_on + days * _DAY

    with clock(at(2)):
        intake_services.intake_meeting_record(
            actor=coach,
            participant=participant,
            held_on=at(2),
            information_note=f"{first} fick informationen.",
            consent_agencies=["employment_service"],
            consent_signed_on=at(2),
        )
    with clock(at(7)):
        first_assessment = make_assessment(
            coach=coach,
            participant=participant,
            on=at(7),
            levels=None,
        )
        make_activity(
            coach=coach,
            participant=participant,
            kind="social",
            indicator_codes=["job_search"],
            start_date=at(7),
            end_date=at(60),
            status="finished",
        )
    with clock(at(9)):
        make_meeting(coach=coach, participant=participant, held_on=at(9))
        make_summary(
            coach=coach,
            participant=participant,
            summary=f"{first} {last} har erfarenhet av lager.",
            written_on=at(9),
        )
    with clock(at(10)):
        make_plan(coach=coach, participant=participant, assessment=first_assessment)
        make_decision(coach=coach, participant=participant, decided_on=at(10))
    with clock(at(12)):
        make_individual_plan(coach=coach, participant=participant)
    with clock(at(14)):
        placement = make_placement(
            coach=coach,
            participant=participant,
            matched=False,
            decision_date=at(13),
            started_on=at(14),
            supervisor_name=f"Handledare för {last}",
        )
    with clock(at(30)):
        worktraining_services.follow_up_save(
            actor=coach,
            placement=placement,
            follow_up=None,
            data=follow_up_data(held_on=at(30), notes=f"{first} trivs bra."),
        )
        group_services.member_add(
            actor=coach, group=office.group, participant=participant, joined_on=at(30)
        )
        session = make_session(group=office.group, held_on=at(31))
        group_services.attendance_record(
            actor=coach, group=office.group, marks={(session.pk, participant.pk): "present"}
        )
    with clock(at(40)):
        make_employment(
            coach=coach, participant=participant, employer=f"{last} Bygg AB", started_on=at(40)
        )
    with clock(at(95)):
        version = card("smail")
        codes = scale_codes(version)
        note = AnswerInput(level=5, note=f"{first} säger att det går bra.")
        assessment_services.assessment_record(
            actor=coach,
            participant=participant,
            data=AssessmentInput(
                version=version,
                assessed_on=at(95),
                mode="together",
                answers=answers(version, [4] * len(codes), **{codes[0]: note}),
            ),
        )
        selfrating_services.invitation_create(actor=coach, participant=participant, version=version)
