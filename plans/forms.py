"""The plan form: goal, one row per prioritised area, and the evaluation of the
previous plan's sub-goals."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, Form
from instruments.models import localised

from .models import PlanRow, SubGoalEvaluation
from .services import EvaluationInput, RowInput


class PlanForm(Form):
    goal = forms.CharField(
        label=_("Mål: vilket arbete eller vilka studier?"),
        help_text=_("Det övergripande målet är alltid att nå arbete eller studier."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, areas, activities, current=None, evaluate=False, scores=None, **kw):
        super().__init__(*args, **kw)
        self.areas = list(areas)
        self.current = current
        self.scores = scores or {}
        previous = {}
        if current is not None:
            previous = {row.area.code: row for row in current.rows.all()}
            if not self.is_bound:
                self.initial["goal"] = current.goal
                self.initial["based_on"] = current.pk
        activity_choices = [
            (a.pk, f"{a.name} ({a.get_status_display().lower()})") for a in activities
        ]
        for area in self.areas:
            p = f"row_{area.pk}_"
            old = previous.get(area.code)
            self.fields[p + "include"] = forms.BooleanField(
                label=_("Prioritera %(area)s") % {"area": localised(area.name)}, required=False
            )
            self.fields[p + "sub_goal"] = forms.CharField(
                label=_("Delmål"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[p + "target_score"] = forms.TypedChoiceField(
                label=_("Målsiffra"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "–")] + [(str(n), str(n)) for n in range(1, 6)],
            )
            self.fields[p + "activities"] = forms.TypedMultipleChoiceField(
                label=_("Aktiviteter"),
                required=False,
                coerce=int,
                choices=activity_choices,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields[p + "start_date"] = forms.DateField(
                label=_("Startdatum"), required=False, widget=DateInput
            )
            self.fields[p + "follow_up_date"] = forms.DateField(
                label=_("Slutdatum eller uppföljning"), required=False, widget=DateInput
            )
            self.fields[p + "responsible"] = forms.ChoiceField(
                label=_("Ansvarig"),
                required=False,
                choices=PlanRow.Responsible.choices,
                initial=PlanRow.Responsible.PARTICIPANT,
                widget=forms.RadioSelect,
            )
            self.fields[p + "responsible_name"] = forms.CharField(
                label=_("Namn på annan ansvarig"), required=False, max_length=120
            )
            if old is not None and not self.is_bound:
                self.initial.update(
                    {
                        p + "include": True,
                        p + "sub_goal": old.sub_goal,
                        p + "target_score": old.target_score,
                        p + "activities": [a.pk for a in old.activities.all()],
                        p + "start_date": old.start_date,
                        p + "follow_up_date": old.follow_up_date,
                        p + "responsible": old.responsible,
                        p + "responsible_name": old.responsible_name,
                    }
                )
        self.evaluated_rows = list(current.rows.all()) if (current and evaluate) else []
        for row in self.evaluated_rows:
            p = f"eval_{row.pk}_"
            self.fields[p + "result"] = forms.ChoiceField(
                label=_("Hur gick det med delmålet?"),
                required=False,
                choices=[("", _("Inte utvärderat")), *SubGoalEvaluation.Result.choices],
                widget=forms.RadioSelect,
            )
            self.fields[p + "comment"] = forms.CharField(
                label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def area_rows(self):
        return [
            {
                "area": area,
                "score": self.scores.get(area.pk, []),
                "fields": {
                    name: self[f"row_{area.pk}_{name}"]
                    for name in (
                        "include",
                        "sub_goal",
                        "target_score",
                        "activities",
                        "start_date",
                        "follow_up_date",
                        "responsible",
                        "responsible_name",
                    )
                },
            }
            for area in self.areas
        ]

    def evaluation_rows(self):
        return [
            (row, self[f"eval_{row.pk}_result"], self[f"eval_{row.pk}_comment"])
            for row in self.evaluated_rows
        ]

    def clean(self):
        cleaned = super().clean()
        chosen = 0
        for area in self.areas:
            p = f"row_{area.pk}_"
            if not cleaned.get(p + "include"):
                continue
            chosen += 1
            if not (cleaned.get(p + "sub_goal") or "").strip():
                self.add_error(p + "sub_goal", _("Skriv ett kort och konkret delmål."))
            start, end = cleaned.get(p + "start_date"), cleaned.get(p + "follow_up_date")
            if start and end and end < start:
                self.add_error(
                    p + "follow_up_date", _("Uppföljningen kan inte ligga före startdatumet.")
                )
            if cleaned.get(p + "responsible") == "other" and not cleaned.get(
                p + "responsible_name"
            ):
                self.add_error(p + "responsible_name", _("Skriv vem som är ansvarig."))
        if chosen == 0 and not self.errors:
            raise forms.ValidationError(
                _("Välj minst ett prioriterat område och skriv ett delmål.")
            )
        return cleaned

    def rows(self) -> list[RowInput]:
        data = self.cleaned_data
        result = []
        for area in self.areas:
            p = f"row_{area.pk}_"
            if data.get(p + "include"):
                result.append(
                    RowInput(
                        area_id=area.pk,
                        sub_goal=data[p + "sub_goal"],
                        target_score=data.get(p + "target_score"),
                        activity_ids=list(data.get(p + "activities") or []),
                        start_date=data.get(p + "start_date"),
                        follow_up_date=data.get(p + "follow_up_date"),
                        responsible=data.get(p + "responsible") or "participant",
                        responsible_name=data.get(p + "responsible_name", ""),
                    )
                )
        return result

    def evaluations(self) -> list[EvaluationInput]:
        data = self.cleaned_data
        return [
            EvaluationInput(
                row_id=row.pk,
                result=data[f"eval_{row.pk}_result"],
                comment=data.get(f"eval_{row.pk}_comment", ""),
            )
            for row in self.evaluated_rows
            if data.get(f"eval_{row.pk}_result")
        ]
