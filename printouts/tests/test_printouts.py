import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from assessments.tests.factories import card, make_assessment
from audit.models import AccessEvent
from participants.tests.factories import make_participant
from plans import services
from plans.tests.factories import make_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("logged_in_coach")]


def _text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_plan_pdf_has_goal_sub_goals_chart_and_no_restricted_data(client, coach):
    participant = make_participant(coach=coach, first_name="Amina", last_name="Holm")
    assessment = make_assessment(
        coach=coach,
        participant=participant,
        violence={"asked": True, "support_offered": True, "note": "SKYDDADANTECKNING"},
    )
    area = assessment.version.plan_areas.get(code="health")
    plan = make_plan(
        coach=coach,
        participant=participant,
        assessment=assessment,
        goal="Arbete som barnskötare",
        rows=[services.RowInput(area_id=area.pk, sub_goal="Promenera tre gånger i veckan")],
    )
    response = client.get(reverse("printouts:plan_pdf", args=[participant.pk, plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = _text(response)
    assert "Arbete som barnskötare" in text
    assert "Promenera tre gånger i veckan" in text
    assert "Amina Holm" in text
    assert "Sida 1 av" in text
    assert "SKYDDADANTECKNING" not in text
    assert "våld" not in text.lower()
    assert AccessEvent.objects.filter(participant=participant, action="print").count() == 1
    html = client.get(reverse("printouts:plan", args=[participant.pk, plan.pk])).content.decode()
    assert "<svg" in html
    assert "SKYDDADANTECKNING" not in html


def test_blank_cards_have_every_question_and_level_text(client, coach):
    bip = card("bip")
    text = _text(client.get(reverse("printouts:blank_card", args=[bip.pk])))
    normalised = " ".join(text.split())
    for question in bip.questions.filter(kind="scale"):
        assert question.text["sv"].split("?")[0][:30] in normalised
    assert "Vill inte svara" in normalised
    plan_text = _text(client.get(reverse("printouts:blank_plan", args=[card("smail").pk])))
    assert "Tron på att klara ett arbete" in plan_text
    assert "Övrigt" in plan_text


def test_another_organisation_cannot_print_the_plan(client, coach):
    participant = make_participant(coach=coach)
    assessment = make_assessment(coach=coach, participant=participant)
    plan = make_plan(coach=coach, participant=participant, assessment=assessment)
    client.force_login(make_user(Role.COACH, UnitFactory()))
    assert (
        client.get(reverse("printouts:plan_pdf", args=[participant.pk, plan.pk])).status_code == 404
    )


def test_blank_card_is_made_once_then_served_from_the_store(client, coach, settings, tmp_path):
    settings.BLANK_FORMS_DIR = str(tmp_path)
    url = reverse("printouts:blank_card", args=[card("bip").pk])
    first = client.get(url)
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    stored = list(tmp_path.glob("card-*.pdf"))
    assert len(stored) == 1
    assert stored[0].read_bytes() == first.content
    # The second request is the stored file, not a new rendering: change the file and
    # the response changes with it.
    stored[0].write_bytes(b"%PDF-1.7 from the store")
    second = client.get(url)
    assert second.status_code == 200
    assert second.content == b"%PDF-1.7 from the store"
    assert "no-store" in second["Cache-Control"]
    assert len(list(tmp_path.glob("*.pdf"))) == 1


def test_blank_forms_are_kept_per_language_and_document(coach, settings, tmp_path):
    from django.utils import translation

    from printouts.blank import CARD, PLAN, blank_form_path, blank_forms_make

    settings.BLANK_FORMS_DIR = str(tmp_path)
    smail = card("smail")
    assert blank_forms_make([smail], ["en"]) == 2
    english = blank_form_path(CARD, smail, "en")
    assert english.exists()
    assert blank_form_path(PLAN, smail, "en").exists()
    assert not blank_form_path(CARD, smail, "sv").exists()
    text = " ".join(PdfReader(io.BytesIO(english.read_bytes())).pages[0].extract_text().split())
    assert "Prefer not to answer" in text or "Name:" in text
    with translation.override("sv"):
        assert blank_form_path(CARD, smail, "sv") != english


def test_blank_card_still_needs_a_signed_in_case_worker(client, settings, tmp_path):
    settings.BLANK_FORMS_DIR = str(tmp_path)
    client.logout()
    response = client.get(reverse("printouts:blank_card", args=[card("bip").pk]))
    assert response.status_code == 302
    assert not list(tmp_path.glob("*.pdf"))
