import pytest

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from participants.tests.factories import make_participant


@pytest.fixture
def unit():
    return UnitFactory()


@pytest.fixture
def coach(unit):
    return make_user(Role.COACH, unit)


@pytest.fixture
def participant(coach):
    return make_participant(coach=coach)
