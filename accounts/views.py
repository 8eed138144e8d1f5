from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.shortcuts import render

from core.permissions import administrator_required, county_analyst_required
from participants.models import Participant, Period

from .forms import LoginForm
from .models import Membership, Organisation, Unit, User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


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


@county_analyst_required
def county_overview(request):
    """Aggregated counts per organisation only; small counts are suppressed."""
    threshold = settings.STEGVIS["SUPPRESSION_THRESHOLD"]
    active = Exists(Period.objects.filter(participant=OuterRef("pk"), closed_on__isnull=True))
    counts = dict(
        Participant.objects.filter(active)
        .values_list("organisation")
        .annotate(n=Count("pk"))
        .values_list("organisation", "n")
    )
    rows = [
        {"organisation": org, "active": counts.get(org.pk, 0)}
        for org in Organisation.objects.order_by("name")
    ]
    for row in rows:
        row["suppressed"] = 0 < row["active"] < threshold
    return render(request, "accounts/county_overview.html", {"rows": rows, "threshold": threshold})
