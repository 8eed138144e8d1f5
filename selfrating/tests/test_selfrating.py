import datetime
import logging
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from assessments.tests.factories import card
from audit.models import AccessEvent
from participants.tests.factories import make_participant
from selfrating import services
from selfrating.models import Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(coach):
    return make_participant(coach=coach, first_name="Leila", last_name="Nordin")


@pytest.fixture
def link(coach, participant):
    invitation, token = services.invitation_create(
        actor=coach, participant=participant, version=card("smail")
    )
    return invitation, token


def _answer_all(client, levels=("3", "4", "declined", "2", "5", "1")):
    for number, level in enumerate(levels, start=1):
        response = client.post(
            reverse("selfrating:step", args=[number]),
            {"question": f"q_q{number}", "answer": level, "go": "next"},
        )
        assert response.status_code == 302
    client.post(
        reverse("selfrating:step", args=[7]),
        {"question": "job_search", "answer": ["online_databases"], "go": "next"},
    )


def test_the_token_is_long_random_and_stored_only_as_a_hash(link):
    invitation, token = link
    assert len(token) >= 43  # 32 bytes, url-safe base64
    assert token not in invitation.token_hash
    assert invitation.token_hash == services.token_hash(token)
    assert not Invitation.objects.filter(token_hash=token).exists()


def test_a_participant_fills_in_the_card_and_the_coach_sees_it(client, link, participant):
    _, token = link
    response = client.get(reverse("selfrating:open", args=[token]))
    assert response["Location"] == reverse("selfrating:start")
    start = client.get(reverse("selfrating:start")).content.decode()
    assert "Hej Leila!" in start
    assert "Nordin" not in start  # only the first name: a link can be forwarded
    assert "7 frågor" in start  # six on the scale and the job-search question
    step = client.get(reverse("selfrating:step", args=[1]))
    assert "Fråga 1 av 7" in step.content.decode()
    assert step["Cache-Control"].startswith("max-age=0") or "no-store" in step["Cache-Control"]
    assert "script-src 'self'" in step["Content-Security-Policy"]
    _answer_all(client)
    review = client.get(reverse("selfrating:review")).content.decode()
    assert "Skicka mina svar" in review
    client.post(reverse("selfrating:submit"))
    assessment = Assessment.objects.get()
    assert assessment.mode == "self"
    assert not assessment.completed_by_coach
    levels = {a.question.code: a.level for a in assessment.answers.select_related("question")}
    assert levels == {"q1": 3, "q2": 4, "q3": None, "q4": 2, "q5": 5, "q6": 1}
    assert assessment.job_search_channels == ["online_databases"]
    events = AccessEvent.objects.filter(participant=participant, actor__isnull=True)
    assert {e.what for e in events} >= {"självskattning öppnad via länk"}
    assert events.filter(action="create").exists()


def test_closing_half_way_and_opening_again_resumes(client, link):
    _, token = link
    client.get(reverse("selfrating:open", args=[token]))
    for number in (1, 2):
        client.post(
            reverse("selfrating:step", args=[number]),
            {"question": f"q_q{number}", "answer": "3", "go": "next"},
        )
    other_device = client.__class__()
    other_device.get(reverse("selfrating:open", args=[token]))
    start = other_device.get(reverse("selfrating:start")).content.decode()
    assert "Fortsätt där du var" in start
    assert reverse("selfrating:step", args=[3]) in start


def test_submitting_twice_makes_exactly_one_assessment(client, link):
    _, token = link
    client.get(reverse("selfrating:open", args=[token]))
    _answer_all(client)
    first = client.post(reverse("selfrating:submit"))
    second = client.post(reverse("selfrating:submit"))
    assert first["Location"] == second["Location"] == reverse("selfrating:thanks")
    assert Assessment.objects.count() == 1
    assert services.invitation_submit(invitation_id=link[0].pk) == Assessment.objects.get()


def test_expired_revoked_spent_and_unknown_links_look_the_same(client, coach, participant):
    pages = []
    expired, t1 = services.invitation_create(
        actor=coach, participant=participant, version=card("smail")
    )
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    revoked, t2 = services.invitation_create(
        actor=coach, participant=participant, version=card("smail")
    )
    services.invitation_revoke(actor=coach, invitation=revoked)
    spent, t3 = services.invitation_create(
        actor=coach, participant=participant, version=card("smail")
    )
    Invitation.objects.filter(pk=spent.pk).update(spent_at=timezone.now())
    for token in (t1, t2, t3, "x" * 43):
        response = client.get(reverse("selfrating:open", args=[token]))
        without_csrf = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
        pages.append((response.status_code, without_csrf))
    assert len(set(pages)) == 1
    assert pages[0][0] == 404
    assert "Länken fungerar inte" in pages[0][1].decode()


@pytest.mark.parametrize(
    "post",
    [
        {"question": "q_q9", "answer": "3"},  # a question not on the card
        {"question": "q_q2", "answer": "3"},  # tampered: not the question shown
        {"question": "q_q1", "answer": "7"},  # out of range
        {"question": "q_q1", "answer": "3", "big": "x" * 9000},  # oversized
    ],
)
def test_tampered_answers_get_400_and_leave_the_draft(client, link, post):
    invitation, token = link
    client.get(reverse("selfrating:open", args=[token]))
    client.post(reverse("selfrating:step", args=[1]), {"question": "q_q1", "answer": "2"})
    response = client.post(reverse("selfrating:step", args=[1]), post)
    assert response.status_code == 400
    invitation.refresh_from_db()
    assert invitation.draft == {"q_q1": "2"}


def test_an_exclusive_job_search_answer_is_explained(client, coach, participant):
    _, token = services.invitation_create(actor=coach, participant=participant, version=card("bip"))
    client.get(reverse("selfrating:open", args=[token]))
    response = client.post(
        reverse("selfrating:step", args=[10]),
        {"question": "job_search", "answer": ["not_searching", "tips"], "go": "next"},
    )
    assert response.status_code == 200
    assert "kan inte kombineras" in response.content.decode()


def test_the_token_never_appears_in_the_logs(client, link, caplog):
    _, token = link
    caplog.set_level(logging.DEBUG)
    client.get(reverse("selfrating:open", args=[token]))
    client.get(reverse("selfrating:open", args=[token + "x"]))  # a 404 is logged
    assert token not in caplog.text
    assert not AccessEvent.objects.filter(what__contains=token).exists()


def test_rate_limit_per_address(client, link, settings):
    for _ in range(30):
        client.get(reverse("selfrating:open", args=["guess"]), REMOTE_ADDR="10.9.9.9")
    response = client.get(reverse("selfrating:open", args=["guess"]), REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429


def test_kiosk_mode_locks_the_coachs_device_until_the_password(client, coach, participant):
    client.force_login(coach)
    response = client.post(
        reverse("selfrating:invitations", args=[participant.pk]),
        {"version": card("smail").pk, "presentation": "numbers", "kiosk": "1"},
    )
    assert response["Location"] == reverse("selfrating:start")
    locked = client.get(reverse("participants:list"))
    assert locked["Location"] == reverse("selfrating:start")
    wrong = client.post(reverse("selfrating:kiosk_exit"), {"password": "fel"})
    assert "Fel lösenord" in wrong.content.decode()
    assert client.get(reverse("participants:list")).status_code == 302
    client.post(reverse("selfrating:kiosk_exit"), {"password": "demo1234"})
    assert client.get(reverse("participants:list")).status_code == 200


def test_the_coach_sees_a_link_and_qr_code_and_can_revoke(client, coach, participant):
    client.force_login(coach)
    page = client.post(
        reverse("selfrating:invitations", args=[participant.pk]),
        {"version": card("bip").pk, "presentation": "descriptions"},
    ).content.decode()
    assert "/s/" in page
    assert "<svg" in page
    invitation = Invitation.objects.get()
    client.post(reverse("selfrating:revoke", args=[participant.pk, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_the_card_and_presentation_chosen_stay_chosen_after_a_link_is_made(
    client, coach, participant
):
    client.force_login(coach)
    url = reverse("selfrating:invitations", args=[participant.pk])
    checked = re.compile(r'<input type="radio" name="(\w+)" id="[\w-]+" value="(\w+)" checked>')
    first = dict(checked.findall(client.get(url).content.decode()))
    for code in ("smail", "bip"):
        page = client.post(
            url, {"version": card(code).pk, "presentation": "numbers"}
        ).content.decode()
        assert dict(checked.findall(page)) == {
            "version": str(card(code).pk),
            "presentation": "numbers",
        }
    assert first["presentation"] == "descriptions"
    assert 'data-copy="invitation-url"' in page
