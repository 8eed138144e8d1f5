import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.selectors import coach_list, unit_list_for_cases
from core.forms import DateInput, Form, ModelForm

from .models import Outcome, Participant, ReferralSource, TargetGroup
from .pin import birth_year_from_pin, format_pin, normalise_pin
from .selectors import participant_pin_check


def _not_in_future(value: datetime.date | None, message) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(message)


class ParticipantForm(ModelForm):
    personal_identity_number = forms.CharField(
        label=_("Personnummer eller samordningsnummer"),
        required=False,
        max_length=15,
        help_text=_("Frivilligt. ÅÅÅÅMMDD-NNNN."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Participant
        fields = [
            "first_name",
            "last_name",
            "personal_identity_number",
            "birth_year",
            "gender",
            "preferred_language",
            "needs_interpreter",
            "target_groups",
            "unit",
        ]
        widgets = {
            "gender": forms.RadioSelect,
            "target_groups": forms.CheckboxSelectMultiple,
            "first_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {"birth_year": _("Fylls i från personnumret om det anges.")}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.organisation_id = actor.organisation_id
        self.fields["unit"].queryset = unit_list_for_cases(actor=actor)
        self.fields["unit"].empty_label = None
        self.fields["target_groups"].queryset = TargetGroup.objects.filter(
            organisation_id=self.organisation_id
        )
        self.fields["birth_year"].widget.attrs.update({"inputmode": "numeric"})
        if self.instance.pk and self.instance.personal_identity_number and not self.is_bound:
            self.initial["personal_identity_number"] = format_pin(
                self.instance.personal_identity_number
            )

    def clean_personal_identity_number(self):
        raw = self.cleaned_data.get("personal_identity_number", "")
        if not raw.strip():
            return ""
        pin = normalise_pin(raw)
        match = participant_pin_check(actor=self.actor, pin=pin, exclude_id=self.instance.pk)
        if match:
            if match.participant_id:
                raise ValidationError(
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("Personnumret finns redan registrerat."),
                        reverse("participants:detail", args=[match.participant_id]),
                        _("Öppna den befintliga deltagaren"),
                    )
                )
            # No name, unit or link: only that a case exists and whom to ask.
            raise ValidationError(
                _(
                    "Personnumret finns redan registrerat på en annan enhet i organisationen. "
                    "Kontakta din chef."
                )
            )
        return pin

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and not (1900 <= year <= timezone.localdate().year):
            raise ValidationError(_("Ange ett födelseår mellan 1900 och i år."))
        return year

    def clean(self):
        cleaned = super().clean()
        pin = cleaned.get("personal_identity_number")
        if pin:
            from_pin = birth_year_from_pin(pin)
            if cleaned.get("birth_year") in (None, from_pin):
                cleaned["birth_year"] = from_pin
            else:
                self.add_error("birth_year", _("Födelseåret stämmer inte med personnumret."))
        return cleaned

    def profile(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name != "target_groups" and name in self.cleaned_data
        }


class ParticipantCreateForm(ParticipantForm):
    coach: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Ansvarig handledare"), queryset=None
    )
    started_on = forms.DateField(label=_("Inskrivningsdatum"), widget=DateInput)
    referral_source = forms.ChoiceField(
        label=_("Aktualiserad från"), choices=ReferralSource.choices
    )
    referral_date = forms.DateField(
        label=_("Aktualiseringsdatum"), required=False, widget=DateInput
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["coach"].queryset = coach_list(actor=actor)
        if not self.is_bound:
            self.initial.setdefault("started_on", timezone.localdate())
            if coach_list(actor=actor).filter(pk=actor.pk).exists():
                self.initial.setdefault("coach", actor.pk)

    def clean_started_on(self):
        value = self.cleaned_data["started_on"]
        _not_in_future(value, _("Inskrivningsdatumet kan inte ligga i framtiden."))
        return value

    def clean(self):
        cleaned = super().clean()
        referral_date, started_on = cleaned.get("referral_date"), cleaned.get("started_on")
        if referral_date and started_on and referral_date > started_on:
            self.add_error(
                "referral_date", _("Aktualiseringen kan inte ligga efter inskrivningen.")
            )
        coach, unit = cleaned.get("coach"), cleaned.get("unit")
        if (
            coach
            and unit
            and not coach_list(actor=self.actor, unit_ids=[unit.pk]).filter(pk=coach.pk).exists()
        ):
            self.add_error("coach", _("Handledaren arbetar inte på den valda enheten."))
        return cleaned


class ParticipantEditForm(ParticipantForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class CloseForm(Form):
    closed_on = forms.DateField(label=_("Avslutsdatum"), widget=DateInput)
    outcome = forms.ChoiceField(
        label=_("Utfall"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_closed_on(self):
        value = self.cleaned_data["closed_on"]
        _not_in_future(value, _("Avslutsdatumet kan inte ligga i framtiden."))
        return value


class ReenrolForm(Form):
    started_on = forms.DateField(label=_("Inskrivningsdatum"), widget=DateInput)
    referral_source = forms.ChoiceField(
        label=_("Aktualiserad från"), choices=ReferralSource.choices
    )
    referral_date = forms.DateField(
        label=_("Aktualiseringsdatum"), required=False, widget=DateInput
    )
    coach: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Ansvarig handledare"), queryset=None
    )

    def __init__(self, *args, actor, participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coach_list(actor=actor, unit_ids=[participant.unit_id])

    def clean(self):
        cleaned = super().clean()
        referral_date, started_on = cleaned.get("referral_date"), cleaned.get("started_on")
        if started_on:
            try:
                _not_in_future(started_on, _("Inskrivningsdatumet kan inte ligga i framtiden."))
            except ValidationError as error:
                self.add_error("started_on", error)
        if referral_date and started_on and referral_date > started_on:
            self.add_error(
                "referral_date", _("Aktualiseringen kan inte ligga efter inskrivningen.")
            )
        return cleaned


class CoachChangeForm(Form):
    new_coach: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Ny handledare"), queryset=None
    )
    changed_on = forms.DateField(label=_("Datum för bytet"), widget=DateInput)
    reason = forms.CharField(
        label=_("Anledning till bytet"), widget=forms.Textarea(attrs={"rows": 2})
    )
    handover_note = forms.CharField(
        label=_("Överlämning"),
        help_text=_(
            "Det den nya handledaren behöver veta: planering, pågående insatser, "
            "hur deltagaren förberetts för bytet."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, actor, participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_coach"].queryset = coach_list(actor=actor, unit_ids=[participant.unit_id])
        if not self.is_bound:
            self.initial["changed_on"] = timezone.localdate()

    def clean_changed_on(self):
        value = self.cleaned_data["changed_on"]
        _not_in_future(value, _("Datumet kan inte ligga i framtiden."))
        return value


class ParticipantFilterForm(forms.Form):
    q = forms.CharField(label=_("Sök namn eller personnummer"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alla")), ("active", _("Aktiva")), ("closed", _("Avslutade"))],
    )
    coach: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Handledare"), required=False, queryset=None
    )
    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Enhet"), required=False, queryset=None
    )
    due = forms.ChoiceField(
        label=_("Skattning"),
        required=False,
        choices=[
            ("", _("Alla")),
            ("due_soon", _("Ska skattas inom två veckor")),
            ("overdue", _("Försenad skattning")),
        ],
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coach_list(actor=actor)
        self.fields["coach"].empty_label = _("Alla")
        self.fields["unit"].queryset = unit_list_for_cases(actor=actor)
        self.fields["unit"].empty_label = _("Alla")
