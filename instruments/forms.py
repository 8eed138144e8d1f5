from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, Form

from .models import CardLanguage

LANGUAGE_NAMES = {"sv": _("svenska"), "en": _("engelska")}


class VersionTextsForm(Form):
    """The texts of a draft's questions and their level descriptions, per language."""

    change_note = forms.CharField(
        label=_("Vad har ändrats i den här versionen?"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.languages = version.languages or ["sv"]
        self.questions = list(version.questions.filter(kind="scale"))
        self.levels = [str(n) for n in range(version.scale_min, version.scale_max + 1)]
        if not self.is_bound:
            self.initial["change_note"] = version.change_note
        self.fields["revision"] = forms.IntegerField(
            widget=forms.HiddenInput, initial=version.revision
        )
        for q in self.questions:
            for lang in self.languages:
                name = f"text_{q.code}_{lang}"
                self.fields[name] = forms.CharField(
                    label=_("Frågetext (%(lang)s)") % {"lang": LANGUAGE_NAMES.get(lang, lang)},
                    required=lang == "sv",
                    max_length=500,
                )
                self.initial.setdefault(name, (q.text or {}).get(lang, ""))
                for level in self.levels:
                    name = f"level_{q.code}_{level}_{lang}"
                    self.fields[name] = forms.CharField(
                        label=_("Nivå %(level)s (%(lang)s)")
                        % {"level": level, "lang": LANGUAGE_NAMES.get(lang, lang)},
                        required=False,
                        max_length=500,
                        widget=forms.Textarea(attrs={"rows": 2}),
                    )
                    self.initial.setdefault(name, (q.levels or {}).get(level, {}).get(lang, ""))

    def question_groups(self):
        return [
            (
                q,
                [self[f"text_{q.code}_{lang}"] for lang in self.languages],
                [
                    [self[f"level_{q.code}_{level}_{lang}"] for lang in self.languages]
                    for level in self.levels
                ],
            )
            for q in self.questions
        ]

    def to_texts(self) -> dict:
        data = self.cleaned_data
        return {
            q.code: {
                "text": {lang: data[f"text_{q.code}_{lang}"].strip() for lang in self.languages},
                "levels": {
                    level: {
                        lang: data[f"level_{q.code}_{level}_{lang}"].strip()
                        for lang in self.languages
                    }
                    for level in self.levels
                },
            }
            for q in self.questions
        }


class CardLanguageAddForm(Form):
    code = forms.CharField(
        label=_("Språkkod"),
        max_length=20,
        help_text=_("Som ”pl” för polska eller ”fa-af” för dari (BCP 47, små bokstäver)."),
    )
    name = forms.CharField(label=_("Språkets namn på språket självt"), max_length=60)
    swedish_name = forms.CharField(label=_("Språkets namn på svenska"), max_length=60)
    direction = forms.ChoiceField(
        label=_("Läsriktning"),
        choices=CardLanguage.Direction.choices,
        initial=CardLanguage.Direction.LTR,
    )


class CardLanguageTextsForm(Form):
    """Every text of the card in the language, the Swedish beside each field."""

    def __init__(self, *args, rows: list[dict], language: CardLanguage, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.language = language
        self.fields["revision"] = forms.IntegerField(
            widget=forms.HiddenInput, initial=language.revision
        )
        for row in rows:
            name = self.field_name(row["key"])
            # The Swedish beside the field describes it to a screen reader too.
            attrs = {
                "lang": language.code,
                "dir": language.direction,
                "rows": 2,
                "aria-describedby": f"sv-{name}",
            }
            self.fields[name] = forms.CharField(
                label=row["key"],
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs=attrs),
            )
            self.initial.setdefault(name, row["text"])

    @staticmethod
    def field_name(key: str) -> str:
        return "t-" + key.replace(".", "__")

    def pairs(self):
        return [(row, self[self.field_name(row["key"])]) for row in self.rows]

    def to_texts(self) -> dict[str, str]:
        return {row["key"]: self.cleaned_data[self.field_name(row["key"])] for row in self.rows}


class CardLanguageImportForm(Form):
    file = forms.FileField(
        label=_("Fil med texterna (JSON)"),
        help_text=_(
            "Ett JSON-objekt med kortets nycklar och texterna, eller en språkfil som "
            "instruments/languages/ar.json."
        ),
    )


class CardLanguageReviewForm(Form):
    reviewed_by = forms.CharField(label=_("Granskad av (auktoriserad översättare)"), max_length=120)
    reviewed_at = forms.DateField(label=_("Granskad den"), widget=DateInput)
