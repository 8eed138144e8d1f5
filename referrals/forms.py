from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import coach_list, unit_list_for_cases
from core.forms import DateInput, Form, ModelForm
from participants.pin import birth_year_from_pin, format_pin, normalise_pin

from .models import Referral
from .services import REFERRAL_FIELDS


class ReferralForm(ModelForm):
    personal_identity_number = forms.CharField(
        label=_("Personnummer eller samordningsnummer"),
        required=False,
        max_length=15,
        help_text=_("Frivilligt. ÅÅÅÅMMDD-NNNN."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Referral
        fields = list(REFERRAL_FIELDS)
        labels = {
            "unit": _("Enhet"),
            "source": _("Aktualiseras från"),
            "received_on": _("Inkom"),
            "first_name": _("Förnamn"),
            "last_name": _("Efternamn"),
            "birth_year": _("Födelseår"),
            "gender": _("Kön"),
            "phone": _("Telefon"),
            "preferred_language": _("Föredraget språk"),
            "needs_interpreter": _("Behöver tolk"),
            "referrer_name": _("Aktualiserad av (namn)"),
            "referrer_office": _("Kontor eller enhet"),
            "referrer_contact": _("Telefon eller e-post till den som aktualiserar"),
            "reason": _("Anledning till aktualiseringen"),
            "wished_start_on": _("Önskat startdatum"),
            "decision_on": _("Beslutsdatum"),
            "decision_reference": _("Diarienummer"),
        }
        help_texts = {
            "birth_year": _("Fylls i från personnumret om det anges."),
            "reason": _("Bakgrund, behov och vad den som aktualiserar vill uppnå."),
            "decision_on": _(
                "Beslut om kompetenshöjande insats enligt 4 kap. 4 § socialtjänstlagen."
            ),
        }
        widgets = {
            "source": forms.RadioSelect,
            "gender": forms.RadioSelect,
            "received_on": DateInput,
            "wished_start_on": DateInput,
            "decision_on": DateInput,
            "reason": forms.Textarea(attrs={"rows": 4}),
            "first_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        }

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_list_for_cases(actor=actor)
        self.fields["unit"].empty_label = None
        self.fields["birth_year"].widget.attrs.update({"inputmode": "numeric"})
        if not self.is_bound:
            if self.instance.pk is None:
                self.initial.setdefault("received_on", timezone.localdate())
            elif self.instance.personal_identity_number:
                self.initial["personal_identity_number"] = format_pin(
                    self.instance.personal_identity_number
                )

    def clean_personal_identity_number(self):
        raw = self.cleaned_data.get("personal_identity_number", "")
        return normalise_pin(raw) if raw.strip() else ""

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

    def _post_clean(self):
        # The service validates and saves; the model instance is not touched here.
        pass

    def data_for_service(self) -> dict:
        return {field: self.cleaned_data.get(field) for field in REFERRAL_FIELDS}


class ReferralEditForm(ReferralForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class CoachChoiceField(forms.ModelChoiceField):
    """Offers the unit's coaches but accepts any user of the organisation, so that a
    choice outside the unit gets the domain's own message rather than a generic one."""

    def __init__(self, *, offered, accepted, **kwargs):
        super().__init__(queryset=offered, **kwargs)
        self.accepted = accepted

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.accepted.get(pk=value)
        except (ValueError, TypeError, User.DoesNotExist):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None

    def validate(self, value):
        forms.Field.validate(self, value)


class AssignForm(Form):
    coach = CoachChoiceField(
        label=_("Handledare"),
        offered=User.objects.none(),
        accepted=User.objects.none(),
        error_messages={"invalid_choice": _("Välj en handledare på enheten.")},
    )
    assigned_on = forms.DateField(label=_("Fördelas och skrivs in"), widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, actor, referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coach_list(actor=actor, unit_ids=[referral.unit_id])
        self.fields["coach"].accepted = User.objects.filter(
            organisation_id=referral.organisation_id, is_active=True
        )
        self.fields["coach"].help_text = _(
            "Den handledare vars kompetens och personliga egenskaper bäst passar personens "
            "bakgrund och behov."
        )
        self.fields["assigned_on"].help_text = _(
            "Deltagaren skrivs in med detta datum och handledaren blir ansvarig."
        )
        if not self.is_bound:
            self.initial["assigned_on"] = timezone.localdate()
            self.initial["version"] = referral.version
