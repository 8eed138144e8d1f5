from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import coach_list, unit_list_for_cases
from core.forms import DateInput, Form, ModelForm

from .models import GroupActivity, GroupSession
from .selectors import group_catalogue


class GroupForm(ModelForm):
    class Meta:
        model = GroupActivity
        fields = ["catalogue_item", "name", "unit", "leader", "started_on", "ended_on", "schedule"]
        labels = {
            "catalogue_item": _("Aktivitet ur utbudet"),
            "name": _("Gruppens namn"),
            "unit": _("Enhet"),
            "leader": _("Ledare"),
            "started_on": _("Startdatum"),
            "ended_on": _("Slutdatum"),
            "schedule": _("Schema"),
        }
        help_texts = {
            "name": _("Till exempel ”Språkcafé vår 2026”. Tomt: aktivitetens namn."),
            "ended_on": _("Lämna tomt för en löpande grupp."),
            "schedule": _("Till exempel ”Måndagar 13–15”."),
        }
        widgets = {"started_on": DateInput, "ended_on": DateInput}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["catalogue_item"].queryset = group_catalogue(
            organisation_id=actor.organisation_id,
            include_id=self.instance.catalogue_item_id if self.instance.pk else None,
        )
        if self.instance.pk:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=self.instance.version
            )
        self.fields["unit"].queryset = unit_list_for_cases(actor=actor)
        self.fields["unit"].empty_label = None
        self.fields["leader"].queryset = coach_list(actor=actor)
        self.fields["name"].required = False
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("started_on", timezone.localdate())
            if coach_list(actor=actor).filter(pk=actor.pk).exists():
                self.initial.setdefault("leader", actor.pk)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("started_on"), cleaned.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("Slutdatumet kan inte ligga före startdatumet."))
        leader, unit = cleaned.get("leader"), cleaned.get("unit")
        if (
            leader
            and unit
            and not coach_list(actor=self.actor, unit_ids=[unit.pk]).filter(pk=leader.pk).exists()
        ):
            self.add_error("leader", _("Ledaren arbetar inte på den valda enheten."))
        return cleaned


class MemberAddForm(Form):
    participant: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Deltagare"), queryset=None
    )
    joined_on = forms.DateField(label=_("Med från"), widget=DateInput)

    def __init__(self, *args, candidates, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["participant"].queryset = candidates
        self.fields["participant"].label_from_instance = lambda p: f"{p.last_name}, {p.first_name}"
        if not self.is_bound:
            self.initial["joined_on"] = max(group.started_on, timezone.localdate())

    def clean_joined_on(self):
        value = self.cleaned_data["joined_on"]
        group = self.group
        if value < group.started_on or (group.ended_on and value > group.ended_on):
            raise ValidationError(_("Datumet ska ligga inom gruppens period."))
        return value


class MemberEndForm(Form):
    left_on = forms.DateField(label=_("Med till och med"), widget=DateInput)

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        if not self.is_bound:
            self.initial["left_on"] = max(membership.joined_on, timezone.localdate())

    def clean_left_on(self):
        value = self.cleaned_data["left_on"]
        if value < self.membership.joined_on:
            raise ValidationError(_("Slutdatumet kan inte ligga före startdatumet."))
        return value


class SessionForm(ModelForm):
    class Meta:
        model = GroupSession
        fields = ["held_on", "starts_at", "length_minutes", "note"]
        labels = {
            "held_on": _("Datum"),
            "starts_at": _("Starttid"),
            "length_minutes": _("Längd i minuter"),
            "note": _("Anteckning"),
        }
        help_texts = {"starts_at": _("Till exempel 13:00.")}
        widgets = {
            "held_on": DateInput,
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["length_minutes"] = forms.IntegerField(
            label=_("Längd i minuter"),
            widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
            error_messages={"invalid": _("Ange längden som ett heltal, till exempel 180.")},
        )
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("held_on", timezone.localdate())
            self.initial.setdefault("length_minutes", 120)
        if self.instance.pk:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=self.instance.version
            )

    def clean_length_minutes(self):
        value = self.cleaned_data["length_minutes"]
        if not 1 <= value <= 720:
            raise ValidationError(_("Ange längden i minuter, från 1 till 720."))
        return value

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        group = self.group
        if value < group.started_on or (group.ended_on and value > group.ended_on):
            raise ValidationError(_("Tillfället ska ligga inom gruppens period."))
        return value
