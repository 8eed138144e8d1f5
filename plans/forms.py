"""The plan form: goal, one row per prioritised area, and the evaluation of the
previous plan's sub-goals."""

from typing import cast

from django import forms
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from activities.models import ParticipantActivity
from core.forms import DateInput, Form
from instruments.models import localised

from .models import PlanRow, SubGoalEvaluation
from .services import EvaluationInput, RowInput

OFFERED_STATUSES = (
    ParticipantActivity.Status.PLANNED,
    ParticipantActivity.Status.ONGOING,
    ParticipantActivity.Status.PAUSED,
)


ROW_FIELDS = (
    "include",
    "sub_goal",
    "target_score",
    "activities",
    "start_date",
    "follow_up_date",
    "responsible",
    "responsible_name",
)


class PlanForm(Form):
    goal = forms.CharField(
        label=_("Mål: vilket arbete eller vilka studier?"),
        help_text=_("Det övergripande målet är alltid att nå arbete eller studier."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        areas,
        activities,
        current=None,
        evaluate=False,
        scores=None,
        low_below: int = 3,
        add_forms=None,
        **kw,
    ):
        super().__init__(*args, **kw)
        self.add_forms = add_forms or {}
        self.low_below = low_below
        self.current = current
        self.scores = scores or {}
        previous = {}
        if current is not None:
            previous = {row.area.code: row for row in current.rows.all()}
            if not self.is_bound:
                self.initial["goal"] = current.goal
                self.initial["based_on"] = current.pk
        # The areas that need action come first: a score under the method's threshold, or
        # a row of the current plan. The others follow, folded away on the page.
        self.needs_action = {
            area.pk
            for area in areas
            if area.code in previous
            or any(
                level is not None and level < low_below for level in self.scores.get(area.pk, [])
            )
        }
        self.areas = sorted(areas, key=lambda area: area.pk not in self.needs_action)
        # Only what runs or is to come is offered, and whatever the current plan links
        # already; finished and cancelled activities stay on the plan page, not in the form.
        linked = {a.pk for row in previous.values() for a in row.activities.all()}
        offered = [
            a
            for a in activities
            if a.status in OFFERED_STATUSES or a.pk in linked or a.pk in self._posted_activities()
        ]
        activity_choices = [(a.pk, f"{a.name} ({a.get_status_display().lower()})") for a in offered]
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

    def without_validation(self) -> "PlanForm":
        """Show the posted values as typed and no errors: the plan was not being saved
        (an activity was added to it)."""
        self._errors = ErrorDict()
        return self

    def other_rows_open(self) -> bool:
        """The folded areas are shown when one of them is chosen or has an error."""
        if not self.is_bound:
            return any(
                self.initial.get(f"row_{a.pk}_include")
                for a in self.areas
                if a.pk not in self.needs_action
            )
        return any(
            self.data.get(f"row_{a.pk}_include")
            or any(self[f"row_{a.pk}_{n}"].errors for n in ROW_FIELDS)
            for a in self.areas
            if a.pk not in self.needs_action
        )

    def _posted_activities(self) -> set[int]:
        """Activities already ticked in the posted form stay offered (a finished one
        linked in the form being written)."""
        if not self.is_bound:
            return set()
        ids: set[int] = set()
        data = cast(QueryDict, self.data)
        for key in data:
            if key.startswith("row_") and key.endswith("_activities"):
                ids.update(int(v) for v in data.getlist(key) if str(v).isdigit())
        return ids

    def area_rows(self):
        return [
            {
                "area": area,
                "needs_action": area.pk in self.needs_action,
                "score": self.scores.get(area.pk, []),
                "add_form": self.add_forms.get(area.pk),
                "fields": {name: self[f"row_{area.pk}_{name}"] for name in ROW_FIELDS},
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


class PlanActivityAddForm(Form):
    """An activity from the catalogue added to one row of the plan being written, without
    leaving the plan form: posted with the plan's fields, which come back as typed."""

    catalogue_item = forms.TypedChoiceField(
        label=_("Aktivitet ur utbudet"), required=False, coerce=int, empty_value=None
    )
    start_date = forms.DateField(label=_("Startar"), widget=DateInput)

    def __init__(self, data=None, *, area, catalogue, suggested: set[int], today):
        super().__init__(data, prefix=f"add_{area.pk}", initial={"start_date": today})
        self.area = area
        self.items = {item.pk: item for item in catalogue}
        first = [(i.pk, i.name) for i in catalogue if i.pk in suggested]
        rest = [(i.pk, i.name) for i in catalogue if i.pk not in suggested]
        choices: list = [("", _("Välj en aktivitet"))]
        if first:
            choices.append((_("Föreslås för %(area)s") % {"area": localised(area.name)}, first))
        if rest:
            choices.append((_("Hela utbudet") if first else _("Utbudet"), rest))
        cast(forms.ChoiceField, self.fields["catalogue_item"]).choices = choices

    def clean_catalogue_item(self):
        pk = self.cleaned_data.get("catalogue_item")
        if pk is None:
            raise forms.ValidationError(_("Välj vilken aktivitet ur utbudet som ska läggas till."))
        return self.items[pk]


def activity_add_forms(
    *, areas, catalogue, suggested: dict[int, set[int]], today, data=None, adding=None
) -> dict[int, PlanActivityAddForm]:
    """One add-an-activity form per plan area; the one whose button was pressed is bound."""
    return {
        area.pk: PlanActivityAddForm(
            data if area.pk == adding else None,
            area=area,
            catalogue=catalogue,
            suggested=suggested.get(area.pk, set()),
            today=today,
        )
        for area in areas
    }


def with_activity_ticked(data, *, area_id: int, activity_id: int):
    """The posted plan with the added activity ticked in its row and the row chosen."""
    data = data.copy()
    key = f"row_{area_id}_activities"
    data.setlist(key, [*data.getlist(key), str(activity_id)])
    data[f"row_{area_id}_include"] = "on"
    return data
