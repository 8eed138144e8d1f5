from django.contrib.auth import views as auth_views
from django.db.models import Prefetch
from django.shortcuts import render

from core.permissions import administrator_required

from .forms import LoginForm
from .models import Membership, Unit, User


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
