"""The card as a form, built from the card version's questions."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, Form
from instruments.models import localised

from .models import Assessment
from .rules import AnswerInput, AssessmentInput, validate_answers, validate_date

DECLINED = "declined"
YES_NO = [("yes", _("Ja")), ("no", _("Nej"))]


class AssessmentForm(Form):
    assessed_on = forms.DateField(label=_("Datum för skattningen"), widget=DateInput)
    mode = forms.ChoiceField(
        label=_("Hur fylldes kortet i?"),
        choices=Assessment.Mode.choices,
        widget=forms.RadioSelect,
        initial=Assessment.Mode.TOGETHER,
    )
    presentation = forms.ChoiceField(
        label=_("Hur visades skalan?"),
        choices=Assessment.Presentation.choices,
        widget=forms.RadioSelect,
        initial=Assessment.Presentation.DESCRIPTIONS,
        help_text=_("Hela skalan med beskrivningar, eller bara siffrorna (täck över svaren)."),
    )
    same_day_confirmed = forms.BooleanField(
        label=_("Ja, det är en ny skattning samma dag"),
        required=False,
        help_text=_("Kryssa bara i om deltagaren verkligen skattade två gånger samma dag."),
    )

    def __init__(
        self,
        *args,
        version,
        show_restricted: bool,
        period_started_on=None,
        revision: int | None = None,
        **kw,
    ):
        super().__init__(*args, **kw)
        self.version = version
        self.period_started_on = period_started_on
        self.show_restricted = show_restricted
        self.questions = list(version.questions.select_related("indicator", "theme"))
        self.scale_questions = [q for q in self.questions if q.kind == "scale"]
        self.multi_question = next((q for q in self.questions if q.kind == "multi_choice"), None)
        self.salary_question = next((q for q in self.questions if q.kind == "salary"), None)
        if not self.is_bound:
            self.initial.setdefault("assessed_on", timezone.localdate())
        decline = localised(version.decline_label) or _("Vill inte svara")
        for question in self.scale_questions:
            choices = [
                (str(level), str(level))
                for level in range(version.scale_min, version.scale_max + 1)
            ]
            self.fields[f"q_{question.code}"] = forms.ChoiceField(
                label=localised(question.text),
                choices=[*choices, (DECLINED, decline)],
                widget=forms.RadioSelect,
                error_messages={"required": _("Välj en siffra 1–5 eller ”Vill inte svara”.")},
            )
            self.fields[f"note_{question.code}"] = forms.CharField(
                label=_("Anteckning från samtalet"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if self.multi_question:
            self.fields["job_search"] = forms.MultipleChoiceField(
                label=localised(self.multi_question.text),
                required=False,
                choices=[(o["code"], localised(o["text"])) for o in self.multi_question.options],
                widget=forms.CheckboxSelectMultiple,
            )
        if self.salary_question:
            unit = localised(self.salary_question.unit_label)
            self.fields["salary_amount"] = forms.IntegerField(
                label=f"{localised(self.salary_question.text)} ({unit})",
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={"invalid": _("Ange lönen som ett heltal i kronor.")},
            )
            self.fields["salary_alternative"] = forms.ChoiceField(
                label=_("Eller"),
                required=False,
                choices=[("", _("Jag anger ett belopp"))]
                + [(a["code"], localised(a["text"])) for a in self.salary_question.alternatives],
                widget=forms.RadioSelect,
            )
        coach_rating = localised((version.coach_rating or {}).get("text")) or _(
            "Handledarens tilltro till att deltagaren kommer i arbete"
        )
        self.fields["coach_belief"] = forms.TypedChoiceField(
            label=coach_rating,
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", _("Inte angiven"))] + [(str(n), str(n)) for n in range(1, 6)],
            widget=forms.RadioSelect,
            help_text=_("Din egen bedömning, 1–5. Visas inte för deltagaren på utskriften."),
        )
        if show_restricted:
            self.fields["violence_asked"] = forms.ChoiceField(
                label=_("Ställdes frågan om våld?"),
                required=False,
                choices=[("", _("Inte registrerat")), *YES_NO],
                widget=forms.RadioSelect,
            )
            self.fields["violence_support"] = forms.BooleanField(
                label=_("Stöd eller hänvisning erbjöds"), required=False
            )
            self.fields["violence_note"] = forms.CharField(
                label=_("Kort anteckning (skyddad)"),
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if revision is not None:
            self.fields["revision"] = forms.IntegerField(widget=forms.HiddenInput, initial=revision)

    def clean(self):
        cleaned = super().clean()
        known = {f"q_{q.code}" for q in self.scale_questions}
        posted = {key for key in (self.data or {}) if key.startswith("q_")}
        if posted - known:
            raise ValidationError(
                _("Svaret gäller en fråga som inte finns på den här kortversionen.")
            )
        date_errors = validate_date(
            cleaned.get("assessed_on"),
            period_started_on=self.period_started_on,
            today=timezone.localdate(),
        )
        if "assessed_on" in cleaned and date_errors:
            self.add_error("assessed_on", date_errors)
        errors = validate_answers(self.to_input(), self.questions, require_all=False)
        for name, messages in errors.items():
            if name == "__all__" or (name in self.fields and name not in self.errors):
                self.add_error(None if name == "__all__" else name, messages)
        if self.show_restricted:
            asked = cleaned.get("violence_asked")
            if asked != "yes" and (cleaned.get("violence_support") or cleaned.get("violence_note")):
                self.add_error(
                    "violence_asked",
                    _("Ange att frågan ställdes om du registrerar stöd eller en anteckning."),
                )
        return cleaned

    def scale_rows(self):
        """(question, answer field, note field) for the template."""
        return [(q, self[f"q_{q.code}"], self[f"note_{q.code}"]) for q in self.scale_questions]

    def to_input(self) -> AssessmentInput:
        data = self.cleaned_data
        answers = {}
        # Called from clean() too, before every field is known to be valid.
        for question in self.scale_questions:
            value = data.get(f"q_{question.code}")
            if value is None or value == "":
                continue
            answers[question.code] = AnswerInput(
                level=None if value == DECLINED else int(value),
                declined=value == DECLINED,
                note=data.get(f"note_{question.code}", ""),
            )
        violence = None
        if self.show_restricted and data.get("violence_asked") in ("yes", "no"):
            violence = {
                "asked": data["violence_asked"] == "yes",
                "support_offered": bool(data.get("violence_support")),
                "note": data.get("violence_note", "").strip(),
            }
        return AssessmentInput(
            version=self.version,
            assessed_on=data.get("assessed_on"),
            mode=data.get("mode") or Assessment.Mode.TOGETHER,
            presentation=data.get("presentation") or Assessment.Presentation.DESCRIPTIONS,
            answers=answers,
            coach_belief=data.get("coach_belief"),
            job_search_channels=list(data.get("job_search") or []),
            salary_amount=data.get("salary_amount"),
            salary_alternative=data.get("salary_alternative") or "",
            violence=violence,
            same_day_confirmed=bool(data.get("same_day_confirmed")),
        )

    @classmethod
    def initial_from(cls, assessment: Assessment, screening) -> dict:
        initial = {
            "assessed_on": assessment.assessed_on,
            "mode": assessment.mode,
            "presentation": assessment.presentation,
            "coach_belief": assessment.coach_belief,
            "job_search": assessment.job_search_channels,
            "salary_amount": assessment.salary_amount,
            "salary_alternative": assessment.salary_alternative,
        }
        for answer in assessment.answers.all():
            code = answer.question.code
            initial[f"q_{code}"] = DECLINED if answer.declined else str(answer.level)
            initial[f"note_{code}"] = answer.note
        if screening is not None:
            initial["violence_asked"] = "yes" if screening.asked else "no"
            initial["violence_support"] = screening.support_offered
            initial["violence_note"] = screening.note
        return initial


class DeleteForm(Form):
    reason = forms.CharField(
        label=_("Varför tas skattningen bort?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewForm(Form):
    """Going through a card the participant filled in: a note per question and the
    coach's own belief rating."""

    coach_belief = forms.TypedChoiceField(
        label=_("Din tilltro till att deltagaren kommer att klara ett arbete"),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 = låg tilltro, 5 = hög tilltro."),
        error_messages={"required": _("Välj din tilltro, 1–5.")},
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"review_{row.question.code}"] = forms.CharField(
                label=_("Anteckning: %(question)s") % {"question": localised(row.question.text)},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def review_fields(self):
        """(row, note field) for the template."""
        return [(row, self[f"review_{row.question.code}"]) for row in self.rows]

    def notes(self) -> dict[str, str]:
        return {
            row.question.code: self.cleaned_data.get(f"review_{row.question.code}", "")
            for row in self.rows
        }
