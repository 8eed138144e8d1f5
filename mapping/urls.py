from django.urls import path

from . import views

app_name = "mapping"

PREFIX = "deltagare/<int:participant_id>/kartlaggning/"

urlpatterns = [
    path(PREFIX, views.mapping_detail, name="detail"),
    path(PREFIX + "samtal/nytt/", views.meeting_create, name="meeting_create"),
    path(PREFIX + "samtal/<int:meeting_id>/andra/", views.meeting_edit, name="meeting_edit"),
    path(PREFIX + "samtal/<int:meeting_id>/ta-bort/", views.meeting_remove, name="meeting_remove"),
    path(PREFIX + "omraden/", views.areas_edit, name="areas_edit"),
    path(PREFIX + "motivation/", views.motivation_edit, name="motivation_edit"),
    path(PREFIX + "sammanfattning/", views.summary_edit, name="summary_edit"),
    path(PREFIX + "godkannande/", views.approve, name="approve"),
    path(
        PREFIX + "<int:mapping_id>/sammanfattning/utskrift/",
        views.summary_print,
        name="summary_print",
    ),
    path(PREFIX + "<int:mapping_id>/sammanfattning/pdf/", views.summary_pdf, name="summary_pdf"),
]
