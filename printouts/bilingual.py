"""Printouts in the participant's language with the Swedish under each line (ADR 0024),
so that the coach and the participant read the same document.

The printouts' own words are translated here with gettext (makemessages finds them);
the card's words come from the card language."""

from dataclasses import dataclass

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from instruments.models import CardLanguage

LABELS = {
    "plan_title": _("Din aktivitetsplan"),
    "goal": _("Ditt mål"),
    "goal_help": _(
        "Målet är alltid arbete eller studier. Planen visar vad du ska göra fram till nästa "
        "skattning."
    ),
    "todo": _("Det här ska vi göra"),
    "ratings": _("Dina skattningar"),
    "chart_words": _("Diagrammets ord står på svenska."),
    "area": _("Område"),
    "score": _("Din siffra"),
    "sub_goal": _("Delmål"),
    "activity": _("Aktivitet"),
    "when": _("När"),
    "who": _("Vem"),
    "you": _("Du"),
    "your_coach": _("Din handledare"),
    "from": _("Från"),
    "follow_up": _("Följs upp"),
    "target": _("Mål"),
    "coach_wrote": _("Handledaren skriver på svenska. Fråga om något är oklart."),
    "name": _("Namn:"),
    "date": _("Datum:"),
    "tick": _("Sätt ett kryss där du tycker att du befinner dig."),
    "scale": _("Skalan:"),
    "salary_amount": _("Skriv beloppet:"),
    "thanks_title": _("Tack! Dina svar är skickade."),
    "next_title": _("Vad händer nu?"),
    "next_1": _("Din handledare kan se dina svar nu."),
    "next_2": _(
        "Nästa gång ni ses går din handledare igenom svaren tillsammans med dig. Du kan ändra "
        "eller förklara ett svar då."
    ),
    "next_3": _(
        "Sedan gör ni aktivitetsplanen tillsammans utifrån svaren: vad du vill bli bättre på "
        "och vilka aktiviteter som hjälper dig dit."
    ),
    "not_reviewed": _(
        "Översättningen är inte granskad av en auktoriserad översättare. Den svenska texten gäller."
    ),
}


@dataclass
class Pair:
    """A line in the participant's language and the same line in Swedish."""

    text: str
    sv: str

    @property
    def same(self) -> bool:
        return self.text == self.sv


@dataclass
class Bilingual:
    language: CardLanguage
    swedish: CardLanguage

    @property
    def code(self) -> str:
        return self.language.code

    @property
    def direction(self) -> str:
        return self.language.direction

    def label(self, name: str) -> Pair:
        with translation.override(self.language.code):
            text = str(LABELS[name])
        with translation.override("sv"):
            sv = str(LABELS[name])
        return Pair(text, sv)

    def labels(self) -> dict[str, Pair]:
        return {name: self.label(name) for name in LABELS}

    def card(self, key: str) -> Pair:
        sv = (self.swedish.texts or {}).get(key, "")
        return Pair((self.language.texts or {}).get(key) or sv, sv)


def bilingual_for(*, version, organisation_id: int, code: str) -> Bilingual | None:
    """The pair for a language the organisation has switched on for the card; None for
    Swedish itself or a language that is not there (or switched off)."""
    from instruments.selectors import card_language_get, card_language_usable

    if not code or code == "sv":
        return None
    language = card_language_usable(version=version, organisation_id=organisation_id, code=code)
    swedish = card_language_get(version=version, organisation_id=organisation_id, code="sv")
    if language is None or swedish is None:
        return None
    return Bilingual(language=language, swedish=swedish)


def swedish_only(*, version, organisation_id: int) -> Bilingual:
    """The same document in Swedish alone: every pair is one line."""
    from instruments.selectors import card_language_get

    swedish = card_language_get(version=version, organisation_id=organisation_id, code="sv")
    if swedish is None:
        raise Http404
    return Bilingual(language=swedish, swedish=swedish)


def plan_rows(bi: Bilingual, plan) -> list[tuple]:
    """Each plan row with its area in both languages."""
    return [(row, bi.card(f"plan.{row.area.code}")) for row in plan.rows.all()]


def _level(bi: Bilingual, version, question, n: int) -> Pair | None:
    """A level's own description, the scale's meaning at that level, or nothing."""
    if (question.levels or {}).get(str(n)):
        return bi.card(f"q.{question.code}.level.{n}")
    if str(n) in (version.scale_anchors or {}):
        return bi.card(f"scale.{n}")
    return None


def card_questions(bi: Bilingual, version, questions) -> list[dict]:
    """The blank card's questions with every line in both languages."""
    levels = range(version.scale_min, version.scale_max + 1)
    out = []
    for question in questions:
        key = f"q.{question.code}"
        item = {"question": question, "text": bi.card(key)}
        if question.kind == "scale":
            item["levels"] = [(n, _level(bi, version, question, n)) for n in levels]
        elif question.kind == "multi_choice":
            item["options"] = [bi.card(f"{key}.option.{o['code']}") for o in question.options]
        else:
            item["unit"] = bi.card(f"{key}.unit")
            item["alternatives"] = [
                bi.card(f"{key}.alternative.{a['code']}") for a in question.alternatives
            ]
        out.append(item)
    return out
