import contextlib
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, Form, ModelForm

from .models import (
    MAX_HOURS_PER_WEEK,
    RATING_MAX,
    RATING_MIN,
    Adaptation,
    Competence,
    FinalDocumentation,
    FollowUp,
    MeetingOutcome,
    Placement,
)
from .services import (
    FINAL_DOCUMENTATION_FIELDS,
    FOLLOW_UP_FIELDS,
    PLACEMENT_FIELDS,
    WeekInput,
    week_start_of,
)

HOURS_ERROR = _("Ange 0–40 timmar per vecka; mer än 40 timmar går inte att registrera.")


def _not_in_future(value: datetime.date | None, message) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(message)


def _hours_field(label, *, required: bool) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_value=MAX_HOURS_PER_WEEK,
        max_digits=4,
        decimal_places=1,
        error_messages={
            "min_value": HOURS_ERROR,
            "max_value": HOURS_ERROR,
            "max_digits": HOURS_ERROR,
            "max_whole_digits": HOURS_ERROR,
            "max_decimal_places": _("Ange timmar med högst en decimal, t.ex. 7,5."),
            "invalid": _("Ange ett antal timmar, t.ex. 20 eller 7,5."),
        },
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )


class PlacementForm(ModelForm):
    class Meta:
        model = Placement
        fields = list(PLACEMENT_FIELDS)
        widgets = {
            "workplace_kind": forms.RadioSelect,
            "tasks": forms.Textarea(attrs={"rows": 3}),
            "decision_date": DateInput,
            "started_on": DateInput,
        }
        help_texts = {
            "workplace": _("Verksamhetens eller arbetsgivarens namn."),
            "decision_reference": _("Till exempel diarienummer eller ärendenummer."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=self.instance.version
            )

    def clean_decision_date(self):
        value = self.cleaned_data["decision_date"]
        _not_in_future(value, _("Beslutsdatumet kan inte ligga i framtiden."))
        return value

    def clean(self):
        cleaned = super().clean()
        decided, started = cleaned.get("decision_date"), cleaned.get("started_on")
        if decided and started and started < decided:
            self.add_error(
                "started_on", _("Arbetsträningen kan inte börja före Arbetsförmedlingens beslut.")
            )
        return cleaned

    def _post_clean(self):
        # The service writes the instance; the model form only validates fields.
        pass


class PlacementEndForm(Form):
    ended_on = forms.DateField(label=_("Slutdatum"), widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = placement
        if not self.is_bound:
            self.initial.update({"version": placement.version, "ended_on": timezone.localdate()})

    def clean_ended_on(self):
        value = self.cleaned_data["ended_on"]
        if value < self.placement.started_on:
            raise ValidationError(
                _("Slutdatumet kan inte ligga före startdatumet (%(date)s).")
                % {"date": self.placement.started_on.isoformat()}
            )
        return value


class ScheduleForm(Form):
    """The schedule as a table: one row per week, existing weeks plus blank rows."""

    BLANK_ROWS = 4
    MAX_ROWS = 120

    version = forms.IntegerField(widget=forms.HiddenInput)
    rows = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_ROWS)

    def __init__(self, *args, placement, weeks, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = placement
        count = len(weeks) + self.BLANK_ROWS
        if self.is_bound:
            with contextlib.suppress(TypeError, ValueError):
                count = min(max(int(self.data.get("rows", count)), 0), self.MAX_ROWS)
        else:
            self.initial.update({"version": placement.version, "rows": count})
        self.row_count = count
        for i in range(count):
            number = i + 1
            self.fields[f"w{i}_week_start"] = forms.DateField(
                label=_("Vecka %(n)s, måndag") % {"n": number}, required=False, widget=DateInput
            )
            self.fields[f"w{i}_planned_hours"] = _hours_field(
                _("Vecka %(n)s, planerade timmar") % {"n": number}, required=False
            )
            self.fields[f"w{i}_actual_hours"] = _hours_field(
                _("Vecka %(n)s, närvaro i timmar") % {"n": number}, required=False
            )
            self.fields[f"w{i}_note"] = forms.CharField(
                label=_("Vecka %(n)s, kommentar") % {"n": number}, required=False, max_length=200
            )
            self.fields[f"w{i}_delete"] = forms.BooleanField(
                label=_("Ta bort vecka %(n)s") % {"n": number}, required=False
            )
            if not self.is_bound and i < len(weeks):
                week = weeks[i]
                self.initial.update(
                    {
                        f"w{i}_week_start": week.week_start,
                        f"w{i}_planned_hours": week.planned_hours,
                        f"w{i}_actual_hours": week.actual_hours,
                        f"w{i}_note": week.note,
                    }
                )
        self.existing = weeks

    def table_rows(self):
        rows = []
        for i in range(self.row_count):
            week = self.existing[i] if i < len(self.existing) else None
            rows.append(
                {
                    "number": i + 1,
                    "week": week,
                    "week_start": self[f"w{i}_week_start"],
                    "planned_hours": self[f"w{i}_planned_hours"],
                    "actual_hours": self[f"w{i}_actual_hours"],
                    "note": self[f"w{i}_note"],
                    "delete": self[f"w{i}_delete"],
                }
            )
        return rows

    def clean(self):
        cleaned = super().clean()
        first = week_start_of(self.placement.started_on)
        seen = {}
        for i in range(self.row_count):
            if cleaned.get(f"w{i}_delete"):
                continue
            start = cleaned.get(f"w{i}_week_start")
            planned = cleaned.get(f"w{i}_planned_hours")
            filled = any(
                (self.data.get(self.add_prefix(f"w{i}_{name}")) or "").strip()
                for name in ("week_start", "planned_hours", "actual_hours", "note")
            )
            if not filled:
                continue
            if start is None:
                if f"w{i}_week_start" not in self.errors:
                    self.add_error(f"w{i}_week_start", _("Ange veckans måndag."))
                continue
            monday = week_start_of(start)
            cleaned[f"w{i}_week_start"] = monday
            if monday < first:
                self.add_error(
                    f"w{i}_week_start",
                    _("Veckan ligger före arbetsträningens start (%(date)s).")
                    % {"date": self.placement.started_on.isoformat()},
                )
            elif self.placement.ended_on and monday > self.placement.ended_on:
                self.add_error(
                    f"w{i}_week_start",
                    _("Veckan ligger efter arbetsträningens slut (%(date)s).")
                    % {"date": self.placement.ended_on.isoformat()},
                )
            elif monday in seen:
                self.add_error(
                    f"w{i}_week_start",
                    _("Vecka %(week)s finns redan på rad %(row)s.")
                    % {"week": monday.strftime("%G-%V"), "row": seen[monday] + 1},
                )
            seen.setdefault(monday, i)
            if planned is None and f"w{i}_planned_hours" not in self.errors:
                self.add_error(f"w{i}_planned_hours", _("Ange planerade timmar för veckan."))
        return cleaned

    def weeks(self) -> list[WeekInput]:
        data = self.cleaned_data
        result = []
        for i in range(self.row_count):
            start = data.get(f"w{i}_week_start")
            if data.get(f"w{i}_delete") or start is None:
                continue
            result.append(
                WeekInput(
                    week_start=start,
                    planned_hours=data[f"w{i}_planned_hours"],
                    actual_hours=data.get(f"w{i}_actual_hours"),
                    note=data.get(f"w{i}_note", ""),
                )
            )
        return sorted(result, key=lambda week: week.week_start)


class AdaptationForm(ModelForm):
    class Meta:
        model = Adaptation
        fields = ["what", "why", "effect"]
        labels = {
            "what": _("Vad är anpassningen?"),
            "why": _("Varför behövs den?"),
            "effect": _("Vilken effekt har den haft?"),
        }
        help_texts = {
            "what": _("Till exempel höj- och sänkbart skrivbord, inga tunga lyft."),
            "effect": _("Kan fyllas i senare, när ni har sett hur anpassningen fungerar."),
        }
        widgets = {
            "why": forms.Textarea(attrs={"rows": 3}),
            "effect": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self):
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=self.instance.version
            )


class FollowUpForm(ModelForm):
    class Meta:
        model = FollowUp
        fields = list(FOLLOW_UP_FIELDS)
        labels = {
            "held_on": _("Datum för uppföljningen"),
            "development_areas": _("Utvecklingsområden"),
            "own_proposals": _("Deltagarens egna förslag: vad vill du utveckla och hur?"),
            "support_needed": _("Stöd som behövs från Arbetsmarknadsenheten"),
            "own_responsibility": _("Deltagarens eget ansvar"),
        }
        help_texts = {
            "notes": _("Hur går det i dag? Behövs fler anpassningar? Hur fungerar stödet?"),
        }
        widgets = {
            "held_on": DateInput,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "development_areas": forms.Textarea(attrs={"rows": 3}),
            "own_proposals": forms.Textarea(attrs={"rows": 3}),
            "support_needed": forms.Textarea(attrs={"rows": 3}),
            "own_responsibility": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=self.instance.version
            )
        elif not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        _not_in_future(value, _("Uppföljningen kan inte ligga i framtiden."))
        return value

    def _post_clean(self):
        pass


class FinalDocumentationForm(ModelForm):
    class Meta:
        model = FinalDocumentation
        fields = list(FINAL_DOCUMENTATION_FIELDS)
        labels = {
            "written_on": _("Datum"),
            "background": _("Bakgrund"),
            "current_situation": _("Nuvarande situation"),
            "workplace": _("Arbetsplats"),
            "tasks": _("Arbetsuppgifter"),
            "adaptations": _("Anpassningar och utfallet av dem"),
            "attendance": _("Närvaro"),
            "motivation": _("Motivation"),
            "cooperation": _("Samarbetsförmåga"),
            "supervision_need": _("Behov av handledning"),
            "strengths": _("Starka sidor"),
            "development_areas": _("Utvecklingsområden"),
            "other_observations": _("Övriga iakttagelser"),
            "supervisor_view": _("Handledarens beskrivning av arbetsträningen"),
            "participant_view": _("Deltagarens beskrivning av arbetsträningen"),
            "summary": _("Sammanfattning och bedömning"),
        }
        help_texts = {
            "background": _("Kort om sjukdomshistorik, utbildning och arbetslivserfarenhet."),
            "current_situation": _(
                "Aktuellt hälsotillstånd, eventuella skulder och social situation."
            ),
            "attendance": _("Ifyllt från närvaron i schemat. Komplettera gärna."),
            "other_observations": _("Sådant som har betydelse för att få ett reguljärt arbete."),
        }
        widgets = (
            {"written_on": DateInput}
            | {
                name: forms.Textarea(attrs={"rows": 3})
                for name in FINAL_DOCUMENTATION_FIELDS
                if name not in ("written_on", "summary")
            }
            | {"summary": forms.Textarea(attrs={"rows": 5})}
        )

    SECTIONS = (
        (None, ("written_on",)),
        (_("Bakgrund och nuvarande situation"), ("background", "current_situation")),
        (
            _("Tiden i arbetsträning"),
            (
                "workplace",
                "tasks",
                "adaptations",
                "attendance",
                "motivation",
                "cooperation",
                "supervision_need",
                "strengths",
                "development_areas",
                "other_observations",
                "supervisor_view",
                "participant_view",
            ),
        ),
        (_("Sammanfattning"), ("summary",)),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=self.instance.version
            )

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def _post_clean(self):
        pass


RATING_CHOICES = [(n, str(n)) for n in range(RATING_MIN, RATING_MAX + 1)]


class CompetenceCardForm(Form):
    assessed_on = forms.DateField(label=_("Datum"), widget=DateInput)

    def __init__(self, *args, card=None, **kwargs):
        super().__init__(*args, **kwargs)
        previous = {}
        if card is not None:
            previous = {r.competence: r for r in card.ratings.all()}
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=card.version
            )
            if not self.is_bound:
                self.initial["assessed_on"] = card.assessed_on
        elif not self.is_bound:
            self.initial["assessed_on"] = timezone.localdate()
        for code, label in Competence.choices:
            self.fields[f"{code}_rating"] = forms.TypedChoiceField(
                label=_("Bedömning av %(competence)s") % {"competence": str(label).lower()},
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 = behöver utvecklas, 5 = mycket god"),
                error_messages={"required": _("Välj en siffra 1–5.")},
            )
            self.fields[f"{code}_comment"] = forms.CharField(
                label=_("Kommentar om %(competence)s") % {"competence": str(label).lower()},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if code in previous and not self.is_bound:
                self.initial[f"{code}_rating"] = previous[code].rating
                self.initial[f"{code}_comment"] = previous[code].comment

    def competences(self):
        return [
            (label, self[f"{code}_rating"], self[f"{code}_comment"])
            for code, label in Competence.choices
        ]

    def ratings(self) -> dict[str, tuple[int, str]]:
        return {
            code: (self.cleaned_data[f"{code}_rating"], self.cleaned_data[f"{code}_comment"])
            for code in Competence.values
        }


class ThreePartyMeetingForm(Form):
    held_on = forms.DateField(label=_("Datum för trepartsmötet"), widget=DateInput)
    outcome = forms.ChoiceField(
        label=_("Utfall"), choices=MeetingOutcome.choices, widget=forms.RadioSelect
    )
    outcome_text = forms.CharField(
        label=_("Vad kom ni fram till?"),
        required=False,
        help_text=_("Planeringen framåt, till exempel arbetsgivare, anställningsform, nästa steg."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=meeting.version
            )
            if not self.is_bound:
                self.initial.update(
                    {
                        "held_on": meeting.held_on,
                        "outcome": meeting.outcome,
                        "outcome_text": meeting.outcome_text,
                    }
                )
