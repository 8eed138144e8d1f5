from django.urls import path

from . import views

app_name = "dataprotection"

urlpatterns = [
    path("deltagare/<int:participant_id>/registerutdrag/", views.extract, name="extract"),
    path("deltagare/<int:participant_id>/sparr/", views.restriction, name="restriction"),
]
