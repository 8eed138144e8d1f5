from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import Form


class SendLinkForm(Form):
    """Send the link just made to the participant, by e-mail or SMS."""

    url = forms.CharField(widget=forms.HiddenInput, max_length=500)
    channel = forms.ChoiceField(
        label=_("Skicka med"),
        choices=[("sms", _("Sms")), ("email", _("E-post"))],
        widget=forms.RadioSelect,
        initial="sms",
    )
    address = forms.CharField(
        label=_("Mobilnummer eller e-postadress"),
        max_length=254,
        help_text=_("Används bara för det här utskicket och sparas inte."),
        error_messages={"required": _("Skriv deltagarens mobilnummer eller e-postadress.")},
    )
