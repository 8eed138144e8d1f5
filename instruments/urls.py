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
    path("kort/<int:version_id>/sprak/", views.language_list, name="languages"),
    path("kort/<int:version_id>/sprak/<str:code>/", views.language_edit, name="language"),
    path(
        "kort/<int:version_id>/sprak/<str:code>/sla-pa/",
        views.language_enable,
        name="language_enable",
    ),
]
