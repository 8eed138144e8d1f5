from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import Form

from .models import RetentionHold, RetentionRule


class RuleForm(Form):
    case_years = forms.IntegerField(
        label=RetentionRule._meta.get_field("case_years").verbose_name,
        help_text=RetentionRule._meta.get_field("case_years").help_text,
        min_value=1,
        max_value=100,
    )
    access_log_years = forms.IntegerField(
        label=RetentionRule._meta.get_field("access_log_years").verbose_name,
        help_text=RetentionRule._meta.get_field("access_log_years").help_text,
        min_value=1,
        max_value=100,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class HoldForm(Form):
    reason = forms.ChoiceField(
        label=_("Skäl"), choices=RetentionHold.Reason.choices, widget=forms.RadioSelect
    )
    reference = forms.CharField(
        label=RetentionHold._meta.get_field("reference").verbose_name,
        help_text=RetentionHold._meta.get_field("reference").help_text,
        max_length=100,
    )


class EraseForm(Form):
    REASONS = [
        ("gdpr_art_17", _("Den registrerade har begärt radering (GDPR art. 17)")),
        ("other_ground", _("Annan rättslig grund för att ta bort uppgifterna")),
    ]
    reason = forms.ChoiceField(label=_("Skäl"), choices=REASONS, widget=forms.RadioSelect)
    reference = forms.CharField(
        label=_("Diarienummer eller beslut"),
        help_text=_("Sparas i gallringsregistret. Skriv inga namn eller personnummer."),
        max_length=100,
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("Jag förstår att personuppgifterna tas bort för gott och inte kan återställas."),
    )
