from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("deltagare/<int:participant_id>/inskrivning/", views.overview, name="overview"),
    path(
        "deltagare/<int:participant_id>/inskrivning/samtal/ny/",
        views.meeting_create,
        name="meeting_create",
    ),
    path(
        "deltagare/<int:participant_id>/inskrivning/samtal/<int:meeting_id>/andra/",
        views.meeting_edit,
        name="meeting_edit",
    ),
    path(
        "deltagare/<int:participant_id>/inskrivning/medgivande/ny/",
        views.consent_create,
        name="consent_create",
    ),
    path(
        "deltagare/<int:participant_id>/inskrivning/medgivande/<int:consent_id>/aterkalla/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("deltagare/<int:participant_id>/dela/", views.share, name="share"),
]
