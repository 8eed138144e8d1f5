import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import unit_list
from core.forms import DateInput, Form

from .models import INTEGRATION_ROLES


class IntegrationForm(Form):
    name = forms.CharField(
        label=_("Integrationens namn"),
        max_length=100,
        help_text=_("Vilket system som använder nyckeln, t.ex. ”Power BI, ekonomienheten”."),
    )
    role = forms.ChoiceField(
        label=_("Roll"),
        choices=INTEGRATION_ROLES,
        widget=forms.RadioSelect,
        help_text=_(
            "Nyckeln når samma uppgifter som en person med rollen: en handledare och en "
            "chef deltagarna på enheten, en chef och en länsanalytiker siffrorna."
        ),
    )
    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Enhet"),
        required=False,
        queryset=None,
        empty_label=_("Hela organisationen"),
        help_text=_("En handledare gäller en enhet; en chef en enhet eller hela organisationen."),
    )
    expires_on = forms.DateField(label=_("Giltig till och med"), widget=DateInput)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_list(organisation=organisation).filter(is_active=True)
        if not self.is_bound:
            self.initial["expires_on"] = timezone.localdate() + datetime.timedelta(
                days=settings.API_KEY_DEFAULT_DAYS
            )

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def expires_at(self) -> datetime.datetime:
        """The end of the chosen day, in the installation's time zone."""
        day = self.cleaned_data["expires_on"] + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
