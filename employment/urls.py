from django.urls import path

from . import views

app_name = "employment"

urlpatterns = [
    path("deltagare/<int:participant_id>/anstallning/", views.employment_list, name="list"),
    path("deltagare/<int:participant_id>/anstallning/ny/", views.employment_edit, name="create"),
    path(
        "deltagare/<int:participant_id>/anstallning/<int:employment_id>/",
        views.employment_edit,
        name="edit",
    ),
    path(
        "deltagare/<int:participant_id>/anstallning/<int:employment_id>/avsluta-inskrivning/",
        views.close_for_work,
        name="close",
    ),
]
