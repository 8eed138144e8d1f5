"""Issue 18 §3: the plan, the blank card and the thank-you page in the participant's
language with the Swedish under each line; every script drawn with a font that has it."""

import io
import unicodedata

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments.tests.factories import card, make_assessment
from participants.tests.factories import make_participant
from plans import services
from plans.tests.factories import make_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("logged_in_coach")]

# Words of each language that the plan printout must hold, with the Swedish beside them.
PLAN_WORDS = {
    "ar": ["خطة", "هدفك", "الحالة الصحية", "تقييماتك"],
    "ti": ["ዕላማኻ", "ኩነታት ጥዕና", "ግምገማታትካ"],
}
# The last two: the spider chart's heading and its occasions, as on the Swedish plan.
SWEDISH = [
    "Din aktivitetsplan",
    "Ditt mål",
    "Hälsotillstånd",
    "Promenera tre gånger i veckan",
    "Dina skattningar",
    "Tillfällen",
]
FONTS = {"ar": "Noto-Naskh-Arabic", "ti": "Noto-Sans-Ethiopic"}


def _pdf(response) -> tuple[str, set[str]]:
    """The PDF's text (normalised: Arabic presentation forms back to letters) and the
    names of the fonts it embeds."""
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return unicodedata.normalize("NFKC", text), fonts


def _has(text: str, words: str) -> bool:
    # Right-to-left text may come out of the PDF in visual order: accept either.
    return words in text or words[::-1] in text


@pytest.fixture
def plan(coach):
    participant = make_participant(coach=coach, first_name="Amal", last_name="Tesfay")
    assessment = make_assessment(coach=coach, participant=participant)
    area = assessment.version.plan_areas.get(code="health")
    return make_plan(
        coach=coach,
        participant=participant,
        assessment=assessment,
        goal="Arbete som barnskötare",
        rows=[services.RowInput(area_id=area.pk, sub_goal="Promenera tre gånger i veckan")],
    )


def test_the_plan_page_offers_the_languages_switched_on(client, plan):
    page = client.get(reverse("plans:plan", args=[plan.participant_id])).content.decode()
    assert "Tigrinja – ትግርኛ (ej granskad)" in page
    assert 'name="sprak"' in page


@pytest.mark.parametrize("language", ["ar", "ti"])
def test_the_plan_in_the_participants_language_and_swedish(client, plan, language):
    url = reverse("printouts:plan_pdf", args=[plan.participant_id, plan.pk])
    text, fonts = _pdf(client.get(url, {"sprak": language}))
    for words in PLAN_WORDS[language]:
        assert _has(text, words), (words, text[:600])
    for words in SWEDISH:
        assert words in text, words
    assert "\ufffd" not in text
    assert FONTS[language] in " ".join(fonts), fonts


def test_a_language_that_is_switched_off_or_unknown_is_not_printed(client, plan, organisation):
    url = reverse("printouts:plan_pdf", args=[plan.participant_id, plan.pk])
    assert client.get(url, {"sprak": "xx"}).status_code == 404
    from instruments.models import CardLanguage

    shipped = CardLanguage.objects.get(
        version=plan.assessment.version, organisation__isnull=True, code="uk"
    )
    shipped.pk = None
    shipped.organisation = organisation
    shipped.enabled = False
    shipped.save()
    assert client.get(url, {"sprak": "uk"}).status_code == 404
    assert client.get(url, {"sprak": "so"}).status_code == 200


def test_the_blank_card_and_the_thank_you_page_in_tigrinya_and_swedish(client):
    bip = card("bip")
    text, fonts = _pdf(client.get(reverse("printouts:blank_card", args=[bip.pk]), {"sprak": "ti"}))
    assert "ኣየናይ ስራሕ ክትረክብ ከም እትደሊ ሓሳብ ኣለካ ዶ?" in text
    assert "Har du en idé om vilket arbete du gärna vill ha?" in text
    assert "ክሮና ኣብ ወርሒ" in text
    assert "kronor/månad" in text
    assert "Noto-Sans-Ethiopic" in " ".join(fonts)
    text, _ = _pdf(client.get(reverse("printouts:thanks", args=[bip.pk]), {"sprak": "uk"}))
    assert "Дякуємо! Ваші відповіді надіслано." in text
    assert "Tack! Dina svar är skickade." in text


def test_the_thank_you_page_in_swedish_alone(client):
    text, _ = _pdf(client.get(reverse("printouts:thanks", args=[card("smail").pk])))
    assert text.count("Tack! Dina svar är skickade.") == 1
    assert "Din handledare kan se dina svar nu." in text
