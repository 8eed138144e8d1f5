"""`Authorization: Bearer <key>`: the integration's service account acts for the call."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from audit.middleware import integration_set

from .selectors import integration_for_key
from .services import integration_touch


class IntegrationKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Ange nyckeln efter ordet Bearer."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Ogiltig nyckel.")) from None
        integration = integration_for_key(key)
        if integration is None:
            raise exceptions.AuthenticationFailed(
                _("Nyckeln är ogiltig, återkallad eller har gått ut.")
            )
        integration_touch(integration)
        # Every access-log row the call causes names the integration.
        integration_set(integration.label)
        return integration.user, integration

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'
