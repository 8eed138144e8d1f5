from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("mina-deltagare/", views.caseload, name="caseload"),
    path("deltagare/", views.participant_list, name="list"),
    path("deltagare/ny/", views.participant_create, name="create"),
    path("deltagare/<int:participant_id>/", views.participant_detail, name="detail"),
    path("deltagare/<int:participant_id>/andra/", views.participant_edit, name="edit"),
    path("deltagare/<int:participant_id>/avsluta/", views.participant_close, name="close"),
    path(
        "deltagare/<int:participant_id>/aterinskriv/",
        views.participant_reenrol,
        name="reenrol",
    ),
    path(
        "deltagare/<int:participant_id>/byt-handledare/",
        views.coach_change,
        name="coach_change",
    ),
    path("deltagare/<int:participant_id>/logg/", views.access_log, name="access_log"),
]
