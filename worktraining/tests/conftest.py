import pytest

from participants.tests.factories import make_participant


@pytest.fixture
def participant(coach):
    return make_participant(coach=coach, first_name="Amina", last_name="Berg")
