from django.urls import path

from . import views

app_name = "downloads"

urlpatterns = [
    path("exporter/", views.export_list, name="list"),
    path("exporter/<uuid:export_id>/", views.export_download, name="download"),
]
