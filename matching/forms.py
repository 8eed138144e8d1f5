"""Forms of the matching decision and the individual plan (goal, sub-goals, the
responsibility table as a formset, signatures, follow-up)."""

import datetime
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, Form

from .models import Destination, IndividualPlan
from .services import RowInput

INVALID_DATE = _("Ange ett giltigt datum, till exempel 2026-03-15.")


def _not_in_future(value: datetime.date | None, message) -> datetime.date | None:
    if value and value > timezone.localdate():
        raise ValidationError(message)
    return value


class DecisionForm(Form):
    destination = forms.ChoiceField(
        label=_("Matchas till"),
        choices=Destination.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj vart deltagaren matchas.")},
    )
    reason = forms.CharField(
        label=_("Motivering"),
        help_text=_(
            "Utgå från kartläggningen: vilka resurser tas tillvara och vilka hinder tas "
            "hänsyn till? Ställ rimliga krav."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Skriv en motivering till beslutet.")},
    )
    decided_on = forms.DateField(
        label=_("Beslutsdatum"),
        widget=DateInput,
        error_messages={"required": _("Ange datum för beslutet."), "invalid": INVALID_DATE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["decided_on"] = timezone.localdate()

    def clean_decided_on(self):
        return _not_in_future(
            self.cleaned_data.get("decided_on"), _("Beslutet kan inte ligga i framtiden.")
        )


class PlanForm(Form):
    goal = forms.CharField(
        label=_("Deltagarens mål"),
        help_text=_("Med deltagarens egna ord: vilket arbete, eller egen försörjning."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv deltagarens mål.")},
    )
    sub_goals = forms.CharField(
        label=_("Delmål"),
        required=False,
        help_text=_(
            "Vad deltagaren behöver på vägen, till exempel körkort, svenska, arbetsträning "
            "eller utbildning. Ett delmål per rad."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    drawn_up_on = forms.DateField(
        label=_("Upprättad"),
        help_text=_("Datum för mötet med deltagaren, handledaren och Arbetsförmedlingen."),
        widget=DateInput,
        error_messages={
            "required": _("Ange datum då planen upprättades."),
            "invalid": INVALID_DATE,
        },
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, current: IndividualPlan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            if current is not None:
                self.initial.update(
                    {
                        "goal": current.goal,
                        "sub_goals": current.sub_goals,
                        "drawn_up_on": current.drawn_up_on,
                        "version": current.version,
                        "based_on": current.pk,
                    }
                )
            else:
                self.initial["drawn_up_on"] = timezone.localdate()

    def clean_drawn_up_on(self):
        return _not_in_future(
            self.cleaned_data.get("drawn_up_on"), _("Datumet kan inte ligga i framtiden.")
        )


class RowForm(Form):
    what = forms.CharField(
        label=_("Vad ska göras"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    who = forms.CharField(label=_("Vem ansvarar"), required=False, max_length=150)
    due_on = forms.DateField(
        label=_("Klart senast"),
        required=False,
        widget=DateInput,
        error_messages={"invalid": INVALID_DATE},
    )
    done = forms.BooleanField(label=_("Gjort"), required=False)

    def clean(self):
        cleaned = super().clean()
        if self.cleaned_data.get("DELETE"):
            return cleaned
        what, who = (cleaned.get("what") or "").strip(), (cleaned.get("who") or "").strip()
        if (what or who or cleaned.get("due_on")) and not what:
            self.add_error("what", _("Skriv vad som ska göras."))
        if (what or who or cleaned.get("due_on")) and not who:
            self.add_error("who", _("Skriv vem som ansvarar."))
        return cleaned

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (
            (data.get("what") or "").strip()
            or (data.get("who") or "").strip()
            or data.get("due_on")
        )


class BaseRowFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.rows():
            raise ValidationError(_("Skriv minst en rad i ansvarsfördelningen: vad, vem och när."))

    def rows(self) -> list[RowInput]:
        return [
            RowInput(
                what=form.cleaned_data["what"],
                who=form.cleaned_data["who"],
                due_on=form.cleaned_data.get("due_on"),
                done=form.cleaned_data.get("done", False),
            )
            for form in self.forms
            if form.is_valid() and not form.cleaned_data.get("DELETE") and not form.is_blank
        ]


RowFormSet = forms.formset_factory(RowForm, formset=BaseRowFormSet, extra=2, can_delete=True)


def row_formset(data=None, *, current: IndividualPlan | None = None) -> BaseRowFormSet:
    initial = (
        [
            {"what": r.what, "who": r.who, "due_on": r.due_on, "done": r.done}
            for r in current.rows.all()
        ]
        if current is not None
        else None
    )
    # formset_factory is typed as making a plain BaseFormSet.
    formset = cast(BaseRowFormSet, RowFormSet(data, initial=initial, prefix="rows"))
    for form in formset.forms:
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Ta bort raden")
    return formset


class SignForm(Form):
    """A name and a date for each party that has not signed yet."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, plan: IndividualPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.parties = [s for s in plan.signatures() if not s["on"]]
        for item in self.parties:
            party = item["party"].value
            self.fields[f"{party}_name"] = forms.CharField(
                label=_("Namn"), required=False, max_length=150
            )
            self.fields[f"{party}_on"] = forms.DateField(
                label=_("Datum"),
                required=False,
                widget=DateInput,
                error_messages={"invalid": INVALID_DATE},
            )
        if not self.is_bound:
            self.initial["version"] = plan.version

    def party_fields(self):
        return [
            {
                "label": item["label"],
                "name": self[f"{item['party'].value}_name"],
                "on": self[f"{item['party'].value}_on"],
            }
            for item in self.parties
        ]

    def clean(self):
        cleaned = super().clean()
        given = 0
        for item in self.parties:
            party = item["party"].value
            name = (cleaned.get(f"{party}_name") or "").strip()
            signed_on = cleaned.get(f"{party}_on")
            if f"{party}_on" in self.errors:
                given += 1
                continue
            if name and not signed_on:
                self.add_error(f"{party}_on", _("Ange datum för underskriften."))
            elif signed_on and not name:
                self.add_error(f"{party}_name", _("Skriv vem som skrev under."))
            elif signed_on and signed_on > timezone.localdate():
                self.add_error(f"{party}_on", _("En underskrift kan inte ligga i framtiden."))
            elif signed_on and signed_on < self.plan.drawn_up_on:
                self.add_error(
                    f"{party}_on",
                    _("En underskrift kan inte ligga före planens datum (%(date)s).")
                    % {"date": self.plan.drawn_up_on.isoformat()},
                )
            if name or signed_on:
                given += 1
        if not given:
            raise ValidationError(_("Fyll i minst en underskrift: namn och datum."))
        return cleaned

    def signatures(self) -> dict[str, tuple[str, datetime.date]]:
        data = self.cleaned_data
        return {
            item["party"].value: (
                data[f"{item['party'].value}_name"],
                data[f"{item['party'].value}_on"],
            )
            for item in self.parties
            if data.get(f"{item['party'].value}_on")
        }


class FollowUpForm(Form):
    done = forms.TypedMultipleChoiceField(
        label=_("Gjort"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, plan: IndividualPlan, **kwargs):
        super().__init__(*args, **kwargs)
        rows = list(plan.rows.all())
        done = self.fields["done"]
        assert isinstance(done, forms.TypedMultipleChoiceField)
        done.choices = [(row.pk, row.what) for row in rows]
        if not self.is_bound:
            self.initial["done"] = [row.pk for row in rows if row.done]
            self.initial["version"] = plan.version
