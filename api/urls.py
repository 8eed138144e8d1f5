from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

# The administrator's page is under the organisation's pages (config/urls.py includes
# these at the root); the API and its documentation under /api/.
page_urlpatterns = [
    path("organisation/api-nycklar/", views.keys, name="keys"),
    path(
        "organisation/api-nycklar/<int:integration_id>/aterkalla/",
        views.key_revoke,
        name="key_revoke",
    ),
]

P = "v1/participants/<int:participant_id>"

api_urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("v1/participants/", views.ParticipantListView.as_view(), name="participants"),
    path(f"{P}/", views.ParticipantDetailView.as_view(), name="participant"),
    path(f"{P}/periods/", views.PeriodListView.as_view(), name="periods"),
    path(f"{P}/assessments/", views.AssessmentListView.as_view(), name="assessments"),
    path(
        f"{P}/assessments/<int:assessment_id>/",
        views.AssessmentDetailView.as_view(),
        name="assessment",
    ),
    path(f"{P}/activities/", views.ActivityListView.as_view(), name="activities"),
    path(f"{P}/activities/<int:activity_id>/", views.ActivityDetailView.as_view(), name="activity"),
    path(f"{P}/plans/", views.PlanListView.as_view(), name="plans"),
    path(f"{P}/plans/<int:plan_id>/", views.PlanDetailView.as_view(), name="plan"),
    path("v1/figures/", views.FiguresView.as_view(), name="figures"),
]

urlpatterns = [*page_urlpatterns, path("api/", include(api_urlpatterns))]
