from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("deltagare/<int:participant_id>/plan/", views.plan, name="plan"),
    path("deltagare/<int:participant_id>/plan/skriv/", views.plan_edit, name="edit"),
    path(
        "deltagare/<int:participant_id>/plan/<int:plan_id>/",
        views.plan_version,
        name="version",
    ),
]
