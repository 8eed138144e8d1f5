"""Fixtures every test module can use, under one meaning each.

The people and places of a test, each made through the factories (which go through the
real services, so the access log and the coach assignment are as in production):

``organisation``
    A municipality (kommun).
``unit``
    A unit of ``organisation``.
``other_unit``
    Another unit of the same organisation.
``coach``
    A coach (handledare) in ``unit``. Not signed in.
``logged_in_coach``
    The test client (pytest-django's ``client``) signed in as ``coach``. Request it when
    the test calls pages as the coach; ``client`` and ``coach`` are then the same client
    and user. A module whose every test is the coach's says so once:
    ``pytestmark = pytest.mark.usefixtures("logged_in_coach")``.
``manager``
    A manager (chef) of ``unit``. Not signed in; ``logged_in_manager`` signs the client
    in as them.
``administrator``
    An administrator of ``organisation``. Not signed in; ``logged_in_administrator``
    signs the client in as them.
``participant``
    A participant of ``unit``, enrolled on 5 January 2026 with ``coach`` as their coach.
``other_organisation_participant``
    A participant of a unit in another organisation (with a coach there): what
    ``coach`` and ``manager`` must never reach.

Signing in: tests sign in with ``client.force_login(user)``; the password and the
authenticator code are tested once, in ``signin/tests`` and ``accounts/tests``.

A module may override one of these only to add a detail the test looks for (a name on
the page, a start date), never to change what it is: ``coach`` is never signed in, and
``participant`` is always ``coach``'s. Anything else gets a name of its own.
"""

import pytest

from accounts.models import Role
from accounts.tests.factories import OrganisationFactory, UnitFactory, make_user
from participants.tests.factories import make_participant


@pytest.fixture(autouse=True)
def _swedish(settings):
    settings.LANGUAGE_CODE = "sv"


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def unit(organisation):
    return UnitFactory(organisation=organisation)


@pytest.fixture
def other_unit(unit):
    return UnitFactory(organisation=unit.organisation)


@pytest.fixture
def coach(unit):
    return make_user(Role.COACH, unit)


@pytest.fixture
def logged_in_coach(client, coach):
    client.force_login(coach)
    return client


@pytest.fixture
def manager(unit):
    return make_user(Role.MANAGER, unit)


@pytest.fixture
def logged_in_manager(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def administrator(organisation):
    return make_user(Role.ADMINISTRATOR, organisation=organisation)


@pytest.fixture
def logged_in_administrator(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def participant(coach):
    return make_participant(coach=coach)


@pytest.fixture
def other_organisation_participant():
    other_coach = make_user(Role.COACH, UnitFactory())
    return make_participant(coach=other_coach)
