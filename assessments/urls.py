from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path(
        "deltagare/<int:participant_id>/skattning/ny/",
        views.assessment_create,
        name="create",
    ),
    path(
        "deltagare/<int:participant_id>/skattning/<int:assessment_id>/",
        views.assessment_detail,
        name="detail",
    ),
    path(
        "deltagare/<int:participant_id>/skattning/<int:assessment_id>/ratta/",
        views.assessment_edit,
        name="edit",
    ),
    path(
        "deltagare/<int:participant_id>/skattning/<int:assessment_id>/genomgang/",
        views.assessment_review,
        name="review",
    ),
    path(
        "deltagare/<int:participant_id>/skattning/<int:assessment_id>/ta-bort/",
        views.assessment_delete,
        name="delete",
    ),
]
