from django.urls import path

from . import views

app_name = "matching"

PLAN = "deltagare/<int:participant_id>/individuell-plan/"

urlpatterns = [
    path("deltagare/<int:participant_id>/matchning/", views.decision, name="decision"),
    path(PLAN, views.plan, name="plan"),
    path(PLAN + "skriv/", views.plan_edit, name="plan_edit"),
    path(PLAN + "underskrifter/", views.plan_sign, name="plan_sign"),
    path(PLAN + "uppfoljning/", views.plan_follow_up, name="plan_follow_up"),
    path(PLAN + "<int:individual_plan_id>/", views.plan_version, name="plan_version"),
    path(PLAN + "<int:individual_plan_id>/utskrift/", views.plan_print, name="plan_print"),
    path(PLAN + "<int:individual_plan_id>/pdf/", views.plan_pdf, name="plan_pdf"),
]
