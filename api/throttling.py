"""A limit on calls per key (API_RATE_LIMIT), counted in the default cache."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import Integration


class IntegrationRateThrottle(SimpleRateThrottle):
    scope = "integration"

    def get_rate(self):
        # Read on each call (not once at import), so an installation's setting and the
        # tests' override apply.
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, Integration):
            return None  # refused by authentication before any work is done
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
