import datetime
from contextlib import contextmanager
from unittest import mock

import pytest
from django.utils import timezone

from accounts.models import Membership, Role
from accounts.tests.factories import UnitFactory, make_user
from audit.models import AccessEvent
from audit.services import access_event_record, access_event_record_list
from participants.tests.factories import make_participant


def moment(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A local (Stockholm) moment on `day`."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@contextmanager
def clock(when: datetime.datetime):
    """Log rows get their time from audit.chain's timezone.now(): freeze it."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        yield


def log(actor, participant, when, action=AccessEvent.Action.VIEW, what="deltagarsidan"):
    with clock(when):
        return access_event_record(actor=actor, participant=participant, action=action, what=what)


def log_list(actor, participants, when, what="deltagarlistan"):
    with clock(when):
        return access_event_record_list(
            actor=actor,
            organisation_id=actor.organisation_id,
            participants=participants,
            what=what,
        )


@pytest.fixture
def unit():
    return UnitFactory(name="Enhet Norr")


@pytest.fixture
def other_unit(unit):
    return UnitFactory(organisation=unit.organisation, name="Enhet Söder")


@pytest.fixture
def coach(unit):
    return make_user(Role.COACH, unit, first_name="Anna", last_name="Norrsson")


@pytest.fixture
def other_coach(other_unit):
    return make_user(Role.COACH, other_unit, first_name="Sven", last_name="Södersson")


@pytest.fixture
def manager(unit):
    return make_user(Role.MANAGER, unit, first_name="Maria", last_name="Chefsson")


@pytest.fixture
def other_manager(other_unit):
    return make_user(Role.MANAGER, other_unit, first_name="Olle", last_name="Chef")


@pytest.fixture
def security_officer(unit):
    return make_user(
        Role.SECURITY_OFFICER,
        organisation=unit.organisation,
        first_name="Sara",
        last_name="Säker",
    )


@pytest.fixture
def participant(coach):
    return make_participant(
        coach=coach,
        first_name="Karin",
        last_name="Ek",
        personal_identity_number="198112289874",
        started_on=datetime.date(2026, 1, 5),
    )


@pytest.fixture
def other_participant(other_coach):
    return make_participant(
        coach=other_coach,
        first_name="Per",
        last_name="Sydström",
        started_on=datetime.date(2026, 1, 5),
    )


@pytest.fixture
def outsider():
    """A manager and a security officer in another organisation, and its participant."""
    unit = UnitFactory(name="Annan kommuns enhet")
    coach = make_user(Role.COACH, unit)
    manager = make_user(Role.MANAGER, unit)
    officer = make_user(Role.SECURITY_OFFICER, organisation=unit.organisation)
    person = make_participant(coach=coach, first_name="Främling", last_name="Utsocken")
    return {"unit": unit, "coach": coach, "manager": manager, "officer": officer, "person": person}


def move_to_unit(user, unit):
    """The user leaves their units as a coach and joins `unit` (memberships have no history)."""
    Membership.objects.filter(user=user, role=Role.COACH).delete()
    Membership.objects.create(user=user, organisation=unit.organisation, unit=unit, role=Role.COACH)
