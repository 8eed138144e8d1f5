from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import Form

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
