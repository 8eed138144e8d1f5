from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, Form, ModelForm

from .models import Employment
from .rules import employment_problems


class EmploymentForm(ModelForm):
    class Meta:
        model = Employment
        fields = [
            "employer",
            "occupation",
            "started_on",
            "ended_on",
            "extent",
            "is_resource_employment",
            "support",
        ]
        labels = {
            "employer": _("Arbetsgivare"),
            "occupation": _("Yrke eller befattning"),
            "started_on": _("Startdatum"),
            "ended_on": _("Slutdatum"),
            "extent": _("Omfattning i procent av heltid"),
            "is_resource_employment": _("Resursanställning"),
            "support": _("Stöd från Arbetsförmedlingen"),
        }
        help_texts = {
            "ended_on": _(
                "Lämna tomt för en tillsvidareanställning. En resursanställning varar högst ett år."
            ),
            "extent": _("Från 1 till 100. Heltid är 100."),
            "is_resource_employment": _(
                "Tidsbegränsad anställning i kommunen, högst ett år, med ett "
                "anställningsstöd från Arbetsförmedlingen."
            ),
        }
        widgets = {
            "employer": forms.TextInput(attrs={"autocomplete": "organization"}),
            "occupation": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "started_on": DateInput,
            "ended_on": DateInput,
            "extent": forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
            "support": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["extent"] = forms.IntegerField(
            label=self.fields["extent"].label,
            help_text=self.fields["extent"].help_text,
            widget=self.fields["extent"].widget,
            error_messages={"invalid": _("Ange omfattningen som ett heltal, till exempel 100.")},
        )
        self.fields["support"].choices = [c for c in self.fields["support"].choices if c[0] != ""]
        # The checkbox template has no help line of its own; form.html prints it.
        self.fields["is_resource_employment"].widget.attrs["aria-describedby"] = (
            f"{self.auto_id % self.add_prefix('is_resource_employment')}_helptext"
        )
        if self.instance.pk:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=self.instance.version
            )
        elif not self.is_bound:
            self.initial.setdefault("extent", 100)

    def clean(self):
        cleaned = super().clean()
        problems = employment_problems(
            started_on=cleaned.get("started_on"),
            ended_on=cleaned.get("ended_on"),
            extent=cleaned.get("extent"),
            is_resource_employment=cleaned.get("is_resource_employment", False),
            support=cleaned.get("support", ""),
        )
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def data_for_service(self) -> dict:
        return {field: self.cleaned_data.get(field) for field in self.Meta.fields}


class CloseForWorkForm(Form):
    closed_on = forms.DateField(
        label=_("Avslutsdatum"),
        widget=DateInput,
        help_text=_("Normalt anställningens första dag. Inte före den, inte i framtiden."),
    )

    def __init__(self, *args, employment, **kwargs):
        super().__init__(*args, **kwargs)
        self.employment = employment
        if not self.is_bound:
            self.initial["closed_on"] = min(employment.started_on, timezone.localdate())

    def clean_closed_on(self):
        value = self.cleaned_data["closed_on"]
        if value < self.employment.started_on:
            raise ValidationError(_("Avslutsdatumet kan inte ligga före anställningens början."))
        if value > timezone.localdate():
            raise ValidationError(_("Avslutsdatumet kan inte ligga i framtiden."))
        return value
