from django.urls import path

from . import views

app_name = "instruments"

urlpatterns = [
    path("kort/", views.version_list, name="list"),
    path("kort/<int:version_id>/", views.version_detail, name="detail"),
    path("kort/<int:version_id>/ny-version/", views.version_new, name="new"),
    path("kort/<int:version_id>/andra/", views.version_edit, name="edit"),
    path("kort/<int:version_id>/publicera/", views.version_publish, name="publish"),
    path("kort/<int:version_id>/valj/", views.version_choose, name="choose"),
]
