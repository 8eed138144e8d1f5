from django.db.models import Prefetch
from django.shortcuts import render

from core.permissions import administrator_required

from .models import Membership, Unit, User


@administrator_required
def organisation_overview(request):
    """The administrator's view of the organisation: units and who works where."""
    organisation = request.user.organisation
    units = Unit.objects.filter(organisation=organisation).order_by("name")
    users = (
        User.objects.filter(organisation=organisation)
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("unit"))
        )
        .order_by("last_name", "first_name")
    )
    return render(
        request,
        "accounts/organisation_overview.html",
        {"organisation": organisation, "units": units, "users": users},
    )
