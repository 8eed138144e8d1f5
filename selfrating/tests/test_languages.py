"""Issue 18: the participant's pages in every shipped language, and the pages' lang and dir."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from assessments.tests.factories import card
from instruments.cardtexts import SHIPPED_LANGUAGES
from participants.tests.factories import make_participant
from selfrating import services

LOCALE = Path(settings.BASE_DIR) / "locale"
# The participant's pages, the messages they show and the bilingual printouts.
PARTICIPANT_SOURCES = re.compile(
    r"^(templates/selfrating/(_base|start|step|review|thanks|gone|bad_request)\.html"
    r"|selfrating/(views|services)\.py|printouts/bilingual\.py)$"
)
# Django's locale name of each card language, and the catalogue it falls back on.
LOCALES = {"ar": "ar", "fa": "fa", "fa-af": "fa_AF", "so": "so", "ti": "ti", "uk": "uk"}
LOCALES["sv-x-easy"] = "sv_X-easy"
FALLBACK = {"fa_AF": "fa"}
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _catalogue(locale: str) -> dict[str, list[str]]:
    po = polib.pofile(str(LOCALE / locale / "LC_MESSAGES" / "django.po"))
    return {
        e.msgid: (list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr])
        for e in po
        if not e.obsolete and "fuzzy" not in e.flags
    }


def _participant_msgids() -> list[str]:
    po = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    return [
        e.msgid
        for e in po
        if not e.obsolete and any(PARTICIPANT_SOURCES.match(f) for f, _ in e.occurrences)
    ]


def _missing(locale: str) -> list[str]:
    own = _catalogue(locale)
    base = _catalogue(FALLBACK[locale]) if locale in FALLBACK else {}
    return [
        msgid
        for msgid in _participant_msgids()
        if not all(own.get(msgid, [""])) and not all(base.get(msgid, [""]))
    ]


def test_every_shipped_language_has_a_catalogue():
    assert set(LOCALES) == set(SHIPPED_LANGUAGES)


def test_the_participant_pages_are_translated_in_every_shipped_language():
    msgids = _participant_msgids()
    assert "Skicka mina svar" in msgids
    assert len(msgids) > 50
    report = {locale: _missing(locale) for locale in LOCALES.values()}
    report = {locale: gaps for locale, gaps in report.items() if gaps}
    assert report == {}, "Untranslated on the participant's pages:\n" + "\n".join(
        f"  {locale}: {gaps}" for locale, gaps in report.items()
    )


def test_translations_keep_their_placeholders():
    for locale in LOCALES.values():
        for msgid, forms in _catalogue(locale).items():
            wanted = set(PLACEHOLDER.findall(msgid))
            for form in forms:
                if form:
                    # A plural form may leave out the number ("one question") but
                    # may not bring in a placeholder the source has not got.
                    assert set(PLACEHOLDER.findall(form)) <= wanted, (locale, msgid, form)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "direction", "words"),
    [
        ("ar", "rtl", "هل تعتقد أنك تستطيع أن تعمل؟"),
        ("fa-af", "rtl", "به تمرین بیشتر ضرورت دارم"),
        ("ti", "ltr", "ክትሰርሕ ከም እትኽእል ትኣምን ዶ?"),
        ("sv-x-easy", "ltr", "Tror du att du kan arbeta?"),
    ],
)
def test_the_participant_pages_are_in_the_links_language(client, coach, language, direction, words):
    participant = make_participant(coach=coach, first_name="Amal")
    _, token = services.invitation_create(
        actor=coach, participant=participant, version=card("smail"), language=language
    )
    client.get(reverse("selfrating:open", args=[token]))
    page = client.get(reverse("selfrating:step", args=[1])).content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert words in page
    # The participant may switch to Swedish and back.
    client.post(reverse("selfrating:language"), {"language": "sv", "next": "/sjalvskattning/"})
    page = client.get(reverse("selfrating:step", args=[1])).content.decode()
    assert '<html lang="sv" dir="ltr">' in page
    assert "Tror du att du kan klara av att arbeta?" in page
    client.post(reverse("selfrating:language"), {"language": language})
    page = client.get(reverse("selfrating:step", args=[1])).content.decode()
    assert f'lang="{language}"' in page


@pytest.mark.django_db
def test_answers_are_stored_by_question_whatever_the_language(client, coach):
    participant = make_participant(coach=coach, first_name="Amal")
    invitation, token = services.invitation_create(
        actor=coach, participant=participant, version=card("smail"), language="ar"
    )
    client.get(reverse("selfrating:open", args=[token]))
    for number in range(1, 7):
        client.post(
            reverse("selfrating:step", args=[number]),
            {"question": f"q_q{number}", "answer": "4", "go": "next"},
        )
    client.post(
        reverse("selfrating:step", args=[7]),
        {"question": "job_search", "answer": ["online_databases", "tips"], "go": "next"},
    )
    review = client.get(reverse("selfrating:review")).content.decode()
    assert "من خلال قواعد بيانات الوظائف على الإنترنت" in review
    client.post(reverse("selfrating:submit"))
    invitation.refresh_from_db()
    assessment = invitation.assessment
    levels = {a.question.code: a.level for a in assessment.answers.all()}
    assert levels == {f"q{n}": 4 for n in range(1, 7)}
    assert sorted(assessment.job_search_channels) == ["online_databases", "tips"]
