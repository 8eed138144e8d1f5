"""The card's words in the participant's language (ADR 0024).

The participant's pages show the card language of the link, or Swedish or English when
the participant switches; a language an administrator has switched off is never shown
(the pages fall back to Swedish). A text missing in the language is shown in Swedish,
marked lang="sv"."""

from dataclasses import dataclass, field

from instruments.models import CardLanguage
from instruments.selectors import card_language_get, card_language_usable

SESSION_KEY = "selfrating_language"


@dataclass
class Text:
    text: str
    lang: str = ""  # set when the text is not in the page's language

    def __str__(self):
        return self.text


@dataclass
class CardTexts:
    language: CardLanguage
    swedish: CardLanguage | None
    alternatives: list[CardLanguage] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.language.code

    @property
    def direction(self) -> str:
        return self.language.direction

    def get(self, key: str) -> Text:
        own = (self.language.texts or {}).get(key)
        if own:
            return Text(own)
        fallback = ((self.swedish.texts if self.swedish else {}) or {}).get(key, "")
        return Text(fallback, "sv" if fallback and self.code != "sv" else "")

    def level(self, question, level: int | str) -> Text:
        """A level's own description, or else the scale's meaning at that level."""
        own = f"q.{question.code}.level.{level}"
        if (question.levels or {}).get(str(level)):
            return self.get(own)
        return self.get(f"scale.{level}")


def card_texts(*, invitation, chosen: str | None, request_language: str) -> CardTexts:
    """The texts for the participant's pages. ``chosen`` is the participant's own switch
    (Swedish, English or the link's language), ``request_language`` the site's active one."""
    version = invitation.version
    organisation_id = invitation.participant.organisation_id
    offered: list[CardLanguage] = []
    for code in (invitation.language, "sv", "en"):
        if code in {o.code for o in offered}:
            continue
        usable = card_language_usable(version=version, organisation_id=organisation_id, code=code)
        if usable is not None:
            offered.append(usable)
    swedish = card_language_get(version=version, organisation_id=organisation_id, code="sv")
    by_code = {o.code: o for o in offered}
    if chosen in by_code:
        code = chosen
    elif invitation.language == "sv" and request_language in by_code:
        # A Swedish link follows the site's language switch (Swedish or English).
        code = request_language
    elif invitation.language in by_code:
        code = invitation.language
    else:
        code = "sv"
    language = by_code.get(code) or swedish
    assert language is not None  # every card has its Swedish original
    return CardTexts(
        language=language,
        swedish=swedish,
        alternatives=[o for o in offered if o.code != language.code],
    )
