"""Demo data for the journey beside the demo's whole journey (Nadia Berglund): referrals
waiting in the manager's inbox, and participants part of the way, so that the inbox,
the next step and the follow-ups due this month have something to show. Fictional
people, made through the step apps' services."""

import datetime
from decimal import Decimal

from intake import services as intake_services
from intake.models import Agency
from mapping import services as mapping_services
from mapping.selectors import mapping_current
from matching import services as matching_services
from matching.models import Destination
from participants.models import Gender
from referrals import services as referral_services
from referrals.models import Source
from worktraining import services as worktraining_services
from worktraining.models import WorkplaceKind
from worktraining.services import WeekInput, week_start_of

DAY = datetime.timedelta(days=1)


def _referral_data(*, unit, source, received_on, person: dict, reason: str) -> dict:
    social = source == Source.SOCIAL_SERVICES
    return {
        "unit": unit,
        "source": source,
        "received_on": received_on,
        "personal_identity_number": "",
        "phone": "",
        "preferred_language": "",
        "needs_interpreter": False,
        "referrer_name": "Johanna Ek" if social else "Erik Lund",
        "referrer_office": "Socialtjänsten, Norrby kommun" if social else "Arbetsförmedlingen",
        "referrer_contact": "johanna.ek@example.org" if social else "erik.lund@example.org",
        "reason": reason,
        "wished_start_on": received_on + 14 * DAY,
        "decision_on": received_on - 3 * DAY if social else None,
        "decision_reference": "SoL 2026-0412" if social else "",
        **person,
    }


def demo_waiting_referrals(*, unit, manager, today: datetime.date) -> None:
    """Two referrals in the manager's inbox, waiting to be assigned."""
    referral_services.referral_register(
        actor=manager,
        data=_referral_data(
            unit=unit,
            source=Source.EMPLOYMENT_SERVICE,
            received_on=today - 3 * DAY,
            person={
                "first_name": "Omar",
                "last_name": "Haddad",
                "birth_year": 1979,
                "gender": Gender.MAN,
                "preferred_language": "arabiska",
                "needs_interpreter": True,
            },
            reason="Lång tid utan arbete efter en arbetsskada. Vill pröva lager eller logistik.",
        ),
    )
    referral_services.referral_register(
        actor=manager,
        data=_referral_data(
            unit=unit,
            source=Source.SOCIAL_SERVICES,
            received_on=today - 6 * DAY,
            person={
                "first_name": "Linnea",
                "last_name": "Johansson",
                "birth_year": 2001,
                "gender": Gender.WOMAN,
            },
            reason=(
                "Försörjningsstöd sedan ett år. Beslut om arbetsmarknadsinsats enligt 4 kap. "
                "4 § socialtjänstlagen. Har inte avslutat gymnasiet."
            ),
        ),
    )


def _enrol(*, unit, manager, coach, today, days_ago: int, person: dict, reason: str):
    referral = referral_services.referral_register(
        actor=manager,
        data=_referral_data(
            unit=unit,
            source=Source.EMPLOYMENT_SERVICE,
            received_on=today - (days_ago + 5) * DAY,
            person=person,
            reason=reason,
        ),
    )
    referral = referral_services.referral_assign(
        actor=manager,
        referral=referral,
        coach=coach,
        assigned_on=today - days_ago * DAY,
        expected_version=referral.version,
    )
    participant = referral.participant
    assert participant is not None  # assigned, so enrolled
    intake_services.intake_meeting_record(
        actor=coach,
        participant=participant,
        held_on=today - (days_ago - 5) * DAY,
        information_note="Information om verksamheten, arbetsträning och SMAIL.",
        first_mapping_on=today - (days_ago - 12) * DAY,
        consent_agencies=[Agency.EMPLOYMENT_SERVICE, Agency.UNIT],
        consent_signed_on=today - (days_ago - 5) * DAY,
    )
    mapping_services.mapping_meeting_add(
        actor=coach, participant=participant, held_on=today - (days_ago - 12) * DAY, minutes=50
    )
    return participant


def demo_in_progress(*, unit, manager, coach, today: datetime.date) -> None:
    """Two participants part of the way: one in the mapping, one in work training that
    is due for this month's follow-up."""
    _enrol(
        unit=unit,
        manager=manager,
        coach=coach,
        today=today,
        days_ago=40,
        person={
            "first_name": "Jonas",
            "last_name": "Wikström",
            "birth_year": 1990,
            "gender": Gender.MAN,
        },
        reason="Har arbetat som snickare; sjukskriven för utmattning, nu redo att börja.",
    )
    sara = _enrol(
        unit=unit,
        manager=manager,
        coach=coach,
        today=today,
        days_ago=120,
        person={
            "first_name": "Sara",
            "last_name": "Lindqvist",
            "birth_year": 1995,
            "gender": Gender.WOMAN,
        },
        reason="Utan arbete sedan två år. Intresserad av handel och kundservice.",
    )
    mapping_services.mapping_meeting_add(
        actor=coach, participant=sara, held_on=today - 101 * DAY, minutes=45
    )
    sara_mapping = mapping_current(participant=sara)
    assert sara_mapping is not None  # the meetings opened it
    mapping_services.mapping_summary_save(
        actor=coach,
        participant=sara,
        summary="Van vid kundkontakt från extrajobb; vill arbeta i butik. Oro inför nya "
        "sammanhang, men tydlig motivation.",
        assessment="Arbetsträning i butik med stegvis ökad tid bedöms rimlig.",
        rehabilitation_proposals="Arbetsträning, stöd vid start, samtal om oro vid behov.",
        written_on=today - 98 * DAY,
        expected_version=sara_mapping.version,
    )
    sara_mapping = mapping_current(participant=sara)
    assert sara_mapping is not None
    mapping_services.mapping_approve(
        actor=coach,
        participant=sara,
        approved_on=today - 97 * DAY,
        expected_version=sara_mapping.version,
    )
    matching_services.matching_decision_create(
        actor=coach,
        participant=sara,
        destination=Destination.WORK_TRAINING,
        reason="Kundservice är hennes styrka; butik i närheten passar familjesituationen.",
        decided_on=today - 95 * DAY,
    )
    started_on = week_start_of(today - 56 * DAY)
    placement = worktraining_services.placement_start(
        actor=coach,
        participant=sara,
        data={
            "workplace_kind": WorkplaceKind.EMPLOYER,
            "workplace": "Norrby Livs",
            "tasks": "Varupåfyllning, kassa under handledning, kundservice i butiken.",
            "supervisor_name": "Anders Nyberg, butikschef",
            "supervisor_contact": "0123-222 33",
            "decision_date": started_on - 3 * DAY,
            "decision_reference": "Af-2026/11873",
            "started_on": started_on,
        },
    )
    planned = [10, 10, 15, 15, 20, 20, 25, 25]
    attended = [10, 8, 15, 12, 20, 18, 25, 22]
    weeks = [
        WeekInput(
            week_start=started_on + 7 * n * DAY,
            planned_hours=Decimal(p),
            actual_hours=Decimal(a) if started_on + 7 * n * DAY <= today - 7 * DAY else None,
        )
        for n, (p, a) in enumerate(zip(planned, attended, strict=True))
    ]
    placement = worktraining_services.schedule_save(
        actor=coach, placement=placement, weeks=weeks, expected_version=placement.version
    )
    worktraining_services.follow_up_save(
        actor=coach,
        placement=placement,
        follow_up=None,
        data={
            # Last month, so this month's follow-up is due.
            "held_on": min(started_on + 28 * DAY, today.replace(day=1) - DAY),
            "participant_present": True,
            "supervisor_present": True,
            "notes": "Trivs i butiken. Missade två pass vecka fyra på grund av sjukt barn.",
            "development_areas": "Kassan: hantera returer och rabatter.",
            "own_proposals": "Gå bredvid en kollega i kassan två pass i veckan.",
            "support_needed": "Handledaren följer upp kassarutinerna efter två veckor.",
            "own_responsibility": "Meddela butikschefen i god tid vid frånvaro.",
        },
    )
