from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.forms import AccessibleFormMixin, Form

from .models import Role, Unit, User
from .selectors import FORBIDDEN, REQUIRED, role_unit_rule

WHOLE_ORGANISATION = "organisation"


class UserForm(Form):
    """A user's details and roles. Each role of ``Role`` is a group of check boxes: the
    whole organisation and/or units, as Membership's constraints allow for that role."""

    username = forms.CharField(
        label=_("Användarnamn"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Bokstäver, siffror och @ . + - _ (högst 150 tecken)."),
    )
    first_name = forms.CharField(label=_("Förnamn"), max_length=150)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150)
    email = forms.EmailField(
        label=_("E-postadress"),
        required=False,
        help_text=_("Dit skickas länken för att välja lösenord."),
    )
    sso_identifier = forms.CharField(
        label=_("Identitet i inloggningstjänsten"),
        max_length=255,
        required=False,
        help_text=_(
            "Det stabila id som kommunens inloggningstjänst skickar för personen. Krävs för "
            "inloggning med kommunens konto."
        ),
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, units: list[Unit], user: User | None = None, **kwargs):
        if user is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial(user)
        super().__init__(*args, **kwargs)
        self.units = {str(unit.pk): unit for unit in units}
        for role, label in Role.choices:
            rule = role_unit_rule(role)
            choices: list[tuple[str, str | Promise]] = []
            if rule != REQUIRED:
                choices.append((WHOLE_ORGANISATION, _("Hela organisationen")))
            if rule != FORBIDDEN:
                choices += [(pk, unit.name) for pk, unit in self.units.items()]
            self.fields[f"role_{role}"] = forms.MultipleChoiceField(
                label=label,
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def role_fields(self):
        return [self[f"role_{role}"] for role in Role.values]

    def memberships(self) -> list[tuple[str, Unit | None]]:
        result = []
        for role in Role.values:
            for value in self.cleaned_data.get(f"role_{role}", []):
                result.append((role, None if value == WHOLE_ORGANISATION else self.units[value]))
        return result

    def values(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("username", "first_name", "last_name", "email", "sso_identifier")
        }


def _initial(user: User) -> dict:
    from .selectors import user_version

    initial: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "sso_identifier": user.sso_identifier or "",
        "version": user_version(user),
    }
    for membership in user.memberships.all():
        value = str(membership.unit_id) if membership.unit_id else WHOLE_ORGANISATION
        initial.setdefault(f"role_{membership.role}", []).append(value)
    return initial


class _PlainRulesMixin:
    """The password rules as one sentence per rule: Django's help text is a <ul>, which
    cannot sit in the paragraph that the field's aria-describedby points at."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = " ".join(password_validators_help_texts())


class PasswordChangeForm(_PlainRulesMixin, AccessibleFormMixin, auth_forms.PasswordChangeForm):
    pass


class SetPasswordForm(_PlainRulesMixin, AccessibleFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordResetForm(AccessibleFormMixin, auth_forms.PasswordResetForm):
    """Django's form, with each link it sends written to the security log."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        from .services import password_reset_record

        password_reset_record(user=context["user"], detail="link requested")
        super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
