import datetime

from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import make_user
from api.services import integration_issue


def make_integration(role: str, unit=None, *, organisation=None, name="Verksamhetssystem", days=30):
    """An integration and its key, issued by an administrator of the organisation."""
    organisation = organisation or unit.organisation
    administrator = make_user(Role.ADMINISTRATOR, organisation=organisation)
    return integration_issue(
        actor=administrator,
        name=name,
        role=role,
        unit=unit,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}
