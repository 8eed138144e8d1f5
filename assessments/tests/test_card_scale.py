"""Issue 15 §5 on the coach's screen: the scale's meaning before the options, and
SMAIL's levels 1 and 5 in words although its seed has no level descriptions."""

import re

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client):
    coach = make_user(Role.COACH, UnitFactory())
    participant = make_participant(coach=coach)
    client.force_login(coach)

    def get(code):
        url = reverse("assessments:create", args=[participant.pk]) + f"?kort={code}"
        return client.get(url).content.decode()

    return get


def test_smail_scale_meaning_stands_before_the_options_and_at_levels_one_and_five(page):
    html = page("smail")
    first = html[html.index('id="question-') :]
    first = first[: first.index("</fieldset>")]
    meaning = first.index("1 = behöver träna mer … 5 = fungerar mycket bra")
    assert meaning < first.index('class="scale"')
    assert re.search(r'aria-describedby="[^"]*-scale"', first)
    labels = re.findall(r'<label class="scale__option".*?</label>', first, re.S)
    assert len(labels) == 6  # five levels and "Vill inte svara"
    assert "behöver träna mer" in labels[0]
    assert "fungerar mycket bra" in labels[4]
    assert "scale__text" not in labels[2]  # nothing invented for the levels between


def test_bip_keeps_its_own_level_descriptions(page):
    html = page("bip")
    labels = re.findall(r'<label class="scale__option".*?</label>', html, re.S)
    assert "Jag har ingen idé alls om vilket arbete" in labels[0]
    assert "lägst" not in labels[0]
