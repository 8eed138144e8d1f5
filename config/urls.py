from django.urls import include, path
from django.views.i18n import set_language

from core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("sprak/", set_language, name="set_language"),
    path("", include("accounts.urls")),
    path("", include("signin.urls")),
    path("", include("participants.urls")),
    path("", include("assessments.urls")),
    path("", include("instruments.urls")),
    path("", include("activities.urls")),
    path("", include("plans.urls")),
    path("", include("printouts.urls")),
    path("", include("selfrating.urls")),
    path("", include("figures.urls")),
    path("", include("journey.urls")),
    path("", include("referrals.urls")),
    path("", include("intake.urls")),
    path("", include("mapping.urls")),
    path("", include("matching.urls")),
    path("", include("worktraining.urls")),
    path("", include("employment.urls")),
    path("", include("groupactivities.urls")),
    path("", include("logreview.urls")),
    path("", include("dataprotection.urls")),
    path("", include("retention.urls")),
    path("", include("downloads.urls")),
    path("", include("imports.urls")),
    path("", include("api.urls")),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
