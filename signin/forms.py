"""allauth's forms with the site's labels (Swedish through gettext) and accessible errors."""

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from allauth.mfa.webauthn import forms as webauthn_forms
from django.utils.translation import gettext_lazy as _

from core.forms import AccessibleFormMixin


def _password_field(field):
    field.label = _("Lösenord")
    field.help_text = ""  # allauth's "Forgot your password?" link: not from this page
    field.widget.attrs.pop("placeholder", None)


def _code_field(field, label):
    field.label = label
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code"})


class LoginForm(AccessibleFormMixin, account_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Användarnamn")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["login"].widget.attrs["autocapitalize"] = "none"
        _password_field(self.fields["password"])


class ReauthenticateForm(AccessibleFormMixin, account_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _password_field(self.fields["password"])


class MfaAuthenticateForm(AccessibleFormMixin, mfa_forms.AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"], _("Kod från appen eller en reservkod"))
        self.fields["code"].widget.attrs.pop("inputmode")  # recovery codes are typed too


class MfaReauthenticateForm(AccessibleFormMixin, mfa_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"], _("Kod från appen eller en reservkod"))
        self.fields["code"].widget.attrs.pop("inputmode")


class ActivateTotpForm(AccessibleFormMixin, totp_forms.ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"], _("Kod från appen"))


class AddWebAuthnForm(AccessibleFormMixin, webauthn_forms.AddWebAuthnForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Namn på nyckeln")
        self.fields["name"].help_text = _("Till exempel ”Nyckel på nyckelknippan”.")


class EditWebAuthnForm(AccessibleFormMixin, webauthn_forms.EditWebAuthnForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Namn på nyckeln")
