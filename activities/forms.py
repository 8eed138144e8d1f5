from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, ModelForm

from .models import CatalogueItem, Kind, ParticipantActivity, Provider


class IndicatorChoicesMixin:
    fields: dict[str, forms.Field]  # the form's, which the mixin is combined with

    def set_indicator_choices(self, indicators: list[tuple[str, str]]):
        self.fields["indicator_codes"] = forms.MultipleChoiceField(
            label=_("Indikatorer som aktiviteten stödjer"),
            required=False,
            choices=indicators,
            widget=forms.CheckboxSelectMultiple,
        )


class CatalogueItemForm(IndicatorChoicesMixin, ModelForm):
    class Meta:
        model = CatalogueItem
        fields = [
            "name",
            "description",
            "kind",
            "phase",
            "indicator_codes",
            "provider",
            "format",
            "schedule",
            "capacity",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
            "phase": forms.RadioSelect,
            "format": forms.RadioSelect,
        }

    def __init__(self, *args, indicators, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id = organisation_id
        self.set_indicator_choices(indicators)
        if self.instance.pk:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=self.instance.version
            )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = CatalogueItem.objects.filter(organisation_id=self.organisation_id, name=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Det finns redan en aktivitet med det namnet."))
        return name

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        if capacity is not None and capacity < 1:
            raise forms.ValidationError(_("Antal platser måste vara minst 1."))
        return capacity


class CatalogueFilterForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indikator"), required=False)
    kind = forms.ChoiceField(
        label=_("Typ av insats"), required=False, choices=[("", _("Alla")), *Kind.choices]
    )
    provider = forms.ChoiceField(
        label=_("Anordnare"), required=False, choices=[("", _("Alla")), *Provider.choices]
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", _("Alla")), *indicators]


class ActivityForm(IndicatorChoicesMixin, ModelForm):
    catalogue_item = forms.ModelChoiceField(
        label=_("Aktivitet ur utbudet"),
        required=False,
        queryset=CatalogueItem.objects.none(),
        empty_label=_("Egen aktivitet (skriv namn och typ nedan)"),
    )

    class Meta:
        model = ParticipantActivity
        fields = [
            "catalogue_item",
            "name",
            "kind",
            "indicator_codes",
            "start_date",
            "end_date",
            "hours_per_week",
            "status",
        ]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "kind": forms.RadioSelect,
            "status": forms.RadioSelect,
        }
        help_texts = {
            "end_date": _("Lämna tomt om insatsen pågår tills vidare."),
            "name": _("Behövs bara för en egen aktivitet."),
        }

    def __init__(self, *args, indicators, catalogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_indicator_choices(indicators)
        self.fields["catalogue_item"].queryset = catalogue
        self.fields["name"].required = False
        self.fields["kind"].required = False
        # Radio buttons: no "---------" option (an own activity's kind is checked in
        # clean; an activity from the catalogue takes the catalogue's).
        for name in ("kind", "status"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]
        self.fields["hours_per_week"].widget.attrs.update({"inputmode": "decimal", "step": "0.5"})
        if self.instance.pk:
            for name in ("catalogue_item", "name", "kind", "indicator_codes"):
                self.fields[name].disabled = True
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=self.instance.version
            )

    def clean_hours_per_week(self):
        hours = self.cleaned_data.get("hours_per_week")
        if hours is not None and not 0 <= hours <= 40:
            raise forms.ValidationError(_("Ange mellan 0 och 40 timmar per vecka."))
        return hours

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatumet kan inte ligga före startdatumet."))
        if cleaned.get("status") in ("finished", "cancelled") and not end:
            self.add_error(
                "end_date", _("En avslutad eller avbruten insats behöver ett slutdatum.")
            )
        if self.instance.pk:
            return cleaned
        if not cleaned.get("catalogue_item"):
            if not cleaned.get("name"):
                self.add_error("name", _("Välj en aktivitet ur utbudet eller skriv ett namn."))
            if not cleaned.get("kind"):
                self.add_error("kind", _("Ange typ av insats för en egen aktivitet."))
        return cleaned
