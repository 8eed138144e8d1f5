"""django-allauth adapters: who may sign in, how, and what they are told (in Swedish)."""

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from . import services
from .selectors import SECOND_FACTORS, session_signed_in_within


class AccountAdapter(DefaultAccountAdapter):
    """Username and password; accounts are created by an administrator, never by sign-up."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Neutral: never tells whether the account exists or is deactivated.
        "username_password_mismatch": _("Fel användarnamn eller lösenord."),
        "account_inactive": _("Fel användarnamn eller lösenord."),
        "invalid_login": _("Fel användarnamn eller lösenord."),
        "incorrect_password": _("Fel lösenord."),
        "enter_current_password": _("Skriv ditt lösenord."),
        "too_many_login_attempts": _("För många misslyckade försök. Försök igen senare."),
        "rate_limited": _("För många försök på kort tid. Vänta en stund och försök igen."),
    }

    def is_open_for_signup(self, request):
        return False

    def authenticate(self, request, **credentials):
        """A deactivated user with the right password is a failed sign-in like any other:
        allauth would show "account inactive" and so confirm the password."""
        user = super().authenticate(request, **credentials)
        return user if user is not None and user.is_active else None

    def is_reauthentication_required(self, *, app, **kwargs):
        """Right after signing in (within ACCOUNT_REAUTHENTICATION_TIMEOUT) the user is
        not asked for the password again, so enrolment at first sign-in is one step."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return True
        timeout = account_settings.REAUTHENTICATION_TIMEOUT
        return not session_signed_in_within(request, user, timeout)

    def get_reauthentication_methods(self, user):
        descriptions = {
            "reauthenticate": _("Skriv ditt lösenord"),
            "mfa_reauthenticate": _("Använd en kod från appen eller en reservkod"),
            "mfa_reauthenticate:webauthn": _("Använd en säkerhetsnyckel"),
        }
        methods = super().get_reauthentication_methods(user)
        for method in methods:
            method["description"] = descriptions.get(method["id"], method["description"])
        return methods


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on only for people an administrator has created (User.sso_identifier)."""

    def is_open_for_signup(self, request, sociallogin):
        return False

    def is_auto_signup_allowed(self, request, sociallogin):
        return False

    def pre_social_login(self, request, sociallogin):
        user = services.sso_user_match(
            claims=sso_claims(sociallogin.account.extra_data),
            claim=settings.SSO_MATCH_CLAIM,
        )
        if user is None:
            raise ImmediateHttpResponse(render(request, "signin/sso_refused.html", status=403))
        services.sso_account_link(sociallogin=sociallogin, user=user)


def sso_claims(extra_data: dict) -> dict:
    """The identity provider's claims: the verified ID token's win over the userinfo's."""
    claims = {}
    if isinstance(extra_data.get("userinfo"), dict):
        claims.update(extra_data["userinfo"])
    if isinstance(extra_data.get("id_token"), dict):
        claims.update(extra_data["id_token"])
    if not claims:  # older allauth stored the claims flat
        claims.update(extra_data)
    return claims


class MfaAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Tvåfaktorinloggning krävs. Lägg till ett annat sätt innan du tar bort det här."
        ),
        "cannot_generate_recovery_codes": _(
            "Aktivera tvåfaktorinloggning innan du skapar reservkoder."
        ),
        "incorrect_code": _("Fel kod. Kontrollera koden och försök igen."),
    }

    def get_totp_label(self, user):
        return user.get_username()

    def can_delete_authenticator(self, authenticator):
        """With MFA_REQUIRED, the last second factor of a password user stays."""
        if not settings.MFA_REQUIRED or authenticator.type not in SECOND_FACTORS:
            return True
        others = (
            type(authenticator)
            .objects.filter(user_id=authenticator.user_id, type__in=SECOND_FACTORS)
            .exclude(pk=authenticator.pk)
        )
        return others.exists()
