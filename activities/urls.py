from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("aktivitetsutbud/", views.catalogue, name="catalogue"),
    path("aktivitetsutbud/ny/", views.catalogue_item_edit, name="catalogue_create"),
    path("aktivitetsutbud/<int:item_id>/", views.catalogue_item_edit, name="catalogue_edit"),
    path("deltagare/<int:participant_id>/insats/ny/", views.activity_edit, name="activity_create"),
    path(
        "deltagare/<int:participant_id>/insats/<int:activity_id>/",
        views.activity_edit,
        name="activity_edit",
    ),
]
