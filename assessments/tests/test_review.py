"""Going through a card the participant filled in (issue 15 §1): a review of its own,
beside the previous occasion, with the coach's notes and belief, marked reviewed (who,
when); a correction stays a correction."""

import datetime
import re

import pytest
from django.urls import reverse

from assessments.models import Assessment
from assessments.tests.factories import card, make_assessment, scale_codes
from audit.models import AccessEvent
from selfrating import services as selfrating_services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("logged_in_coach")]


def _filled_in_on_a_link(coach, participant, levels, *, kiosk=False):
    invitation, _token = selfrating_services.invitation_create(
        actor=coach, participant=participant, version=card("smail"), kiosk=kiosk
    )
    for number, value in enumerate(levels, start=1):
        selfrating_services.draft_answer_save(
            invitation_id=invitation.pk, key=f"q_q{number}", value=value
        )
    return selfrating_services.invitation_submit(invitation_id=invitation.pk)


@pytest.fixture
def self_filled(coach, participant):
    make_assessment(
        coach=coach,
        participant=participant,
        on=datetime.date.today() - datetime.timedelta(weeks=13),
        levels=[2, 2, 3, 3, 4, 4],
    )
    return _filled_in_on_a_link(coach, participant, ["3", "2", "2", "declined", "4", "5"])


def test_the_review_shows_the_answers_beside_the_previous_occasion(
    client, participant, self_filled
):
    caseload = client.get(reverse("participants:caseload")).content.decode()
    url = reverse("assessments:review", args=[participant.pk, self_filled.pk])
    assert url in caseload
    page = client.get(url).content.decode()
    assert "Deltagaren, via länk" in page
    assert page.count("↑ upp 1") == 2  # q1 2→3, q6 4→5
    assert page.count("↓ ned 1") == 1  # q3 3→2
    assert page.count(">samma") == 2  # q2, q5
    assert "Vill inte svara" in page  # q4 declined now


def test_marking_it_reviewed_keeps_the_answers_and_says_who_and_when(
    client, coach, participant, self_filled
):
    url = reverse("assessments:review", args=[participant.pk, self_filled.pk])
    first_code = scale_codes(card("smail"))[0]
    data = {"revision": self_filled.revision, f"review_{first_code}": "Bättre tro på sig själv."}
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert 'id="coach_belief-error"' in refused.content.decode()
    assert "Bättre tro på sig själv." in refused.content.decode()  # what was typed is kept
    self_filled.refresh_from_db()
    assert self_filled.reviewed_at is None
    levels_before = sorted(self_filled.answers.values_list("question__code", "level"))
    response = client.post(url, {**data, "coach_belief": "4"})
    assert response.status_code == 302
    self_filled.refresh_from_db()
    assert self_filled.reviewed_by == coach
    assert self_filled.reviewed_at is not None
    assert self_filled.coach_belief == 4
    assert sorted(self_filled.answers.values_list("question__code", "level")) == levels_before
    assert self_filled.answers.get(question__code=first_code).review_note == (
        "Bättre tro på sig själv."
    )
    assert AccessEvent.objects.filter(
        participant=participant, what__startswith="genomgång av skattning"
    ).exists()
    assert url not in client.get(reverse("participants:caseload")).content.decode()
    detail = client.get(reverse("participants:detail", args=[participant.pk])).content.decode()
    assert "genomgången " in detail
    shown = client.get(
        reverse("assessments:detail", args=[participant.pk, self_filled.pk])
    ).content.decode()
    assert "Bättre tro på sig själv." in shown


def test_a_stale_review_is_a_conflict(client, participant, self_filled):
    url = reverse("assessments:review", args=[participant.pk, self_filled.pk])
    stale = self_filled.revision
    assert client.post(url, {"revision": stale, "coach_belief": "3"}).status_code == 302
    again = client.post(url, {"revision": stale, "coach_belief": "5"})
    assert again.status_code == 409
    self_filled.refresh_from_db()
    assert self_filled.coach_belief == 3


def test_a_correction_does_not_count_as_the_review(client, participant, self_filled):
    from assessments import services
    from assessments.forms import AssessmentForm
    from assessments.rules import AnswerInput, AssessmentInput

    form_data = AssessmentForm.initial_from(self_filled, None)
    data = AssessmentInput(
        version=self_filled.version,
        assessed_on=form_data["assessed_on"],
        mode=self_filled.mode,
        answers={
            a.question.code: AnswerInput(level=a.level, declined=a.declined)
            for a in self_filled.answers.select_related("question")
        },
    )
    services.assessment_correct(
        actor=self_filled.participant.coach_assignments.get().coach,
        assessment=self_filled,
        data=data,
        expected_revision=self_filled.revision,
    )
    self_filled.refresh_from_db()
    assert not self_filled.completed_by_coach
    assert self_filled.reviewed_at is None
    url = reverse("assessments:review", args=[participant.pk, self_filled.pk])
    assert url in client.get(reverse("participants:caseload")).content.decode()


def test_who_filled_it_in(client, coach, participant):
    together = make_assessment(coach=coach, participant=participant)
    on_tablet = _filled_in_on_a_link(coach, participant, ["3"] * 6, kiosk=True)
    for assessment, who in (
        (together, "Handledaren, tillsammans med deltagaren"),
        (on_tablet, "Deltagaren, på handledarens enhet"),
    ):
        page = client.get(
            reverse("assessments:detail", args=[participant.pk, assessment.pk])
        ).content.decode()
        assert re.search(rf"<dt>Ifylld av</dt><dd>{who}</dd>", page), who
    assert Assessment.objects.count() == 2
